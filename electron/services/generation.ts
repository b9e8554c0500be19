/**
 * The generation queue: shots become jobs, jobs become takes. One job runs at a time (one
 * engine, one device); the queue lives in each project's SQLite, so a restart resumes it.
 * A spec whose hash already has a take is answered with that take, not generated again.
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
import type { TakeRecord } from '../store/takes';
import type { ModelRegistry } from './models';
import { sweepMedia } from './media-sweep';
import { shotToSpec } from './shot-spec';
import { writeTakeFiles } from './take-files';

export interface GenerationEvents {
  jobChanged(projectId: string, job: JobRecord): void;
}

export interface EnqueueResult { job: JobRecord | null; take: TakeRecord | null; reused: boolean }

/** How often a running job's progress is written to SQLite (events go out on every step). */
const PROGRESS_WRITE_MS = 500;

export class GenerationService {
  private readonly projectsWithWork = new Set<string>();
  private running: { projectId: string; jobId: string; controller: AbortController } | null = null;
  private loop: Promise<void> | null = null;
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
    const job = store.jobs.enqueue(shotId, hash, spec);
    this.events.jobChanged(projectId, job);
    this.projectsWithWork.add(projectId);
    this.kick();
    return { job, take: null, reused: false };
  }

  cancel(projectId: string, jobId: string): JobRecord {
    const store = this.library.get(projectId);
    const job = store.jobs.cancel(jobId);
    if (this.running?.jobId === jobId) this.running.controller.abort();
    this.events.jobChanged(projectId, job);
    return job;
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
    if (this.loop || this.closing) return;
    // on the next turn: a call that queues a job answers before the work starts
    this.loop = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.drain()).finally(() => {
      this.loop = null;
    });
  }

  private async drain(): Promise<void> {
    for (;;) {
      const next = this.closing ? null : this.nextJob();
      if (!next) return;
      await this.run(next.projectId, next.job);
    }
  }

  private nextJob(): { projectId: string; job: JobRecord } | null {
    for (const projectId of this.projectsWithWork) {
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
    const controller = new AbortController();
    this.running = { projectId, jobId: queued.id, controller };
    store.jobs.start(queued.id);
    const running = store.jobs.get(queued.id);
    this.events.jobChanged(projectId, running);
    const spec = queued.spec as ShotSpec;
    if (queued.shotId === null) {
      store.jobs.fail(queued.id, 'the shot was deleted before it was generated');
      this.running = null;
      this.events.jobChanged(projectId, store.jobs.get(queued.id));
      return;
    }
    const shotId = queued.shotId;
    let lastWrite = 0;
    const takeId = crypto.randomUUID();
    const mediaDir = path.join(store.path, MEDIA_DIR);
    try {
      const model = this.models.resolve(spec.modelId);
      const started = performance.now();
      const { clip, metrics } = await this.engine.generate(model.dir, spec, {
        signal: controller.signal,
        onProgress: (step, steps) => {
          const fraction = (0.95 * step) / steps; // the last 5%: encoding
          if (performance.now() - lastWrite > PROGRESS_WRITE_MS || step === steps) {
            store.jobs.progress(queued.id, fraction);
            lastWrite = performance.now();
          }
          this.events.jobChanged(projectId, { ...running, progress: fraction });
        },
      });
      const files = await writeTakeFiles({
        clip, mediaDir, takeId, fps: spec.fps, durationFrames: spec.durationFrames, signal: controller.signal,
      });
      const take = store.db.transaction(() => {
        const added = store.takes.add({
          shotId, specHash: queued.specHash, spec, modelId: model.id,
          videoFile: files.videoFile, posterFile: files.posterFile, thumbs: files.thumbs, provider: clip.provider,
          timings: { ...clip.timings, encodeMs: files.encodeMs, totalMs: performance.now() - started, steps: clip.steps },
          metrics: metrics as unknown as Record<string, unknown>,
        });
        store.jobs.finish(queued.id, added.id);
        return added;
      })();
      this.log(`take ${take.id} for shot ${shotId} in ${Math.round(performance.now() - started)} ms`);
    } catch (err) {
      fs.rmSync(path.join(mediaDir, 'takes', takeId), { recursive: true, force: true });
      if (this.closing) return; // left 'running': resumed at the next start
      const current = store.jobs.get(queued.id);
      if (!(err instanceof CancelledError) && current.status === 'running') {
        store.jobs.fail(queued.id, (err as Error).message);
      } else if (current.status === 'running') {
        store.jobs.cancel(queued.id);
      }
    } finally {
      this.running = null;
      if (!this.closing) this.events.jobChanged(projectId, store.jobs.get(queued.id));
    }
  }
}
