/**
 * What the dialog shows of an export job: its bar, its stage, the time left (the queue's
 * rate-over-recent-updates clock, started from the job's creation time), and what to say
 * when it ends. Pure, apart from the clock's samples it is given.
 */
import type { CallOutput } from '../../../electron/ipc/contract';
import { timeLeftLabel, type ProgressClock } from '../queue/eta';

export type ExportJob = CallOutput<'export.start'>;

export interface ProgressView {
  /** 0–100, whole */
  percent: number;
  /** "shot 3/12 · about 40 s left", "Exported", "Cancelled", the failure */
  line: string;
  running: boolean;
  /** true when the output is complete at job.outPath */
  done: boolean;
}

/** Whether `a` is a later state of the same job than `b` (an event and a call's answer race). */
export function isLater(a: ExportJob, b: ExportJob): boolean {
  return (a.status !== 'running' && b.status === 'running') || a.progress > b.progress;
}

/** Records a job's progress on `clock` (each export.changed) so that `timeLeftMs` can tell the rate. */
export function recordProgress(clock: ProgressClock, job: ExportJob, atMs: number): void {
  clock.record(job.id, job.progress, atMs, job.status === 'running');
}

/** Milliseconds left for a running job, or null while unknown (no progress yet). */
export function timeLeftMs(clock: ProgressClock, job: ExportJob, nowMs: number): number | null {
  if (job.status !== 'running') return job.status === 'done' ? 0 : null;
  const started = Date.parse(job.createdAt);
  return clock.remainingMs(job.id, job.progress, nowMs, Number.isFinite(started) ? started : null);
}

export function progressView(job: ExportJob, leftMs: number | null): ProgressView {
  const percent = Math.max(0, Math.min(100, Math.floor(job.progress * 100)));
  if (job.status === 'done') return { percent: 100, line: 'Exported', running: false, done: true };
  if (job.status === 'cancelled') return { percent, line: 'Cancelled: nothing was written', running: false, done: false };
  if (job.status === 'failed') {
    return { percent, line: `Failed: ${job.error?.message ?? 'the export stopped'}`, running: false, done: false };
  }
  const left = timeLeftLabel(leftMs);
  return { percent, line: [job.stage, left].filter(Boolean).join(' · '), running: true, done: false };
}
