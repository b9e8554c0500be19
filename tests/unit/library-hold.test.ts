/**
 * Library.hold: while a job uses a project's database, nothing closes it (issue 11, item 1);
 * JobStore.requeue: a job stopped on purpose goes back to the queue as if it had not started.
 */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Library } from '../../electron/store/library';
import { expectStoreError } from '../helpers/store';
import { tempDir } from '../helpers/tmp';

let tmp: { dir: string; cleanup: () => void };
let library: Library;

beforeEach(() => {
  tmp = tempDir();
  library = new Library(tmp.dir);
});
afterEach(() => {
  library.close();
  tmp.cleanup();
});

describe('Library.hold', () => {
  it('refuses delete, and a rename that moves the folder, while held; allows both once released', () => {
    const store = library.create({ name: 'Held' });
    const id = store.info().id;
    const release = library.hold(id);
    const second = library.hold(id);
    expectStoreError(() => library.delete(id), 'CONFLICT');
    expectStoreError(() => library.rename(id, 'Moved'), 'CONFLICT');
    expect(store.info().name).toBe('Held'); // refused before anything was written
    expect(store.db.open).toBe(true);
    // a rename that keeps the folder closes nothing: allowed
    expect(library.renameMovesFolder(id, 'Held ')).toBe(false);
    expect(library.rename(id, 'Held ').info().name).toBe('Held ');

    release();
    release(); // twice is once
    expectStoreError(() => library.delete(id), 'CONFLICT'); // the second hold is still there
    second();
    expect(library.renameMovesFolder(id, 'Moved')).toBe(true);
    const moved = library.rename(id, 'Moved');
    expect(moved.path.endsWith('Moved.directa')).toBe(true);
    expect(fs.existsSync(library.delete(id))).toBe(true);
  });

  it('holds only a project that exists', () => {
    expectStoreError(() => library.hold('7d1b3c1e-0000-4000-8000-000000000000'), 'NOT_FOUND');
  });
});

describe('JobStore.requeue', () => {
  it('puts a running job back in its place, progress 0, the start not counted', () => {
    const store = library.create({ name: 'Queue' });
    const shot = store.createShot(store.createScene('S'));
    const a = store.jobs.enqueue(shot, 'a'.repeat(64), {});
    const b = store.jobs.enqueue(shot, 'b'.repeat(64), {});
    store.jobs.start(a.id);
    store.jobs.progress(a.id, 0.5);
    store.jobs.requeue(a.id);
    expect(store.jobs.get(a.id)).toMatchObject({ status: 'queued', progress: 0, attempts: 0, startedAt: null });
    expect(store.jobs.next()?.id).toBe(a.id);
    expectStoreError(() => store.jobs.requeue(b.id), 'CONFLICT'); // only a running job
  });
});
