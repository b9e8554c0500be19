import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Library, safeFolderName } from '../../electron/store/library';
import { migrations } from '../../electron/store/migrations';
import { listTree } from '../helpers/db-dump';
import { expectStoreError } from '../helpers/store';
import { tempDir } from '../helpers/tmp';

let dir: string;
let cleanup: () => void;
let warnings: string[];
let library: Library;

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  warnings = [];
  library = new Library(dir, (m) => warnings.push(m));
});
afterEach(() => {
  vi.restoreAllMocks();
  library.close();
  cleanup();
});

const folders = (): string[] => fs.readdirSync(dir).filter((n) => n.endsWith('.directa')).sort();

describe('Library', () => {
  it('creates a project as NAME.directa with project.db and media/', () => {
    const store = library.create({ name: 'Heist', fps: { num: 25, den: 1 }, width: 1920, height: 1080 });
    expect(store.path).toBe(path.join(dir, 'Heist.directa'));
    expect(fs.existsSync(path.join(store.path, 'project.db'))).toBe(true);
    expect(fs.statSync(path.join(store.path, 'media')).isDirectory()).toBe(true);
    expect(store.info()).toMatchObject({ name: 'Heist', fps: { num: 25, den: 1 }, width: 1920, height: 1080 });
    expect(library.create({ name: 'Defaults' }).info()).toMatchObject({ fps: { num: 24, den: 1 }, width: 1280, height: 720 });
  });

  it('leaves no partial folder behind after creating', () => {
    library.create({ name: 'Atomic' });
    expect(fs.readdirSync(dir).filter((n) => n.includes('partial'))).toEqual([]);
  });

  it('gives same-named and unsafe names distinct, safe folders', () => {
    library.create({ name: 'Heist' });
    library.create({ name: 'Heist' });
    library.create({ name: 'a/b:c*?' });
    library.create({ name: 'con' });
    expect(folders()).toEqual(['Heist (2).directa', 'Heist.directa', 'Untitled.directa', 'a_b_c__.directa']);
    expect(safeFolderName('trailing dots...')).toBe('trailing dots');
  });

  it('lists and gets projects, also from a fresh Library on the same folder', () => {
    const a = library.create({ name: 'A' }).info();
    const b = library.create({ name: 'B' }).info();
    expect(library.list().map((p) => p.id).sort()).toEqual([a.id, b.id].sort());
    expect(library.get(a.id).info().name).toBe('A');
    library.close();
    library = new Library(dir);
    expect(library.list().map((p) => p.name).sort()).toEqual(['A', 'B']);
    expect(library.get(b.id).info()).toEqual(b);
  });

  it('answers NOT_FOUND for an unknown id', () => {
    library.create({ name: 'A' });
    expectStoreError(() => library.get('00000000-0000-4000-8000-000000000000'), 'NOT_FOUND');
    expectStoreError(() => library.get('nope'), 'NOT_FOUND');
  });

  it('renames a project and its folder, keeping its content', () => {
    const store = library.create({ name: 'Draft' });
    const id = store.info().id;
    store.createScene('Kept');
    const renamed = library.rename(id, 'Final Cut');
    expect(renamed.path).toBe(path.join(dir, 'Final Cut.directa'));
    expect(folders()).toEqual(['Final Cut.directa']);
    expect(library.get(id).info().name).toBe('Final Cut');
    expect(library.get(id).snapshot().scenes.map((s) => s.name)).toEqual(['Kept']);
  });

  it('renames into a taken name with a numbered folder, and to its own name in place', () => {
    library.create({ name: 'Taken' });
    const id = library.create({ name: 'Other' }).info().id;
    expect(library.rename(id, 'Taken').path).toBe(path.join(dir, 'Taken (2).directa'));
    expect(library.rename(id, 'Taken').path).toBe(path.join(dir, 'Taken (2).directa'));
    expect(folders()).toEqual(['Taken (2).directa', 'Taken.directa']);
  });

  it('deletes by moving the folder into .trash/', () => {
    const store = library.create({ name: 'Gone' });
    const id = store.info().id;
    store.createScene('Inside');
    const trashed = library.delete(id);
    expect(path.dirname(trashed)).toBe(path.join(dir, '.trash'));
    expect(folders()).toEqual([]);
    expect(library.list()).toEqual([]);
    expectStoreError(() => library.get(id), 'NOT_FOUND');
    const db = new Database(path.join(trashed, 'project.db'), { readonly: true });
    expect(db.prepare('SELECT name FROM scenes').pluck().all()).toEqual(['Inside']);
    db.close();
  });

  it('keeps both in the trash when two projects of the same name are deleted in the same millisecond', () => {
    vi.spyOn(Date, 'now').mockReturnValue(1_700_000_000_000);
    const first = library.create({ name: 'Twin' }).info().id;
    const trashed1 = library.delete(first);
    const second = library.create({ name: 'Twin' }).info().id;
    const trashed2 = library.delete(second);
    expect(trashed2).not.toBe(trashed1);
    expect(fs.readdirSync(path.join(dir, '.trash'))).toHaveLength(2);
  });

  describe('junk folders', () => {
    const junk = (name: string, db?: string | Buffer): void => {
      fs.mkdirSync(path.join(dir, name));
      if (db !== undefined) fs.writeFileSync(path.join(dir, name, 'project.db'), db);
    };

    it('skips NAME.directa folders that are not projects, with a warning, and leaves them as they were', () => {
      const good = library.create({ name: 'Good' }).info();
      junk('empty.directa');
      junk('garbage.directa', Buffer.from('this is not a database '.repeat(100)));
      junk('zero.directa', '');
      const newer = path.join(dir, 'newer.directa');
      fs.mkdirSync(newer);
      const raw = new Database(path.join(newer, 'project.db'));
      raw.pragma(`user_version = ${migrations.length + 5}`);
      raw.close();
      const before = listTree(dir);

      const fresh = new Library(dir, (m) => warnings.push(m));
      try {
        expect(fresh.list().map((p) => p.id)).toEqual([good.id]);
        for (const name of ['empty', 'garbage', 'zero', 'newer']) {
          expect(warnings.some((w) => w.includes(`${name}.directa`))).toBe(true);
        }
        expectStoreError(() => fresh.get('00000000-0000-4000-8000-000000000000'), 'NOT_FOUND');
        expect(listTree(dir)).toEqual(before);
        expect(fs.readFileSync(path.join(dir, 'zero.directa', 'project.db'))).toHaveLength(0);
      } finally {
        fresh.close();
      }
    });

    it('skips a copied project folder that has the same id, with a warning', () => {
      const store = library.create({ name: 'Original' });
      const id = store.info().id;
      library.close();
      fs.cpSync(path.join(dir, 'Original.directa'), path.join(dir, 'Copy.directa'), { recursive: true });
      library = new Library(dir, (m) => warnings.push(m));
      expect(library.list().map((p) => p.id)).toEqual([id]);
      expect(warnings.join('\n')).toMatch(/same project id/);
    });
  });
});
