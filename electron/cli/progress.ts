/**
 * Progress on stderr: a bar redrawn in place on a terminal, one line per update otherwise
 * (logs, CI, a pipe), so stdout keeps only the summary. Repeated identical updates are
 * dropped.
 */
const WIDTH = 24;

/** `fraction` in [0, 1] draws the bar; `detail` ("step 3/10", "40%") is what a log line shows. */
export type ProgressReporter = (label: string, fraction: number, detail: string) => void;

export function progressReporter(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  let last = '';
  return (label, fraction, detail) => {
    const line = `${label}: ${detail}`;
    if (line === last) return;
    last = line;
    if (!stream.isTTY) {
      stream.write(`${line}\n`);
      return;
    }
    const filled = Math.round(WIDTH * Math.min(1, Math.max(0, fraction)));
    stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${detail}${fraction >= 1 ? '\n' : ''}`);
  };
}

/** Reports denoising steps: `step 3/10`. */
export function stepReporter(report: ProgressReporter, label: string): (step: number, steps: number) => void {
  return (step, steps) => report(label, step / steps, `step ${step}/${steps}`);
}

/** Seconds with two decimals, for summaries. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
