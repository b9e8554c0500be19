/**
 * The export dialog's state: the job it started (followed through export.changed, and
 * through export.list after a reconnection, when events may have been missed), why a start
 * was refused (the dialog offers Replace for an existing file), and the library folder the
 * default paths go under. Its calls go straight through the API so that a refusal is shown
 * in the dialog, not in the editor's banner.
 */
import type { CallInput } from '../../../electron/ipc/contract';
import { ApiError, call, ConnectionError, on, onReconnect } from '../lib/api';
import { ProgressClock } from '../queue/eta';
import { isLater, progressView, recordProgress, timeLeftMs, type ExportJob, type ProgressView } from './progress';
import { refusalOf, type Refusal } from './refusal';

export type ExportRequest = CallInput<'export.start'>;

/** Recent jobs whose latest event is kept. */
const SEEN = 20;
/** Seconds between reads of a running job through export.list. */
const REFRESH_TICKS = 5;

export class Exports {
  /** the last export started from this tab (running or ended) */
  job = $state<ExportJob | null>(null);
  /** why the last start was refused; null when it was not */
  refusal = $state<Refusal | null>(null);
  /** a start or cancel is being sent */
  sending = $state(false);
  /** the library folder (app.info), for default output paths */
  libraryDir = $state<string | null>(null);
  private readonly clock = new ProgressClock();
  /** ticks while a job runs, so the time left counts down between events */
  now = $state(Date.now());

  readonly view: ProgressView | null = $derived(this.job ? progressView(this.job, timeLeftMs(this.clock, this.job, this.now)) : null);
  readonly running: boolean = $derived(this.job?.status === 'running');

  private last: ExportRequest | null = null;
  private ticker: ReturnType<typeof setInterval> | null = null;
  private ticks = 0;
  /**
   * The latest event of each recent job: in the browser host the events socket and the
   * call's answer race, and a quick export's end can arrive before export.start answers.
   */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- read only when an answer arrives, never shown
  private readonly seen = new Map<string, ExportJob>();
  private readonly unsubscribe: (() => void)[];

  constructor() {
    this.unsubscribe = [
      on('export.changed', ({ job }) => {
        this.seen.delete(job.id);
        this.seen.set(job.id, job);
        if (this.seen.size > SEEN) this.seen.delete(this.seen.keys().next().value!);
        if (job.id === this.job?.id) this.update(job);
      }),
      onReconnect(() => void this.refresh()),
    ];
  }

  /** Stops following events (the project view closed); a running export goes on in the app. */
  dispose(): void {
    for (const off of this.unsubscribe) off();
    if (this.ticker !== null) clearInterval(this.ticker);
    this.ticker = null;
  }

  /** Follows an export of the project that is still running (started before the project was last opened here). */
  async adoptRunning(projectId: string): Promise<void> {
    if (this.job) return;
    try {
      const running = (await call('export.list', { projectId })).find((j) => j.status === 'running');
      if (running && !this.job) this.update(running);
    } catch {
      // nothing to follow
    }
  }

  async loadInfo(): Promise<void> {
    if (this.libraryDir !== null) return;
    try {
      this.libraryDir = (await call('app.info', {})).libraryDir;
    } catch {
      // without it the dialog asks for a path; nothing else depends on it
    }
  }

  /** Starts an export; a refusal is kept in `refusal` (EXISTS: `replace()` sends it again with overwrite). */
  async start(request: ExportRequest): Promise<boolean> {
    if (this.running) return false;
    this.last = request;
    this.refusal = null;
    this.job = null; // the last export's end is not this one's
    this.sending = true;
    try {
      const job = await call('export.start', request);
      const later = this.seen.get(job.id);
      this.update(later && isLater(later, job) ? later : job);
      return true;
    } catch (err) {
      this.refusal = err instanceof ApiError ? refusalOf(err.error)
        : { kind: 'other', message: err instanceof ConnectionError ? err.message : `Could not start the export: ${(err as Error).message}` };
      return false;
    } finally {
      this.sending = false;
    }
  }

  /** The refused request again, replacing the existing output. */
  async replace(): Promise<boolean> {
    if (!this.last) return false;
    return this.start({ ...this.last, options: { ...this.last.options, overwrite: true } });
  }

  async cancel(): Promise<void> {
    const job = this.job;
    if (!job || job.status !== 'running') return;
    this.sending = true;
    try {
      this.update(await call('export.cancel', { projectId: job.projectId, jobId: job.id }));
    } catch (err) {
      this.refusal = { kind: 'other', message: `Could not cancel: ${(err as Error).message}` };
    } finally {
      this.sending = false;
    }
  }

  /** Forgets an ended job and any refusal (a new export is being set up). */
  clear(): void {
    if (this.running) return;
    this.job = null;
    this.refusal = null;
  }

  dismissRefusal(): void {
    this.refusal = null;
  }

  /** The job as the main process has it now (events sent while the link was down are lost). */
  async refresh(): Promise<void> {
    const job = this.job;
    if (!job) return;
    try {
      const found = (await call('export.list', { projectId: job.projectId })).find((j) => j.id === job.id);
      // a job the app no longer knows (it restarted) did not finish: nothing was written under its name
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a timestamp string, not state
      this.update(found ?? { ...job, status: 'cancelled', stage: 'cancelled', finishedAt: new Date().toISOString() });
    } catch {
      // still unreachable: the next reconnection tries again
    }
  }

  /** Each second while a job runs: the time left counts down; every few seconds the job is read again in case an event was missed. */
  private tick(): void {
    this.now = Date.now();
    if (++this.ticks % REFRESH_TICKS === 0) void this.refresh();
  }

  private update(job: ExportJob): void {
    if (this.job?.id === job.id && this.job.status !== 'running') return; // an ended job does not run again (a late answer)
    const now = Date.now();
    recordProgress(this.clock, job, now);
    this.job = job;
    this.now = now;
    if (job.status === 'running' && this.ticker === null) this.ticker = setInterval(() => this.tick(), 1000);
    if (job.status !== 'running' && this.ticker !== null) {
      clearInterval(this.ticker);
      this.ticker = null;
    }
  }
}
