/**
 * The generation queue: shots become jobs, jobs become takes. One job runs at a time (one
 * engine, one device); the queue lives in each project's SQLite, so a restart resumes it.
 * A spec whose hash already has a take is answered with that take, not generated again.
 *
 * The queue owns the lifetime of the database a running job writes to: it holds the
 * project (Library.hold) while the job runs, and renaming or deleting a project goes
 * through it (renameProject, deleteProject), which stops that project's running job
 * first. A rename queues the job again (it runs once the folder has moved); a delete
 * cancels it.
 *
 * Deleting a shot (or its scene; or undoing the edit that added it, or redoing its delete)
 * cancels its queued jobs and its running one, whose clip is not kept, each saying why
 * (SHOT_DELETED): see cancelJobsOfDeletedShots. Undoing the delete brings the shot back
 * but not its jobs: jobs are not under undo, and a job that ran or waited for a shot the
 * director threw away must not start again behind their back; Generate queues it anew.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Engine } from '../engine/engine';
import { CancelledError } from '../engine/pipeline';
import { hashSpec } from '../engine/spec-hash';
import type { ShotSpec } from '../engine/spec';
import type { JobRecord } from '../store/jobs';
import type { Library } from '../store/library';
import { MEDIA_DIR } from '../store/library';
import type { ProjectStore } from '../store/project-store';
import type { TakeRecord } from '../store/takes';
import type { ModelRegistry } from './models';
import { sweepMedia } from './media-sweep';
import { refuseOverLimit } from './prompt-check';
import { refuseOverRegions } from './region-limit';
import { shotToSpec } from './shot-spec';
import { writeTakeFiles } from './take-files';

export interface GenerationEvents {
  jobChanged(projectId: string, job: JobRecord): void;
}

export interface EnqueueResult { job: JobRecord | null; take: TakeRecord | null; reused: boolean }

/** The share of a job's progress the sampler's steps cover; encoding the clip is the rest (the queue shows the step from it). */
export const STEPS_SHARE = 0.95;

/** How often a running job's progress is written to SQLite (events go out on every step). */
const PROGRESS_WRITE_MS = 500;

/** Why a job was cancelled when its shot, or the shot's scene, was deleted (queued or running: no clip is kept). */
export const SHOT_DELETED = 'Cancelled: its shot was deleted. Undoing the delete brings the shot back, not this job: generate it again.';

class ShotDeletedError extends Error {}

interface Running {
  projectId: string;
  jobId: string;
  controller: AbortController;
  /** why a rename ('requeue') or a delete ('cancel') of the project stopped the job */
  stoppedFor: 'requeue' | 'cancel' | null;
  shotDeleted: boolean;
  /** settles once the job's row is final and the project is no longer held */
  done: Promise<void>;
}

export class GenerationService {
  private readonly projectsWithWork = new Set<string>();
  /** projects being renamed or deleted: their jobs do not start meanwhile */
  private readonly paused = new Map<string, number>();
  private running: Running | null = null;
  private loop: Promise<void> | null = null;
  private kickAgain = false;
  private closing = false;

  constructor(
    private readonly library: Library,
    private readonly engine: Engine,
    private readonly models: ModelRegistry,
    private readonly events: GenerationEvents,
    private readonly log: (message: string) => void = console.error,
  ) {}

  /**
   * After a start: interrupted jobs are queued again (or failed), the files their
   * interrupted encodes left in media/ are removed (see media-sweep.ts), and the queue resumes.
   */
  recover(): void {
    for (const project of this.library.list()) {
      const store = this.library.get(project.id);
      try {
        const swept = sweepMedia(path.join(store.path, MEDIA_DIR));
        if (swept.parts.length) this.log(`${project.name}: removed ${swept.parts.length} unfinished file(s) of an interrupted take: ${swept.parts.join(', ')}`);
      } catch (err) {
        this.log(`${project.name}: could not clear unfinished files in media/: ${(err as Error).message}`);
      }
      const { requeued, failed } = store.jobs.recover();
      if (requeued || failed) this.log(`${project.name}: ${requeued} interrupted job(s) queued again, ${failed} failed`);
      if (store.jobs.next()) this.projectsWithWork.add(project.id);
    }
    this.kick();
  }

  /** The spec a shot would be generated from, with the model resolved (null → the default's id). */
  specFor(projectId: string, shotId: string): { spec: ShotSpec; hash: string } {
    const store = this.library.get(projectId);
    const spec = shotToSpec(store.info(), store.getShot(shotId));
    const model = this.models.resolve(spec.modelId);
    const resolved = { ...spec, modelId: model.id };
    return { spec: resolved, hash: hashSpec(resolved) };
  }

  enqueue(projectId: string, shotId: string): EnqueueResult {
    const store = this.library.get(projectId);
    const { spec, hash } = this.specFor(projectId, shotId);
    const take = store.takes.byHash(hash);
    if (take) return { job: null, take, reused: true };
    const pending = store.jobs.pendingFor(hash);
    if (pending) return { job: pending, take: null, reused: true };
    const shotName = store.getShot(shotId).name;
    refuseOverLimit(this.models, spec, shotName);
    refuseOverRegions(this.models, spec, shotName);
    const job = store.jobs.enqueue(shotId, hash, spec);
    this.events.jobChanged(projectId, job);
    this.projectsWithWork.add(projectId);
    this.kick();
    return { job, take: null, reused: false };
  }

  /**
   * After an edit of the project (the router calls it after every one): the queued and
   * running jobs whose shot is gone are cancelled (a running one is stopped and its take
   * not kept), and the queue hears of each through jobChanged. Undo brings no cancelled
   * job back (see the top of this file).
   */
  cancelJobsOfDeletedShots(projectId: string): JobRecord[] {
    const cancelled = this.library.get(projectId).jobs.cancelOrphans(SHOT_DELETED);
    for (const job of cancelled) {
      if (this.running?.projectId === projectId && this.running.jobId === job.id) this.running.controller.abort();
      this.events.jobChanged(projectId, job);
    }
    return cancelled;
  }

  cancel(projectId: string, jobId: string): JobRecord {
    const store = this.library.get(projectId);
    const job = store.jobs.cancel(jobId);
    if (this.running?.jobId === jobId) this.running.controller.abort();
    this.events.jobChanged(projectId, job);
    return job;
  }

  /**
   * project.rename. When the folder moves (so the database closes and reopens), a job of
   * the project that is running is stopped and queued again first; it runs again from its
   * first step in the renamed folder. Where the folder stays, nothing waits.
   */
  async renameProject(projectId: string, name: string): Promise<ProjectStore> {
    if (!this.library.renameMovesFolder(projectId, name)) return this.library.rename(projectId, name);
    const resume = await this.stopProject(projectId, 'requeue');
    try {
      return this.library.rename(projectId, name);
    } finally {
      resume();
    }
  }

  /** project.delete: a running job of the project is cancelled first; its queued jobs go to the trash with it. */
  async deleteProject(projectId: string): Promise<string> {
    const resume = await this.stopProject(projectId, 'cancel');
    try {
      return this.library.delete(projectId);
    } finally {
      resume();
    }
  }

  /** Resolves when the queue is empty (for the CLI and tests). */
  async idle(): Promise<void> {
    while (this.loop) await this.loop;
  }

  /**
   * Stops the queue for shutdown: the running job is interrupted but stays 'running' in
   * its project, so the next start's recover() queues it again.
   */
  async close(): Promise<void> {
    this.closing = true;
    this.running?.controller.abort();
    await this.loop;
  }

  private kick(): void {
    if (this.closing) return;
    // a loop that is ending may have looked for work already: it starts another when it ends
    if (this.loop) return void (this.kickAgain = true);
    // on the next turn: a call that queues a job answers before the work starts
    this.loop = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.drain()).catch((err: unknown) => {
      this.log(`the generation queue stopped on an error: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    }).finally(() => {
      this.loop = null;
      if (this.kickAgain) {
        this.kickAgain = false;
        this.kick();
      }
    });
  }

  private async drain(): Promise<void> {
    for (;;) {
      const next = this.closing ? null : this.nextJob();
      if (!next) return;
      await this.run(next.projectId, next.job);
    }
  }

  /** Keeps the project's jobs from starting and stops the one running (waiting until its row is final); answers the resume. */
  private async stopProject(projectId: string, reason: 'requeue' | 'cancel'): Promise<() => void> {
    this.paused.set(projectId, (this.paused.get(projectId) ?? 0) + 1);
    const running = this.running;
    if (running?.projectId === projectId) {
      if (running.stoppedFor !== 'cancel') running.stoppedFor = reason;
      running.controller.abort();
      await running.done;
    }
    return () => {
      const left = (this.paused.get(projectId) ?? 1) - 1;
      if (left > 0) this.paused.set(projectId, left);
      else this.paused.delete(projectId);
      this.projectsWithWork.add(projectId); // dropped by nextJob() if it has no work, or is gone
      this.kick();
    };
  }

  private nextJob(): { projectId: string; job: JobRecord } | null {
    for (const projectId of this.projectsWithWork) {
      if (this.paused.has(projectId)) continue;
      let job: JobRecord | null = null;
      try {
        job = this.library.get(projectId).jobs.next();
      } catch {
        // the project was deleted meanwhile
      }
      if (job) return { projectId, job };
      this.projectsWithWork.delete(projectId);
    }
    return null;
  }

  private async run(projectId: string, queued: JobRecord): Promise<void> {
    const store = this.library.get(projectId);
    const release = this.library.hold(projectId);
    let settle!: () => void;
    const running: Running = {
      projectId, jobId: queued.id, controller: new AbortController(), stoppedFor: null, shotDeleted: false,
      done: new Promise<void>((resolve) => (settle = resolve)),
    };
    this.running = running;
    try {
      await this.execute(store, projectId, queued, running);
    } catch (err) {
      // the bookkeeping itself failed (a full disk, a damaged file): the queue goes on
      this.log(`job ${queued.id}: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      release();
      this.running = null;
      settle();
    }
  }

  private async execute(store: ProjectStore, projectId: string, queued: JobRecord, running: Running): Promise<void> {
    const { controller } = running;
    if (queued.shotId === null) {
      // its shot went by a way that did not cancel it (an edit of the file outside the router)
      this.events.jobChanged(projectId, store.jobs.cancel(queued.id, SHOT_DELETED));
      return;
    }
    store.jobs.start(queued.id);
    const started = store.jobs.get(queued.id);
    this.events.jobChanged(projectId, started);
    const spec = queued.spec as ShotSpec;
    const shotId = queued.shotId;
    const shotExists = (): boolean => store.db.prepare('SELECT 1 FROM shots WHERE id = ?').get(shotId) !== undefined;
    let lastWrite = 0;
    const takeId = crypto.randomUUID();
    const mediaDir = path.join(store.path, MEDIA_DIR);
    try {
      const model = this.models.resolve(spec.modelId);
      const t0 = performance.now();
      const { clip, metrics } = await this.engine.generate(model.dir, spec, {
        signal: controller.signal,
        // called from the engine worker's message listener: nothing here may throw
        onProgress: (step, steps) => {
          const fraction = (STEPS_SHARE * step) / steps; // the rest: encoding
          try {
            if (performance.now() - lastWrite > PROGRESS_WRITE_MS || step === steps) {
              lastWrite = performance.now();
              if (!shotExists()) {
                running.shotDeleted = true;
                return controller.abort();
              }
              store.jobs.progress(queued.id, fraction);
            }
            this.events.jobChanged(projectId, { ...started, progress: fraction });
          } catch (err) {
            this.log(`job ${queued.id}: progress not recorded or sent: ${(err as Error).message}`);
          }
        },
      });
      const files = await writeTakeFiles({
        clip, mediaDir, takeId, fps: spec.fps, durationFrames: spec.durationFrames, signal: controller.signal,
      });
      const take = store.db.transaction(() => {
        if (!shotExists()) throw new ShotDeletedError(SHOT_DELETED);
        const added = store.takes.add({
          shotId, specHash: queued.specHash, spec, modelId: model.id,
          videoFile: files.videoFile, posterFile: files.posterFile, thumbs: files.thumbs, provider: clip.provider,
          timings: { ...clip.timings, encodeMs: files.encodeMs, totalMs: performance.now() - t0, steps: clip.steps },
          metrics: metrics as unknown as Record<string, unknown>,
        });
        store.jobs.finish(queued.id, added.id);
        return added;
      })();
      this.log(`take ${take.id} for shot ${shotId} in ${Math.round(performance.now() - t0)} ms`);
    } catch (err) {
      fs.rmSync(path.join(mediaDir, 'takes', takeId), { recursive: true, force: true });
      if (this.closing) return; // left 'running': resumed at the next start
      if (store.jobs.get(queued.id).status !== 'running') return; // cancelled: by the user, or with its shot
      if (running.stoppedFor === 'requeue') store.jobs.requeue(queued.id);
      else if (running.stoppedFor === 'cancel') store.jobs.cancel(queued.id);
      else if (running.shotDeleted || err instanceof ShotDeletedError) store.jobs.cancel(queued.id, SHOT_DELETED);
      else if (err instanceof CancelledError || (err as Error).name === 'AbortError') store.jobs.cancel(queued.id);
      else store.jobs.fail(queued.id, (err as Error).message);
    } finally {
      if (!this.closing) this.events.jobChanged(projectId, store.jobs.get(queued.id));
    }
  }
}
