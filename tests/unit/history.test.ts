/** Undo and redo of every kind of edit, through the trigger-written log in the project file. */
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/store/database';
import { Library } from '../../electron/store/library';
import { MERGE_WINDOW_MS, UNDO_DEPTH } from '../../electron/store/history';
import type { ProjectStore } from '../../electron/store/project-store';
import fs from 'node:fs';
import path from 'node:path';
import { UNDO_TAKE_COLUMNS, UNDO_TABLES } from '../../electron/store/undo-schema';
import { FOX_PROMPT, objectFor } from '../helpers/fixture';
import { projectStoreFixture } from '../helpers/store';
import { tempDir } from '../helpers/tmp';

const ctx = projectStoreFixture();
let library: Library;
let store: ProjectStore;
beforeEach(() => ({ library, store } = ctx));

/** The project's content without timestamps or undo bookkeeping. */
const content = () => store.snapshot().scenes;

describe('undo and redo', () => {
  it('walks back through every kind of edit to an empty project, and forward again', () => {
    const states = [content()];
    const scene = store.createScene('Opening'); states.push(content());
    const shot = store.createShot(scene, 'A'); states.push(content());
    store.updateShot(shot, { prompt: FOX_PROMPT, camera: { cx: 0.5, cy: 0, cz: 1.5 } }); states.push(content());
    store.setObjects(shot, [objectFor(FOX_PROMPT, 'fox')]); states.push(content());
    store.duplicateShot(shot); states.push(content());
    const second = store.createScene('Chase'); states.push(content());
    store.moveShot(shot, second, 0); states.push(content());
    store.duplicateScene(scene); states.push(content());
    store.moveScene(second, 0); states.push(content());
    store.deleteScene(scene); states.push(content()); // cascades to its shots and their objects
    store.updateScene(second, { name: 'Chase (night)' }); states.push(content());

    for (let i = states.length - 2; i >= 0; i--) {
      expect(store.undo()).not.toBeNull();
      expect(content()).toEqual(states[i]);
    }
    expect(store.undo()).toBeNull();
    for (let i = 1; i < states.length; i++) {
      expect(store.redo()).not.toBeNull();
      expect(content()).toEqual(states[i]);
    }
    expect(store.redo()).toBeNull();
    expect(store.db.pragma('foreign_key_check')).toEqual([]);
  });

  it('labels what it would undo and redo, and a new edit clears the redo', () => {
    const scene = store.createScene();
    const shot = store.createShot(scene);
    store.updateShot(shot, { prompt: 'a dog' });
    expect(store.snapshot().history).toEqual({ undo: 'Edit prompt', redo: null });
    expect(store.undo()).toBe('Edit prompt');
    expect(store.snapshot().history).toEqual({ undo: 'Add shot', redo: 'Edit prompt' });
    store.updateShot(shot, { notes: 'wide' });
    expect(store.snapshot().history).toEqual({ undo: 'Edit notes', redo: null });
  });

  it('undoes quick edits of one field as one, and separate fields separately', () => {
    const shot = store.createShot(store.createScene());
    for (const prompt of ['a', 'a d', 'a do', 'a dog']) store.updateShot(shot, { prompt });
    store.updateShot(shot, { seed: 7 });
    store.undo();
    expect(store.getShot(shot).prompt).toBe('a dog');
    store.undo();
    expect(store.getShot(shot).prompt).toBe('');
    expect(MERGE_WINDOW_MS).toBeGreaterThan(0);
  });

  it('undoes each replacement of the objects alone, however quick (one canvas gesture each)', () => {
    const shot = store.createShot(store.createScene());
    store.updateShot(shot, { prompt: FOX_PROMPT });
    const fox = objectFor(FOX_PROMPT, 'fox');
    store.setObjects(shot, [fox]);
    store.setObjects(shot, [{ ...fox, color: '#112233' }]);
    expect(store.undo()).toBe('Edit boxes');
    expect(store.getShot(shot).objects.map((o) => o.color)).toEqual([fox.color]);
    expect(store.undo()).toBe('Edit boxes');
    expect(store.getShot(shot).objects).toEqual([]);
  });

  it('survives closing and reopening the project', () => {
    const shot = store.createShot(store.createScene());
    store.updateShot(shot, { prompt: 'kept' });
    const id = store.info().id;
    library.close();
    library = ctx.library = new Library(library.dir);
    store = ctx.store = library.get(id);
    expect(store.undo()).toBe('Edit prompt');
    expect(store.getShot(shot).prompt).toBe('');
  });

  it('keeps a bounded history', () => {
    for (let i = 0; i < UNDO_DEPTH + 20; i++) store.createScene();
    expect(store.db.prepare(`SELECT count(*) FROM undo_edits WHERE stack = 'undo'`).pluck().get()).toBe(UNDO_DEPTH);
  });

  it('records nothing for an edit that fails', () => {
    store.createScene();
    expect(() => store.updateScene('00000000-0000-4000-8000-000000000000', { name: 'x' })).toThrow();
    expect(store.snapshot().history.undo).toBe('Add scene');
  });
});

describe('takes of a deleted shot (issue 12)', () => {
  /** A take of `shot` with a file in media/takes/<id>/, as generation leaves it. */
  const addTake = (shot: string): { id: string; dir: string } => {
    const take = store.takes.add({ shotId: shot, specHash: 'a'.repeat(64), spec: {}, modelId: 'm', videoFile: 'x/clip.mp4', posterFile: null, thumbs: [], provider: 'cpu', timings: {}, metrics: {} });
    const dir = path.join(store.path, 'media', 'takes', take.id);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'clip.mp4'), 'clip');
    return { id: take.id, dir };
  };

  it('come back when the delete is undone, and go again on redo', () => {
    const shot = store.createShot(store.createScene());
    const take = addTake(shot);
    store.deleteShot(shot);
    expect(store.takes.forShot(shot)).toEqual([]);
    expect(fs.existsSync(take.dir)).toBe(true); // the delete can still be undone
    expect(store.undo()).toBe('Delete shot');
    expect(store.takes.forShot(shot).map((t) => t.id)).toEqual([take.id]);
    expect(store.redo()).toBe('Delete shot');
    expect(store.takes.forShot(shot)).toEqual([]);
    expect(store.undo()).toBe('Delete shot');
    expect(store.takes.forShot(shot).map((t) => t.id)).toEqual([take.id]);
    expect(store.db.pragma('foreign_key_check')).toEqual([]);
  });

  it('lose their files only when nothing can bring them back', () => {
    const scene = store.createScene();
    const shot = store.createShot(scene);
    const kept = store.createShot(scene);
    const take = addTake(shot);
    const other = addTake(kept);
    store.deleteShot(shot);
    for (let i = 0; i < UNDO_DEPTH - 1; i++) store.createScene();
    expect(fs.existsSync(take.dir)).toBe(true); // the delete is the oldest edit still undoable
    store.createScene(); // ...and now falls off the bounded history
    expect(fs.existsSync(take.dir)).toBe(false);
    expect(fs.existsSync(other.dir)).toBe(true);
  });

  it('lose their files when the redo that held them is cleared by a new edit', () => {
    const scene = store.createScene();
    const shot = store.createShot(scene);
    const take = addTake(shot);
    store.undo(); // the shot's creation undone: shot and take gone, the redo can bring both back
    expect(fs.existsSync(take.dir)).toBe(true);
    store.createScene();
    expect(fs.existsSync(take.dir)).toBe(false);
  });
});

describe('undo schema', () => {
  it('covers every column of the takes table (whose deletes are under undo)', () => {
    const tmp = tempDir();
    const db = openDatabase(`${tmp.dir}/p.db`);
    const actual = (db.pragma('table_info(takes)') as { name: string }[]).map((c) => c.name);
    expect([...UNDO_TAKE_COLUMNS].sort()).toEqual(actual.sort());
    db.close();
    tmp.cleanup();
  });

  it('covers every column of every table under undo, as the migrations left the triggers', () => {
    // read from the database itself: each undo delete trigger re-inserts a row with every column of its table
    const tmp = tempDir();
    const db = openDatabase(`${tmp.dir}/p.db`);
    const triggers = db.prepare(`SELECT tbl_name AS tbl, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%undo_delete'`)
      .all() as { tbl: string; sql: string }[];
    expect(triggers.map((t) => t.tbl).sort()).toEqual(expect.arrayContaining([...Object.keys(UNDO_TABLES), 'takes', 'audio_clips'].sort()));
    for (const { tbl, sql } of triggers) {
      const listed = new RegExp(`INSERT INTO ${tbl} \\(([^)]*)\\)`).exec(sql)?.[1]?.split(',').map((c) => c.trim());
      const actual = (db.pragma(`table_info(${tbl})`) as { name: string }[]).map((c) => c.name);
      expect(listed?.sort(), tbl).toEqual(actual.sort());
    }
    db.close();
    tmp.cleanup();
  });
});
