/**
 * Export jobs: `start` checks what can be checked at once (the scope, the output, the
 * takes' and sounds' files) and answers a running job, or throws the ExportError that
 * says why not; the work then runs in the background, its progress and end sent as
 * events, cancellable. Jobs live in memory: an export does not outlive the app (a restart
 * finds no half-written output, only a `.part` file the media sweep removes).
 *
 * While a project exports it is held (Library.hold): it cannot be deleted, or renamed to
 * another folder, under the export's feet.
 */
import { randomUUID } from 'node:crypto';
import type { Library } from '../store/library';
import type { ConformPolicy } from '../store/types';
import type { BurnInOptions } from './burn-in';
import { ExportError, type ExportErrorCode } from './errors';
import { AVAILABLE_FORMATS, FORMAT_EXTENSIONS, preparePngFolder, writeExport, type ExportFormat } from './formats';
import { checkInputs, prepareOutput } from './output';
import { planFromStore, PlanError, type ExportScope } from './plan';
import { planSound } from './sound-plan';

export type ExportStatus = 'running' | 'done' | 'failed' | 'cancelled';

export interface ExportJob {
  id: string;
  projectId: string;
  format: ExportFormat;
  scope: ExportScope;
  /** absolute */
  outPath: string;
  status: ExportStatus;
  progress: number;
  /** what runs now ("shot 3/12", "joining") */
  stage: string;
  error: { code: ExportErrorCode; message: string } | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface ExportStartOptions {
  overwrite?: boolean;
  /** mp4: this export's conform policy instead of the project's */
  conform?: ConformPolicy;
  burnIn?: BurnInOptions;
  /** mp4: mix the project's sound in (default true) */
  sound?: boolean;
}

export interface ExportStart {
  projectId: string;
  scope: ExportScope;
  format: ExportFormat;
  outPath: string;
  options?: ExportStartOptions;
}

/** How often a running job's progress goes out as an event, at most. */
const PROGRESS_EVENT_MS = 200;
/** Finished jobs kept per project for `list`. */
const KEEP_FINISHED = 20;

interface Running { job: ExportJob; controller: AbortController; done: Promise<void> }

export class ExportService {
  private readonly jobs = new Map<string, Running>();

  constructor(
    private readonly library: Library,
    private readonly changed: (job: ExportJob) => void,
    private readonly log: (message: string) => void = console.error,
  ) {}

  async start(request: ExportStart): Promise<ExportJob> {
    const store = this.library.get(request.projectId);
    const options = request.options ?? {};
    if (!AVAILABLE_FORMATS.includes(request.format)) throw new ExportError('INVALID', `exporting as ${request.format} is not available in this version`);
    const ext = FORMAT_EXTENSIONS[request.format];
    if (ext && !request.outPath.toLowerCase().endsWith(ext)) throw new ExportError('INVALID', `a ${request.format} export's file name must end in ${ext}`);
    let plan;
    try {
      plan = planFromStore(store, request.scope);
    } catch (err) {
      if (err instanceof PlanError) throw new ExportError(err.code === 'NOT_FOUND' ? 'NOT_FOUND' : 'INVALID', err.message);
      throw err;
    }
    const sound = request.format === 'mp4' && options.sound !== false ? planSound(store.snapshot(), plan) : [];
    for (const job of this.jobs.values()) {
      if (job.job.status === 'running' && job.job.outPath === request.outPath) throw new ExportError('EXISTS', `${request.outPath} is being exported already`);
    }
    const outPath = request.format === 'png'
      ? await preparePngFolder(request.outPath, options.overwrite ?? false)
      : await prepareOutput(request.outPath, options.overwrite ?? false);
    await checkInputs(plan, sound);

    const job: ExportJob = {
      id: randomUUID(), projectId: request.projectId, format: request.format, scope: request.scope, outPath,
      status: 'running', progress: 0, stage: 'starting', error: null, createdAt: new Date().toISOString(), finishedAt: null,
    };
    const controller = new AbortController();
    const release = this.library.hold(request.projectId);
    let lastEvent = 0;
    const run = async (): Promise<void> => {
      try {
        await writeExport(plan, {
          format: request.format, outPath, overwrite: options.overwrite ?? false, conform: options.conform ?? store.info().conform,
          ...(options.burnIn ? { burnIn: options.burnIn } : {}), sound, signal: controller.signal,
          onProgress: (fraction, stage) => {
            job.progress = fraction;
            job.stage = stage;
            const now = Date.now();
            if (now - lastEvent >= PROGRESS_EVENT_MS) {
              lastEvent = now;
              this.changed({ ...job });
            }
          },
        });
        this.finish(job, 'done', null);
      } catch (err) {
        const e = err instanceof ExportError ? err : new ExportError('FAILED', (err as Error).message ?? String(err), { cause: err });
        if (e.code === 'CANCELLED' || controller.signal.aborted) this.finish(job, 'cancelled', null);
        else {
          this.log(`export ${job.id} (${job.format} to ${job.outPath}) failed: ${e.message}`);
          this.finish(job, 'failed', { code: e.code, message: e.message });
        }
      } finally {
        release();
      }
    };
    const entry: Running = { job, controller, done: Promise.resolve() };
    this.jobs.set(job.id, entry);
    this.prune(request.projectId);
    this.changed({ ...job });
    // The work starts on the next turn of the event loop: the caller has the job (and its
    // first event) before any progress event.
    entry.done = new Promise<void>((resolve) => setImmediate(resolve)).then(run);
    return { ...job };
  }

  /** Stops a running export (its output is not left behind); a finished one is answered as it is. */
  cancel(projectId: string, jobId: string): ExportJob {
    const entry = this.jobs.get(jobId);
    if (!entry || entry.job.projectId !== projectId) throw new ExportError('NOT_FOUND', `no export ${jobId} in this project`);
    if (entry.job.status === 'running') entry.controller.abort();
    return { ...entry.job };
  }

  /** The project's exports, newest first. */
  list(projectId: string): ExportJob[] {
    return [...this.jobs.values()].filter((e) => e.job.projectId === projectId).map((e) => ({ ...e.job })).reverse();
  }

  /** Settles when the job has ended (for tests and the CLI). */
  async settled(jobId: string): Promise<ExportJob> {
    const entry = this.jobs.get(jobId);
    if (!entry) throw new ExportError('NOT_FOUND', `no export ${jobId}`);
    await entry.done;
    return { ...entry.job };
  }

  /** Cancels every running export and waits for them to end (app quit). */
  async close(): Promise<void> {
    const running = [...this.jobs.values()].filter((e) => e.job.status === 'running');
    for (const e of running) e.controller.abort();
    await Promise.all(running.map((e) => e.done));
  }

  private finish(job: ExportJob, status: ExportStatus, error: ExportJob['error']): void {
    job.status = status;
    job.error = error;
    if (status === 'done') job.progress = 1;
    job.stage = status;
    job.finishedAt = new Date().toISOString();
    this.changed({ ...job });
  }

  private prune(projectId: string): void {
    const finished = [...this.jobs.values()].filter((e) => e.job.projectId === projectId && e.job.status !== 'running');
    for (const e of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(e.job.id);
  }
}
