/**
 * Migration 5: what exporting and the sequence player need from a project.
 *
 * * `project.conform_shorter` / `conform_longer`: how a take that is shorter or longer
 *   than its shot is fitted to the shot's duration (see electron/export/conform.ts).
 *   Both default to 'stretch', as generation itself fits the frames to the shot.
 * * `shots.active_take_id`: the take the user picked; NULL means the newest.
 * * `audio_clips`: sound on the timeline. A clip belongs to the project (both owner
 *   columns NULL), to a scene, or to a shot; at most one per owner. `file` is relative to
 *   the project's media/ folder (the app's own copy), `name` the file name the user chose,
 *   `offset_frames` where the sound starts relative to its owner's first frame (negative:
 *   its beginning is cut), at the project's rate.
 *
 * The undo triggers of `shots` list their columns (undo-schema.ts), so they are made again
 * here with `active_take_id` among them; `audio_clips` gets triggers of its own. Shipped
 * migrations are never edited: the column lists here are this migration's own.
 */
import { UNDO_TABLES, undoTriggers } from './undo-schema';

/** Columns of `shots` under undo from migration 5 on. */
export const SHOT_UNDO_COLUMNS_5 = [...UNDO_TABLES.shots!, 'active_take_id'] as const;

/** Columns of `audio_clips` under undo, primary key first. */
export const AUDIO_UNDO_COLUMNS = [
  'id', 'scene_id', 'shot_id', 'file', 'name', 'offset_frames', 'gain_db', 'duration_seconds', 'created_at',
] as const;

export const EXPORT_MIGRATION = `
  ALTER TABLE project ADD COLUMN conform_shorter TEXT NOT NULL DEFAULT 'stretch'
    CHECK (conform_shorter IN ('stretch', 'hold', 'loop'));
  ALTER TABLE project ADD COLUMN conform_longer TEXT NOT NULL DEFAULT 'stretch'
    CHECK (conform_longer IN ('stretch', 'trim'));

  ALTER TABLE shots ADD COLUMN active_take_id TEXT REFERENCES takes (id) ON DELETE SET NULL;

  CREATE TABLE audio_clips (
    id                TEXT PRIMARY KEY,
    scene_id          TEXT REFERENCES scenes (id) ON DELETE CASCADE,
    shot_id           TEXT REFERENCES shots (id) ON DELETE CASCADE,
    file              TEXT NOT NULL,
    name              TEXT NOT NULL,
    offset_frames     INTEGER NOT NULL DEFAULT 0,
    gain_db           REAL NOT NULL DEFAULT 0 CHECK (gain_db BETWEEN -60 AND 12),
    duration_seconds  REAL NOT NULL CHECK (duration_seconds > 0),
    created_at        TEXT NOT NULL,
    CHECK (scene_id IS NULL OR shot_id IS NULL)
  ) STRICT;
  CREATE UNIQUE INDEX audio_clips_owner ON audio_clips (coalesce(shot_id, scene_id, ''));

  DROP TRIGGER shots_undo_insert;
  DROP TRIGGER shots_undo_update;
  DROP TRIGGER shots_undo_delete;
  ${undoTriggers('shots', SHOT_UNDO_COLUMNS_5)}
  ${undoTriggers('audio_clips', AUDIO_UNDO_COLUMNS)}
`;
