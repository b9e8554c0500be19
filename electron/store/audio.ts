/**
 * Sound on the timeline (see AudioClipRecord): the project's track, scenes' tracks and
 * shots' clips, at most one per owner. Setting, moving and removing sound are edits
 * (undoable); the audio file itself is copied into media/ by the caller before the edit
 * and stays there while any undo or redo could bring its clip back.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from './database';
import { StoreError, type AudioClipRecord } from './types';

/** Whose sound: the project's, a scene's or a shot's. */
export type AudioOwner = { kind: 'project' } | { kind: 'scene'; sceneId: string } | { kind: 'shot'; shotId: string };

export interface NewAudio {
  /** relative to media/ */
  file: string;
  name: string;
  offsetFrames: number;
  gainDb: number;
  durationSeconds: number;
}

interface AudioRow {
  id: string; scene_id: string | null; shot_id: string | null; file: string; name: string;
  offset_frames: number; gain_db: number; duration_seconds: number;
}

type Edit = <T>(label: string, fn: () => T) => T;

/** Same-origin URL of a file in a project's media/ folder (as take URLs are made). */
export function mediaUrl(projectId: string, file: string): string {
  return `/media/${projectId}/${file.split(/[\\/]/).map(encodeURIComponent).join('/')}`;
}

export class AudioStore {
  constructor(private readonly db: Db, private readonly edit: Edit, private readonly projectId: () => string) {}

  /** Every clip: the project's first, then by scene and shot position. */
  list(): AudioClipRecord[] {
    const rows = this.db.prepare(`SELECT a.* FROM audio_clips a
      LEFT JOIN shots sh ON sh.id = a.shot_id
      LEFT JOIN scenes sc ON sc.id = coalesce(a.scene_id, sh.scene_id)
      ORDER BY sc.position IS NOT NULL, sc.position, a.shot_id IS NOT NULL, sh.position`).all() as AudioRow[];
    const projectId = this.projectId();
    return rows.map((r) => ({
      id: r.id, sceneId: r.scene_id, shotId: r.shot_id, name: r.name, file: r.file, url: mediaUrl(projectId, r.file),
      offsetFrames: r.offset_frames, gainDb: r.gain_db, durationSeconds: r.duration_seconds,
    }));
  }

  get(id: string): AudioClipRecord {
    const clip = this.list().find((c) => c.id === id);
    if (!clip) throw new StoreError('NOT_FOUND', `no sound ${id} in this project`);
    return clip;
  }

  /** Gives `owner` this sound, replacing the one it had; answers the new clip's id. */
  set(owner: AudioOwner, audio: NewAudio, id: string = randomUUID()): string {
    return this.edit(owner.kind === 'project' ? 'Set project sound' : owner.kind === 'scene' ? 'Set scene sound' : 'Set shot sound', () => {
      const sceneId = owner.kind === 'scene' ? owner.sceneId : null;
      const shotId = owner.kind === 'shot' ? owner.shotId : null;
      if (sceneId !== null && !this.db.prepare('SELECT 1 FROM scenes WHERE id = ?').get(sceneId)) {
        throw new StoreError('NOT_FOUND', `no scene ${sceneId} in this project`);
      }
      if (shotId !== null && !this.db.prepare('SELECT 1 FROM shots WHERE id = ?').get(shotId)) {
        throw new StoreError('NOT_FOUND', `no shot ${shotId} in this project`);
      }
      this.db.prepare(`DELETE FROM audio_clips WHERE coalesce(shot_id, scene_id, '') = ?`).run(shotId ?? sceneId ?? '');
      this.db.prepare(`INSERT INTO audio_clips (id, scene_id, shot_id, file, name, offset_frames, gain_db, duration_seconds, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(id, sceneId, shotId, audio.file, audio.name, audio.offsetFrames, audio.gainDb, audio.durationSeconds, new Date().toISOString());
      return id;
    });
  }

  /** Moves a clip on the timeline or changes its level. */
  update(id: string, patch: { offsetFrames?: number; gainDb?: number }): void {
    this.edit(patch.offsetFrames !== undefined ? 'Move sound' : 'Change sound level', () => {
      this.get(id);
      if (patch.offsetFrames !== undefined) this.db.prepare('UPDATE audio_clips SET offset_frames = ? WHERE id = ?').run(patch.offsetFrames, id);
      if (patch.gainDb !== undefined) this.db.prepare('UPDATE audio_clips SET gain_db = ? WHERE id = ?').run(patch.gainDb, id);
    });
  }

  remove(id: string): void {
    this.edit('Remove sound', () => {
      this.get(id);
      this.db.prepare('DELETE FROM audio_clips WHERE id = ?').run(id);
    });
  }

  /** Files of clips that exist or that an undo or redo could bring back (relative to media/). */
  filesInUse(): Set<string> {
    const files = new Set(this.db.prepare('SELECT file FROM audio_clips').pluck().all() as string[]);
    const logged = this.db.prepare(`SELECT sql FROM undo_log WHERE sql LIKE 'INSERT INTO audio_clips %' OR sql LIKE 'UPDATE audio_clips %'`).pluck().all() as string[];
    for (const sql of logged) for (const m of sql.matchAll(/'(audio\/[^']+)'/g)) files.add(m[1]!);
    return files;
  }
}
