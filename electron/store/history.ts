/**
 * Undo and redo over the trigger-written log (undo-schema.ts). Every function runs inside
 * the caller's transaction, so an edit and its undo record commit together.
 */
import type { Db } from './database';
import { takeIdsIn } from './undo-schema';

/** How many edits the undo stack keeps. */
export const UNDO_DEPTH = 200;
/** Edits with the same merge key this close together undo as one (typing in one field). */
export const MERGE_WINDOW_MS = 2000;

export interface History { undo: string | null; redo: string | null }

interface EditRow { id: number; label: string; merge_key: string | null; created_at: string }

/**
 * Drops the edits `where` selects. Answers the takes that are now truly gone: a deleted
 * take's row lived on only in these edits' undo records, so nothing can bring it back and
 * its files may go.
 */
function dropEdits(db: Db, where: string): string[] {
  const sqls = db.prepare(`SELECT sql FROM undo_log WHERE edit IN (SELECT id FROM undo_edits WHERE ${where})
    AND sql LIKE 'INSERT INTO takes %'`).pluck().all() as string[];
  db.prepare(`DELETE FROM undo_edits WHERE ${where}`).run();
  const kept = new Set(takeIdsIn(db.prepare(`SELECT sql FROM undo_log WHERE sql LIKE 'INSERT INTO takes %'`).pluck().all() as string[]));
  const exists = db.prepare('SELECT 1 FROM takes WHERE id = ?').pluck();
  return takeIdsIn(sqls).filter((id) => !kept.has(id) && exists.get(id) === undefined);
}

/**
 * Starts recording a user edit; a new edit clears what could be redone. Answers the
 * takes that clearing made truly gone (see dropEdits).
 */
export function beginEdit(db: Db, label: string, mergeKey?: string): string[] {
  const last = db.prepare(`SELECT * FROM undo_edits WHERE stack = 'undo' ORDER BY id DESC LIMIT 1`).get() as EditRow | undefined;
  const now = new Date();
  const merge = mergeKey !== undefined && last?.merge_key === mergeKey
    && now.getTime() - Date.parse(last.created_at) < MERGE_WINDOW_MS;
  const gone = dropEdits(db, `stack = 'redo'`);
  let edit: number;
  if (merge) {
    edit = last.id;
    db.prepare('UPDATE undo_edits SET created_at = ? WHERE id = ?').run(now.toISOString(), edit);
  } else {
    edit = Number(db.prepare(`INSERT INTO undo_edits (stack, label, merge_key, created_at) VALUES ('undo', ?, ?, ?)`)
      .run(label, mergeKey ?? null, now.toISOString()).lastInsertRowid);
  }
  db.prepare('UPDATE undo_state SET recording = 1, edit = ?').run(edit);
  return gone;
}

/** Stops recording; drops the edit if it changed nothing and trims the stack; answers the takes the trim made truly gone. */
export function endEdit(db: Db): string[] {
  const { edit } = db.prepare('SELECT edit FROM undo_state').get() as { edit: number };
  db.prepare('UPDATE undo_state SET recording = 0, edit = NULL').run();
  const logged = db.prepare('SELECT count(*) FROM undo_log WHERE edit = ?').pluck().get(edit) as number;
  if (logged === 0) db.prepare('DELETE FROM undo_edits WHERE id = ?').run(edit);
  return dropEdits(db, `stack = 'undo' AND id NOT IN
    (SELECT id FROM undo_edits WHERE stack = 'undo' ORDER BY id DESC LIMIT ${UNDO_DEPTH})`);
}

/** Undoes the newest edit (or redoes the newest undone one); returns its label, or null if there is none. */
export function replay(db: Db, from: 'undo' | 'redo'): string | null {
  const to = from === 'undo' ? 'redo' : 'undo';
  const edit = db.prepare('SELECT * FROM undo_edits WHERE stack = ? ORDER BY id DESC LIMIT 1').get(from) as EditRow | undefined;
  if (!edit) return null;
  // Rows come back in the reverse of the order they went: children may briefly precede their parents.
  db.pragma('defer_foreign_keys = ON');
  const inverse = Number(db.prepare('INSERT INTO undo_edits (stack, label, created_at) VALUES (?, ?, ?)')
    .run(to, edit.label, new Date().toISOString()).lastInsertRowid);
  db.prepare('UPDATE undo_state SET recording = 1, edit = ?').run(inverse);
  const statements = db.prepare('SELECT sql FROM undo_log WHERE edit = ? ORDER BY seq DESC').pluck().all(edit.id) as string[];
  for (const sql of statements) db.prepare(sql).run();
  db.prepare('UPDATE undo_state SET recording = 0, edit = NULL').run();
  db.prepare('DELETE FROM undo_edits WHERE id = ?').run(edit.id);
  return edit.label;
}

export function history(db: Db): History {
  const top = (stack: string): string | null =>
    (db.prepare('SELECT label FROM undo_edits WHERE stack = ? ORDER BY id DESC LIMIT 1').pluck().get(stack) as string | undefined) ?? null;
  return { undo: top('undo'), redo: top('redo') };
}
