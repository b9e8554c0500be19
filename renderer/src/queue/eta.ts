/**
 * What the queue shows of a running job besides its progress bar: the sampler step it is
 * at and the time left.
 *
 * Progress runs over the sampler's steps for the first STEPS_SHARE of the bar and over the
 * encoding for the rest (electron/services/generation.ts reports it so; a unit test keeps
 * the two equal). Time left is the remaining progress at the rate seen over the last
 * seconds of updates; before two updates it comes from the job's start time, and before
 * any progress it is unknown.
 */

/** The share of a job's progress that the sampler's steps cover (the rest is encoding). */
export const STEPS_SHARE = 0.95;

/** How far back the progress rate is measured. */
const WINDOW_MS = 15_000;

export type JobPhase = { kind: 'starting' } | { kind: 'sampling'; step: number; steps: number } | { kind: 'encoding' };

/** The step of `steps` a job at `progress` has reached, or the encoding after the last step. */
export function jobPhase(progress: number, steps: number): JobPhase {
  if (progress >= STEPS_SHARE - 1e-9) return { kind: 'encoding' };
  const step = Math.min(steps, Math.max(0, Math.round((progress / STEPS_SHARE) * steps)));
  return step === 0 ? { kind: 'starting' } : { kind: 'sampling', step, steps };
}

export function phaseLabel(phase: JobPhase): string {
  if (phase.kind === 'starting') return 'starting';
  if (phase.kind === 'encoding') return 'encoding';
  return `step ${phase.step}/${phase.steps}`;
}

interface Sample { atMs: number; progress: number }

/** The progress updates of running jobs, for the time left (plain: not reactive). */
export class ProgressClock {
  private readonly samples = new Map<string, Sample[]>();

  /** Records a job's progress at `atMs`; a job that is no longer running is forgotten. */
  record(jobId: string, progress: number, atMs: number, running = true): void {
    if (!running) {
      this.samples.delete(jobId);
      return;
    }
    const list = this.samples.get(jobId) ?? [];
    const last = list[list.length - 1];
    if (last && progress < last.progress) list.length = 0; // started again (requeued after a restart)
    list.push({ atMs, progress });
    while (list.length > 2 && atMs - list[0]!.atMs > WINDOW_MS) list.shift();
    this.samples.set(jobId, list);
  }

  /**
   * Milliseconds left for a running job, or null while unknown. `startedAtMs` (the job's
   * start time) serves until two updates with progress between them have been seen.
   */
  remainingMs(jobId: string, progress: number, nowMs: number, startedAtMs: number | null): number | null {
    if (progress >= 1) return 0;
    const list = this.samples.get(jobId) ?? [];
    const first = list[0];
    const last = list[list.length - 1];
    if (first && last && last.progress > first.progress && last.atMs > first.atMs) {
      const rate = (last.progress - first.progress) / (last.atMs - first.atMs);
      return Math.max(0, (1 - progress) / rate - (nowMs - last.atMs));
    }
    if (startedAtMs !== null && progress > 0 && nowMs > startedAtMs) {
      return ((nowMs - startedAtMs) / progress) * (1 - progress);
    }
    return null;
  }

  forget(jobId: string): void {
    this.samples.delete(jobId);
  }
}

/** "about 1 min 20 s left", "about 8 s left", "" when unknown. */
export function timeLeftLabel(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '';
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 60) return `about ${seconds} s left`;
  const minutes = Math.floor(seconds / 60);
  return `about ${minutes} min ${String(seconds % 60).padStart(2, '0')} s left`;
}
