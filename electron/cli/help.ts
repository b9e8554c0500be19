/** Usage text of the CLI and of each command (printed by --help and after usage errors). */

export const COMMANDS = ['render', 'eval', 'export'] as const;
export type CommandName = (typeof COMMANDS)[number];

const MODEL_NOTE = `The model: --model DIR, else the spec's model (null: the default model) from the
packages shipped with the app and the user's models folder: DIRECTA_MODELS, else the
desktop app's (~/.config/Directa/models on Linux). --provider (or DIRECTA_PROVIDER) picks
the execution provider: cpu, webgpu (a GPU through Vulkan, Metal or D3D12), cuda (where its
provider library is installed), dml (Windows), coreml (macOS); default: the first of
cuda, dml/coreml, cpu that opens the model. A named provider that cannot open it is an error.`;

export const USAGE: Record<'main' | CommandName, string> = {
  main: `usage: directa <command> [options]

Headless Directa: generate clips from shot specs or whole projects, and measure how well
a model package follows camera and object controls.

commands:
  render SPEC_OR_PROJECT --out DIR   render a ShotSpec JSON file or a NAME.directa project
  eval PACKAGE CASES.json            generate test cases and report control accuracy
  export PROJECT --format F --out P  a scene or the project as MP4, OTIO, EDL, FCPXML, PDF or CSV

Run "directa <command> --help" for a command's options. DIRECTA_DEBUG=1 adds stack traces
to error messages.`,

  render: `usage: directa render SPEC_OR_PROJECT --out DIR [--model PACKAGE_DIR] [--steps N] [--provider NAME]

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
  --provider NAME       execution provider (see below)
  -h, --help            this text

${MODEL_NOTE}
Progress goes to stderr, a summary to stdout. Exit status 0 when every clip was made.`,

  eval: `usage: directa eval PACKAGE CASES.json [--json OUT] [--steps N] [--provider NAME]
                   [--object-control on|off] [--camera-projection on|off]

Generates each case with the model package PACKAGE and measures the camera move the frames
show and where the objects land (TakeMetrics), then prints per-case lines and a summary in
which every figure stands beside what doing nothing scores on the same cases:
  camera (cases that ask for a move; unreadable, textureless clips left out and counted):
    mean |cx error|, |cy error|, |log2 cz error| against a still camera; pan direction
    right per axis asking |c| >= 0.3, against a coin toss
  still camera (cases that ask for none): the drift measured
  boxes: IoU with frames where the actor is missing counted 0, and over the frames it is
    found in, against each actor held at its first box; the share of frames actors are
    found in (per colour, and how many never)
  palette colours named in prompts: the share of those frames each is found in

CASES.json  an array of {"name"?: string, "spec": ShotSpec}

options:
  --json OUT   write the full report (every case's metrics and the summary, version 2)
               as JSON
  --steps N    denoising steps for every case (default: the spec's, else the model's)
  --provider NAME
               execution provider (cpu, webgpu, cuda, dml, coreml; default: the
               engine's choice, see "directa render --help")
  --object-control on|off
               off: generate every case without the object control (no cross-attention
               amplification or suppression in the boxes) and still score the boxes
               against the requested ones, to see what the modulation adds (default on;
               the report's objectControl says which)
  --camera-projection on|off
               off: generate without the engine's camera projection even where the
               package's defaults ask for it (cameraProjection), to see what the model
               does alone (default on; the report's cameraProjection says which)
  -h, --help   this text

Exit status 0 when every case ran; thresholds are the caller's business.`,

  export: `usage: directa export PROJECT (--scene NAME | --all) --format FORMAT --out PATH
                      [--overwrite] [--burn-in label,timecode,dialogue|all] [--conform SHORTER/LONGER]

Writes a scene (--scene NAME) or the whole project (--all) of the NAME.directa folder
PROJECT, shots in timeline order, each with its active take (the picked one, else the
newest) or, without one, its board.

FORMAT
  mp4     H.264 sequence at the project's size and rate, every shot exactly its duration,
          with the project's, scenes' and shots' sound mixed in (AAC)
  otio    OpenTimelineIO      otioz   OpenTimelineIO with the takes' media inside
  edl     CMX3600 EDL         fcpxml  Final Cut Pro XML 1.8
  pdf     storyboard, several shots a page
  csv     shot list
  png     an image sequence: one PNG a frame, frame_000000.png on, into the folder PATH

options:
  --scene NAME          the scene of that name (exact, else ignoring case)
  --all                 the whole project
  --out PATH            the file to write (its folder is created if missing); an existing
                        file is refused unless --overwrite
  --burn-in LIST        mp4: draw label (scene / shot), timecode and/or dialogue on frames
  --conform S/L         mp4: how a take shorter (S: stretch, hold, loop) or longer
                        (L: stretch, trim) than its shot is fitted; default the project's
                        setting (stretch/stretch unless changed in the app)
  -h, --help            this text

Progress goes to stderr (a bar on a terminal), the result to stdout. Ctrl+C cancels and
leaves nothing under PATH. Exit status 0 when the file was written.`,
};
