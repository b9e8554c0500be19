/**
 * The undo log's schema: triggers on the editable tables write, for every row changed,
 * the SQL that changes it back. One edit's statements replayed newest first undo it,
 * and the triggers firing during that replay record the redo. The log lives in the
 * project file, so undo survives a restart, and each edit and its log commit together.
 */

/** Columns of each table under undo, primary key `id` first. Keep in step with migrations. */
export const UNDO_TABLES: Record<string, readonly string[]> = {
  scenes: ['id', 'position', 'name', 'notes', 'created_at', 'updated_at'],
  shots: [
    'id', 'scene_id', 'position', 'name', 'duration_frames', 'prompt', 'negative_prompt', 'cam_x', 'cam_y', 'cam_z',
    'seed', 'scheduler', 'steps', 'guidance', 'model_id', 'notes', 'dialogue', 'created_at', 'updated_at',
  ],
  shot_objects: ['id', 'shot_id', 'position', 'phrase', 'span_start', 'span_end', 'color', 'keyframes', 'path'],
};

/**
 * Takes are not edited by the user, but a deleted shot takes its takes with it (ON DELETE
 * CASCADE): their rows go into the delete's undo record, so undo brings them back. Only
 * the delete trigger logs anything (takes are added by generation, outside any edit).
 * Added by a later migration than the tables above, hence kept apart.
 */
export const UNDO_TAKE_COLUMNS = [
  'id', 'shot_id', 'spec_hash', 'spec', 'model_id', 'video_file', 'poster_file', 'thumbs', 'provider', 'timings', 'metrics', 'created_at',
] as const;

const quoted = (row: 'OLD' | 'NEW', columns: readonly string[]): string =>
  columns.map((c) => `quote(${row}.${c})`).join(` || ',' || `);

/** The three undo triggers of `table` over `columns` (primary key `id` first). */
export function undoTriggers(table: string, columns: readonly string[]): string {
  const when = `WHEN (SELECT recording FROM undo_state) = 1`;
  const log = (sql: string): string => `INSERT INTO undo_log (edit, sql) VALUES ((SELECT edit FROM undo_state), ${sql});`;
  const set = columns.slice(1).map((c) => `'${c} = ' || quote(OLD.${c})`).join(` || ', ' || `);
  return `
  CREATE TRIGGER ${table}_undo_insert AFTER INSERT ON ${table} ${when}
  BEGIN ${log(`'DELETE FROM ${table} WHERE id = ' || quote(NEW.id)`)} END;
  CREATE TRIGGER ${table}_undo_update AFTER UPDATE ON ${table} ${when}
  BEGIN ${log(`'UPDATE ${table} SET ' || ${set} || ' WHERE id = ' || quote(OLD.id)`)} END;
  CREATE TRIGGER ${table}_undo_delete BEFORE DELETE ON ${table} ${when}
  BEGIN ${log(`'INSERT INTO ${table} (${columns.join(', ')}) VALUES (' || ${quoted('OLD', columns)} || ')'`)} END;`;
}

export const UNDO_MIGRATION = `
  CREATE TABLE undo_edits (
    id          INTEGER PRIMARY KEY,
    stack       TEXT NOT NULL CHECK (stack IN ('undo', 'redo')),
    label       TEXT NOT NULL,
    -- consecutive edits with the same key (typing in one field) undo as one
    merge_key   TEXT,
    created_at  TEXT NOT NULL
  ) STRICT;
  CREATE TABLE undo_log (
    seq   INTEGER PRIMARY KEY,
    edit  INTEGER NOT NULL REFERENCES undo_edits (id) ON DELETE CASCADE,
    sql   TEXT NOT NULL
  ) STRICT;
  CREATE INDEX undo_log_edit ON undo_log (edit, seq);
  CREATE TABLE undo_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    recording  INTEGER NOT NULL,
    edit       INTEGER
  ) STRICT;
  INSERT INTO undo_state (id, recording, edit) VALUES (1, 0, NULL);
  ${Object.entries(UNDO_TABLES).map(([t, c]) => undoTriggers(t, c)).join('\n')}
`;

export const UNDO_TAKES_MIGRATION = undoTriggers('takes', UNDO_TAKE_COLUMNS);

/** The ids of takes whose re-insertion statements are among `sqls`. */
export function takeIdsIn(sqls: readonly string[]): string[] {
  const ids: string[] = [];
  for (const sql of sqls) {
    const m = /^INSERT INTO takes \([^)]*\) VALUES \('([^']+)'/.exec(sql);
    if (m) ids.push(m[1]!);
  }
  return ids;
}
