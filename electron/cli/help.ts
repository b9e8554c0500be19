/** Usage text of the CLI and of each command (printed by --help and after usage errors). */

export const COMMANDS = ['render', 'eval'] as const;
export type CommandName = (typeof COMMANDS)[number];

const MODEL_NOTE = `The model: --model DIR, else the spec's model (null: the default model) from the
packages shipped with the app and the user's models folder: DIRECTA_MODELS, else the
desktop app's (~/.config/Directa/models on Linux). DIRECTA_PROVIDER picks an execution
provider (cpu, cuda, ...).`;

export const USAGE: Record<'main' | CommandName, string> = {
  main: `usage: directa <command> [options]

Headless Directa: generate clips from shot specs or whole projects, and measure how well
a model package follows camera and object controls.

commands:
  render SPEC_OR_PROJECT --out DIR   render a ShotSpec JSON file or a NAME.directa project
  eval PACKAGE CASES.json            generate test cases and report control accuracy

Run "directa <command> --help" for a command's options. DIRECTA_DEBUG=1 adds stack traces
to error messages.`,

  render: `usage: directa render SPEC_OR_PROJECT --out DIR [--model PACKAGE_DIR] [--steps N]

SPEC_OR_PROJECT
  a ShotSpec JSON file  writes DIR/clip.mp4, DIR/poster.jpg, DIR/thumb-*.jpg and
                        DIR/metrics.json (control metrics, timings, the spec)
  a NAME.directa folder renders every shot of every scene in timeline order through the
                        project's generation queue and writes DIR/NN-scene-shot.mp4 (+ .jpg
                        poster) per shot and DIR/metrics.json. Takes are added to the
                        project, and a shot whose exact spec has a take already reuses it.
                        With --model or --steps the shots are rendered from a temporary copy
                        of the project instead, so the project is left as it is.

options:
  --out DIR             output folder (created if missing)
  --model PACKAGE_DIR   use this model package for every shot
  --steps N             denoising steps (default: the spec's, else the model's)
  -h, --help            this text

${MODEL_NOTE}
Progress goes to stderr, a summary to stdout. Exit status 0 when every clip was made.`,

  eval: `usage: directa eval PACKAGE CASES.json [--json OUT] [--steps N]

Generates each case with the model package PACKAGE and measures the camera move the frames
show and where the objects land (TakeMetrics), then prints per-case lines and the means:
mean |cx error|, mean |cy error|, mean |log2 cz error|, pan-direction accuracy over cases
with |cx| or |cy| >= 0.3 (the sign of the larger requested pan is reproduced), and mean box
IoU over the objects that could be located.

CASES.json  an array of {"name"?: string, "spec": ShotSpec}

options:
  --json OUT   write the full report (every case's metrics and the summary) as JSON
  --steps N    denoising steps for every case (default: the spec's, else the model's)
  -h, --help   this text

Exit status 0 when every case ran; thresholds are the caller's business.`,
};
