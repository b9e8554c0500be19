import { BACKGROUND_MIGRATION } from './background-schema';
import { EXPORT_MIGRATION } from './export-schema';
import { UNDO_MIGRATION, UNDO_TAKES_MIGRATION } from './undo-schema';

/**
 * Schema migrations, applied in order by `PRAGMA user_version`.
 * Never edit a shipped migration: append a new one.
 */
export const migrations: readonly string[] = [
  // 1: projects, scenes, shots, objects, takes, jobs
  `
  CREATE TABLE project (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    fps_num     INTEGER NOT NULL CHECK (fps_num > 0),
    fps_den     INTEGER NOT NULL CHECK (fps_den > 0),
    width       INTEGER NOT NULL CHECK (width > 0),
    height      INTEGER NOT NULL CHECK (height > 0),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
  ) STRICT;

  CREATE TABLE scenes (
    id          TEXT PRIMARY KEY,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    notes       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
  ) STRICT;
  CREATE INDEX scenes_position ON scenes (position);

  CREATE TABLE shots (
    id               TEXT PRIMARY KEY,
    scene_id         TEXT NOT NULL REFERENCES scenes (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    name             TEXT NOT NULL,
    duration_frames  INTEGER NOT NULL CHECK (duration_frames > 0),
    prompt           TEXT NOT NULL DEFAULT '',
    negative_prompt  TEXT NOT NULL DEFAULT '',
    cam_x            REAL NOT NULL DEFAULT 0 CHECK (cam_x BETWEEN -1 AND 1),
    cam_y            REAL NOT NULL DEFAULT 0 CHECK (cam_y BETWEEN -1 AND 1),
    cam_z            REAL NOT NULL DEFAULT 1 CHECK (cam_z BETWEEN 0.5 AND 2),
    seed             INTEGER NOT NULL CHECK (seed BETWEEN 0 AND 4294967295),
    scheduler        TEXT NOT NULL DEFAULT 'ddim',
    steps            INTEGER,
    guidance         REAL,
    model_id         TEXT,
    notes            TEXT NOT NULL DEFAULT '',
    dialogue         TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
  ) STRICT;
  CREATE INDEX shots_scene_position ON shots (scene_id, position);

  -- An actor or prop bound to a phrase of the shot's prompt by character span.
  -- keyframes: JSON [{frame, box: [x1,y1,x2,y2]}]; path: JSON [[x,y], ...] or NULL.
  CREATE TABLE shot_objects (
    id          TEXT PRIMARY KEY,
    shot_id     TEXT NOT NULL REFERENCES shots (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    phrase      TEXT NOT NULL,
    span_start  INTEGER NOT NULL,
    span_end    INTEGER NOT NULL CHECK (span_end > span_start),
    color       TEXT NOT NULL,
    keyframes   TEXT NOT NULL,
    path        TEXT
  ) STRICT;
  CREATE INDEX shot_objects_shot ON shot_objects (shot_id, position);

  -- A generated clip. Files are relative to the project's media/ folder.
  CREATE TABLE takes (
    id           TEXT PRIMARY KEY,
    shot_id      TEXT NOT NULL REFERENCES shots (id) ON DELETE CASCADE,
    spec_hash    TEXT NOT NULL,
    spec         TEXT NOT NULL,
    model_id     TEXT NOT NULL,
    video_file   TEXT NOT NULL,
    poster_file  TEXT,
    thumbs       TEXT NOT NULL DEFAULT '[]',
    provider     TEXT,
    timings      TEXT NOT NULL DEFAULT '{}',
    metrics      TEXT NOT NULL DEFAULT '{}',
    created_at   TEXT NOT NULL
  ) STRICT;
  CREATE INDEX takes_shot ON takes (shot_id, created_at);
  CREATE INDEX takes_spec_hash ON takes (spec_hash);

  CREATE TABLE jobs (
    id           TEXT PRIMARY KEY,
    shot_id      TEXT REFERENCES shots (id) ON DELETE SET NULL,
    kind         TEXT NOT NULL DEFAULT 'generate',
    spec_hash    TEXT NOT NULL,
    spec         TEXT NOT NULL,
    device       TEXT NOT NULL DEFAULT 'default',
    status       TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
    position     INTEGER NOT NULL,
    progress     REAL NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
    error        TEXT,
    take_id      TEXT REFERENCES takes (id) ON DELETE SET NULL,
    created_at   TEXT NOT NULL,
    started_at   TEXT,
    finished_at  TEXT
  ) STRICT;
  CREATE INDEX jobs_status_position ON jobs (status, position);
  `,
  // 2: the undo log (see undo-schema.ts)
  UNDO_MIGRATION,
  // 3: how often a job was started, so a job that keeps crashing the app is not retried forever
  `ALTER TABLE jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;`,
  // 4: a deleted shot's takes go into the undo record, so undo brings them back
  UNDO_TAKES_MIGRATION,
  // 5: conform policy, each shot's active take, sound (see export-schema.ts)
  EXPORT_MIGRATION,
  // 6: each shot's background phrase (see background-schema.ts)
  BACKGROUND_MIGRATION,
];
