/** Generated clips of a project. Files are relative to the project's media/ folder. */
import { randomUUID } from 'node:crypto';
import type { Db } from './database';

export interface TakeRecord {
  id: string;
  shotId: string;
  specHash: string;
  spec: unknown;
  modelId: string;
  videoFile: string;
  posterFile: string | null;
  thumbs: string[];
  provider: string | null;
  timings: Record<string, number>;
  metrics: Record<string, unknown>;
  createdAt: string;
}

interface TakeRow {
  id: string; shot_id: string; spec_hash: string; spec: string; model_id: string; video_file: string;
  poster_file: string | null; thumbs: string; provider: string | null; timings: string; metrics: string; created_at: string;
}

const record = (r: TakeRow): TakeRecord => ({
  id: r.id, shotId: r.shot_id, specHash: r.spec_hash, spec: JSON.parse(r.spec) as unknown, modelId: r.model_id,
  videoFile: r.video_file, posterFile: r.poster_file, thumbs: JSON.parse(r.thumbs) as string[], provider: r.provider,
  timings: JSON.parse(r.timings) as Record<string, number>, metrics: JSON.parse(r.metrics) as Record<string, unknown>,
  createdAt: r.created_at,
});

export class TakeStore {
  constructor(private readonly db: Db) {}

  add(take: Omit<TakeRecord, 'id' | 'createdAt'>): TakeRecord {
    const id = randomUUID();
    this.db.prepare(`INSERT INTO takes (id, shot_id, spec_hash, spec, model_id, video_file, poster_file, thumbs, provider, timings, metrics, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      id, take.shotId, take.specHash, JSON.stringify(take.spec), take.modelId, take.videoFile, take.posterFile,
      JSON.stringify(take.thumbs), take.provider, JSON.stringify(take.timings), JSON.stringify(take.metrics), new Date().toISOString());
    return this.get(id)!;
  }

  get(id: string): TakeRecord | null {
    const row = this.db.prepare('SELECT * FROM takes WHERE id = ?').get(id) as TakeRow | undefined;
    return row ? record(row) : null;
  }

  /** The newest take of this exact spec, if any: it is reused rather than generated again. */
  byHash(specHash: string): TakeRecord | null {
    const row = this.db.prepare('SELECT * FROM takes WHERE spec_hash = ? ORDER BY created_at DESC LIMIT 1').get(specHash) as TakeRow | undefined;
    return row ? record(row) : null;
  }

  forShot(shotId: string): TakeRecord[] {
    return (this.db.prepare('SELECT * FROM takes WHERE shot_id = ? ORDER BY created_at DESC').all(shotId) as TakeRow[]).map(record);
  }
}
