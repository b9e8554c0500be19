/**
 * The generation queue of one project: jobs are rows, so a restart finds every queued
 * and interrupted job. Each job carries its whole ShotSpec: what runs is what was asked,
 * even if the shot is edited meanwhile.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from './database';
import { StoreError } from './types';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface JobRecord {
  id: string;
  shotId: string | null;
  specHash: string;
  spec: unknown;
  status: JobStatus;
  position: number;
  progress: number;
  error: string | null;
  takeId: string | null;
  attempts: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

interface JobRow {
  id: string; shot_id: string | null; spec_hash: string; spec: string; status: JobStatus; position: number;
  progress: number; error: string | null; take_id: string | null; attempts: number; created_at: string;
  started_at: string | null; finished_at: string | null;
}

/** A job interrupted this many times (the app died while running it) is failed, not retried. */
export const MAX_ATTEMPTS = 2;

const record = (r: JobRow): JobRecord => ({
  id: r.id, shotId: r.shot_id, specHash: r.spec_hash, spec: JSON.parse(r.spec) as unknown, status: r.status,
  position: r.position, progress: r.progress, error: r.error, takeId: r.take_id, attempts: r.attempts,
  createdAt: r.created_at, startedAt: r.started_at, finishedAt: r.finished_at,
});
const now = (): string => new Date().toISOString();

export class JobStore {
  constructor(private readonly db: Db) {}

  enqueue(shotId: string, specHash: string, spec: unknown): JobRecord {
    const id = randomUUID();
    const position = (this.db.prepare('SELECT coalesce(max(position), -1) + 1 FROM jobs').pluck().get() as number);
    this.db.prepare(`INSERT INTO jobs (id, shot_id, spec_hash, spec, status, position, created_at)
      VALUES (?, ?, ?, ?, 'queued', ?, ?)`).run(id, shotId, specHash, JSON.stringify(spec), position, now());
    return this.get(id);
  }

  get(id: string): JobRecord {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    if (!row) throw new StoreError('NOT_FOUND', `no job ${id} in this project`);
    return record(row);
  }

  /** Unfinished jobs in queue order, then the finished ones, newest first. */
  list(limit = 200): JobRecord[] {
    const rows = this.db.prepare(`SELECT * FROM jobs ORDER BY
      CASE status WHEN 'running' THEN 0 WHEN 'queued' THEN 1 ELSE 2 END,
      CASE WHEN status IN ('running', 'queued') THEN position END, finished_at DESC LIMIT ?`).all(limit) as JobRow[];
    return rows.map(record);
  }

  /** The unfinished job for a spec, if one is queued or running. */
  pendingFor(specHash: string): JobRecord | null {
    const row = this.db.prepare(`SELECT * FROM jobs WHERE spec_hash = ? AND status IN ('queued', 'running')`).get(specHash) as JobRow | undefined;
    return row ? record(row) : null;
  }

  next(): JobRecord | null {
    const row = this.db.prepare(`SELECT * FROM jobs WHERE status = 'queued' ORDER BY position LIMIT 1`).get() as JobRow | undefined;
    return row ? record(row) : null;
  }

  start(id: string): void {
    this.transition(id, ['queued'], `status = 'running', started_at = @now, attempts = attempts + 1, progress = 0, error = NULL`);
  }

  progress(id: string, fraction: number): void {
    this.db.prepare(`UPDATE jobs SET progress = ? WHERE id = ? AND status = 'running'`).run(Math.min(1, Math.max(0, fraction)), id);
  }

  finish(id: string, takeId: string): void {
    this.transition(id, ['running'], `status = 'done', progress = 1, take_id = @take, finished_at = @now`, { take: takeId });
  }

  /** A running job interrupted on purpose (not a crash): back to the queue, where it was, as if it had not started. */
  requeue(id: string): void {
    this.transition(id, ['running'], `status = 'queued', progress = 0, started_at = NULL, attempts = max(0, attempts - 1)`);
  }

  fail(id: string, error: string): void {
    this.transition(id, ['running', 'queued'], `status = 'failed', error = @error, finished_at = @now`, { error });
  }

  /** Cancels a queued or running job; `reason` (else none) is kept in its error, for the queue to say why. */
  cancel(id: string, reason: string | null = null): JobRecord {
    this.transition(id, ['queued', 'running'], `status = 'cancelled', error = @reason, finished_at = @now`, { reason });
    return this.get(id);
  }

  /**
   * Cancels the queued and running jobs whose shot is gone (a deleted shot's jobs keep
   * their row with shot_id NULL: ON DELETE SET NULL), saying why; answers them. Jobs are
   * not under undo: a shot that an undo brings back comes back without them.
   */
  cancelOrphans(reason: string): JobRecord[] {
    const rows = this.db.prepare(`UPDATE jobs SET status = 'cancelled', error = ?, finished_at = ?
      WHERE shot_id IS NULL AND status IN ('queued', 'running') RETURNING *`).all(reason, now()) as JobRow[];
    return rows.map(record);
  }

  /** Moves a queued job to `index` among the queued jobs. */
  move(id: string, index: number): void {
    this.db.transaction(() => {
      const job = this.get(id);
      if (job.status !== 'queued') throw new StoreError('CONFLICT', `job ${id} is ${job.status}: only queued jobs can be reordered`);
      const ids = (this.db.prepare(`SELECT id FROM jobs WHERE status = 'queued' ORDER BY position`).pluck().all() as string[]).filter((j) => j !== id);
      ids.splice(Math.min(index, ids.length), 0, id);
      const base = this.db.prepare(`SELECT coalesce(min(position), 0) FROM jobs WHERE status = 'queued'`).pluck().get() as number;
      const update = this.db.prepare('UPDATE jobs SET position = ? WHERE id = ?');
      ids.forEach((j, i) => update.run(base + i, j));
    }).immediate();
  }

  /** After a restart: jobs left running were interrupted. Queue them again, or fail them if they keep dying. */
  recover(): { requeued: number; failed: number } {
    return this.db.transaction(() => {
      const failed = this.db.prepare(`UPDATE jobs SET status = 'failed', finished_at = ?,
        error = 'interrupted ' || attempts || ' times (the app closed or crashed while it ran)'
        WHERE status = 'running' AND attempts >= ?`).run(now(), MAX_ATTEMPTS).changes;
      const requeued = this.db.prepare(`UPDATE jobs SET status = 'queued', progress = 0 WHERE status = 'running'`).run().changes;
      return { requeued, failed };
    }).immediate();
  }

  private transition(id: string, from: JobStatus[], set: string, params: Record<string, unknown> = {}): void {
    const job = this.get(id);
    if (!from.includes(job.status)) throw new StoreError('CONFLICT', `job ${id} is ${job.status}`);
    this.db.prepare(`UPDATE jobs SET ${set} WHERE id = @id`).run({ id, now: now(), ...params });
  }
}
