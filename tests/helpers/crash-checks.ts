/**
 * What a kill -9 may leave, checked: the project file passes SQLite's integrity and
 * foreign-key checks and holds every acknowledged edit of the run (and at most the one
 * in flight); every take it lists is whole (its clip reads back with the shot's frames,
 * its poster and thumbnails exist); the app opens it again as a project.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { probeClip } from '../../electron/media';
import { Library } from '../../electron/store/library';
import { apply, parseOp, type ModelState, type Op } from './crash-model';

export const projectFolder = (libraryDir: string): string => path.join(libraryDir, 'Crash.directa');

/** Reopens the project file as a crash leaves it: integrity first, then its scenes, shots and prompts. */
export function readBack(libraryDir: string): ModelState {
  const db = new Database(path.join(projectFolder(libraryDir), 'project.db'));
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const scenes = db.prepare('SELECT id FROM scenes ORDER BY position').pluck().all() as string[];
    const shots = db.prepare('SELECT name, prompt, position FROM shots WHERE scene_id = ? ORDER BY position');
    const prompts: Record<string, string> = {};
    const names = scenes.map((id) => {
      const rows = shots.all(id) as { name: string; prompt: string; position: number }[];
      expect(rows.map((r) => r.position)).toEqual(rows.map((_, i) => i));
      for (const r of rows) prompts[r.name] = r.prompt;
      return rows.map((r) => r.name);
    });
    return { scenes: names, prompts };
  } finally {
    db.close();
  }
}

/**
 * Checks a run's "do"/"ack" lines against the file: acks in order, every acked edit there,
 * at most the edit in flight besides. Answers the state now in the file.
 */
export function checkAckedEdits(libraryDir: string, lines: string[], before: ModelState, minAcks = 1): ModelState {
  const ops = new Map<number, Op>();
  let acked = 0;
  for (const line of lines) {
    const [word, n, ...rest] = line.split(' ');
    if (word === 'do') ops.set(Number(n), parseOp(rest));
    if (word === 'ack') {
      expect(Number(n)).toBe(acked + 1);
      expect(ops.has(Number(n))).toBe(true);
      acked = Number(n);
    }
  }
  expect(acked).toBeGreaterThanOrEqual(minAcks);

  let afterAcked = before;
  for (let n = 1; n <= acked; n++) afterAcked = apply(afterAcked, ops.get(n)!);
  const pending = ops.get(acked + 1);
  const actual = readBack(libraryDir);
  // every acknowledged edit is there; at most the one edit in flight at the kill is there too
  expect([afterAcked, ...(pending ? [apply(afterAcked, pending)] : [])]).toContainEqual(actual);
  for (let n = 1; n <= acked; n++) {
    const op = ops.get(n)!;
    if (op.kind !== 'move') expect(actual.prompts[op.name], `ack ${n}`).toBeDefined();
    if (op.kind === 'update') expect(Number(actual.prompts[op.name]!.replace(/^[a-z]+\d+p/, '')), `ack ${n}`).toBeGreaterThanOrEqual(n);
  }
  return actual;
}

/** Every take the file lists is whole; answers how many there are. */
export async function checkTakesWhole(libraryDir: string): Promise<number> {
  const folder = projectFolder(libraryDir);
  const db = new Database(path.join(folder, 'project.db'), { readonly: true });
  try {
    const takes = db.prepare('SELECT id, spec, video_file, poster_file, thumbs FROM takes').all() as
      { id: string; spec: string; video_file: string; poster_file: string | null; thumbs: string }[];
    for (const t of takes) {
      const media = (f: string): string => path.join(folder, 'media', f);
      for (const f of [t.video_file, ...(t.poster_file ? [t.poster_file] : []), ...(JSON.parse(t.thumbs) as string[])]) {
        expect(fs.existsSync(media(f)), `take ${t.id}: ${f}`).toBe(true);
        expect(fs.statSync(media(f)).size, `take ${t.id}: ${f}`).toBeGreaterThan(0);
      }
      const info = await probeClip(media(t.video_file));
      expect(info.frames, `take ${t.id}`).toBe((JSON.parse(t.spec) as { durationFrames: number }).durationFrames);
    }
    const done = db.prepare(`SELECT count(*) FROM jobs WHERE status = 'done' AND take_id IS NULL`).pluck().get() as number;
    expect(done, 'a finished job without its take').toBe(0);
    expect(db.prepare(`SELECT count(*) FROM jobs WHERE status = 'running'`).pluck().get() as number).toBeLessThanOrEqual(1);
    return takes.length;
  } finally {
    db.close();
  }
}

/** `.part` files under the project's media/ (an encode in flight at the kill leaves one). */
export function partFiles(libraryDir: string): string[] {
  const media = path.join(projectFolder(libraryDir), 'media');
  if (!fs.existsSync(media)) return [];
  return (fs.readdirSync(media, { recursive: true }) as string[]).filter((f) => f.endsWith('.part'));
}

/** The app opens the file again, with the scenes and shots the file holds. */
export function checkOpens(libraryDir: string, projectId: string, actual: ModelState): void {
  const library = new Library(libraryDir);
  try {
    const state = library.get(projectId).snapshot();
    expect(state.scenes.map((s) => s.shots.map((x) => x.name))).toEqual(actual.scenes);
  } finally {
    library.close();
  }
}
