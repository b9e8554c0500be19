/**
 * A project whose database is damaged is listed as damaged, with the reason and what the
 * user can do, and its last good backup can be put back (issue 11, item 8). Real SQLite
 * files, damaged on disk.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listBackups } from '../../electron/store/backups';
import { Library } from '../../electron/store/library';
import { damageDatabase, type Damage } from '../helpers/damage-db';
import { expectStoreError } from '../helpers/store';
import { tempDir } from '../helpers/tmp';

let dir: string;
let cleanup: () => void;
let warnings: string[];
let library: Library;
const open = (): Library => new Library(dir, (m) => warnings.push(m), { intervalMs: 0, keep: 3 });
const dbOf = (folder: string): string => path.join(dir, folder, 'project.db');
const sceneNames = (lib: Library, id: string): string[] => lib.get(id).snapshot().scenes.map((s) => s.name);

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  warnings = [];
  library = open();
});
afterEach(() => {
  library.close();
  cleanup();
});

/** A project "Film" with scene Opening in its newest backup and scene Later after it. */
async function filmWithBackup(): Promise<string> {
  const store = library.create({ name: 'Film' });
  const id = store.info().id;
  store.createScene('Opening');
  await library.backupChanged();
  store.createScene('Later');
  library.close();
  return id;
}

describe('a damaged project database', () => {
  it.each<[Damage, RegExp]>([
    ['truncated', /project\.db is damaged \(database disk image is malformed\)/],
    ['junk header', /project\.db is not a readable database: its header is damaged/],
    ['unread page', /project\.db is damaged/],
  ])('%s: listed as damaged with the reason and the backup to restore, then restored', async (how, reason) => {
    const id = await filmWithBackup();
    damageDatabase(dbOf('Film.directa'), how);

    library = open();
    expect(library.list()).toEqual([]);
    expectStoreError(() => library.get(id), 'NOT_FOUND'); // no edit reaches a damaged file
    const [damaged, ...others] = library.damaged();
    expect(others).toEqual([]);
    expect(damaged).toMatchObject({
      folder: 'Film.directa', path: path.join(dir, 'Film.directa'), reason: expect.stringMatching(reason),
      advice: expect.stringMatching(/^Restore the last backup \(taken .*\): edits made after it are lost/),
      backup: { takenAt: listBackups(path.join(dir, 'Film.directa'))[0]!.takenAt },
    });
    expect(warnings.filter((w) => w.includes('Film.directa'))).toHaveLength(1);
    library.list();
    library.damaged();
    expect(warnings.filter((w) => w.includes('Film.directa'))).toHaveLength(1); // said once, not at every look

    const damagedBytes = fs.readFileSync(dbOf('Film.directa'));
    const restored = library.restoreBackup('Film.directa');
    expect(restored.info().id).toBe(id);
    expect(sceneNames(library, id)).toEqual(['Opening']);
    expect(library.list().map((p) => p.id)).toEqual([id]);
    expect(library.damaged()).toEqual([]);
    const kept = fs.readdirSync(path.join(dir, 'Film.directa')).filter((n) => n.startsWith('project.db.damaged-'));
    expect(kept).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, 'Film.directa', kept[0]!)).equals(damagedBytes)).toBe(true);
    restored.createScene('After restore');
    expect(sceneNames(library, id)).toEqual(['Opening', 'After restore']);
  });

  it('with a damaged page that opening does not read: refused before any edit is written', async () => {
    const id = await filmWithBackup();
    damageDatabase(dbOf('Film.directa'), 'unread page');
    const before = fs.readFileSync(dbOf('Film.directa'));
    library = open();
    expect(library.list()).toEqual([]);
    expectStoreError(() => library.get(id), 'NOT_FOUND');
    expect(fs.readFileSync(dbOf('Film.directa')).equals(before)).toBe(true);
  });

  it('without a backup: listed, with advice, and a restore is refused (CONFLICT); nothing is changed', () => {
    fs.mkdirSync(path.join(dir, 'Lost.directa'));
    fs.writeFileSync(dbOf('Lost.directa'), Buffer.from('not a database at all '.repeat(300)));
    fs.mkdirSync(path.join(dir, 'Empty.directa'));
    expect(library.damaged()).toEqual([
      expect.objectContaining({ folder: 'Empty.directa', reason: 'project.db is missing', backup: null }),
      expect.objectContaining({ folder: 'Lost.directa', reason: expect.stringMatching(/header is damaged/), advice: expect.stringMatching(/^No backup/), backup: null }),
    ]);
    const before = fs.readFileSync(dbOf('Lost.directa'));
    expectStoreError(() => library.restoreBackup('Lost.directa'), 'CONFLICT');
    expectStoreError(() => library.restoreBackup('Nope.directa'), 'NOT_FOUND');
    expect(fs.readFileSync(dbOf('Lost.directa')).equals(before)).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'Lost.directa'))).toEqual(['project.db']);
  });

  it('restores the newest backup that is itself sound', async () => {
    const id = await filmWithBackup();
    library = open();
    library.get(id); // opening backs up the state with both scenes
    library.close();
    const backups = listBackups(path.join(dir, 'Film.directa'));
    expect(backups.length).toBeGreaterThanOrEqual(3);
    damageDatabase(backups[0]!.file, 'junk header');
    damageDatabase(dbOf('Film.directa'), 'truncated');
    library = open();
    expect(library.damaged()[0]!.backup).toEqual({ takenAt: backups[1]!.takenAt });
    library.restoreBackup('Film.directa');
    expect(sceneNames(library, id)).toEqual(['Opening']);
  });

  it('is no longer listed once its folder is gone', async () => {
    await filmWithBackup();
    damageDatabase(dbOf('Film.directa'), 'junk header');
    library = open();
    expect(library.damaged()).toHaveLength(1);
    fs.rmSync(path.join(dir, 'Film.directa'), { recursive: true });
    expect(library.damaged()).toEqual([]);
  });
});

describe('rolling backups', () => {
  it('are taken on open and for changes, written whole, and only the newest few kept', async () => {
    const store = library.create({ name: 'Film' });
    const folder = store.path;
    expect(listBackups(folder)).toHaveLength(1); // on open
    await library.backupChanged();
    expect(listBackups(folder)).toHaveLength(1); // nothing changed
    for (const name of ['A', 'B', 'C', 'D']) {
      store.createScene(name);
      await new Promise((r) => setTimeout(r, 2)); // distinct names, one per millisecond at least
      await library.backupChanged();
    }
    const backups = listBackups(folder);
    expect(backups).toHaveLength(3);
    expect(fs.readdirSync(path.join(folder, 'backups')).sort()).toEqual(backups.map((b) => path.basename(b.file)).sort());
    const newest = new Library(path.join(dir, 'probe'));
    fs.cpSync(backups[0]!.file, path.join(dir, 'probe', 'Copy.directa', 'project.db'), { recursive: true });
    expect(newest.list()[0]!.name).toBe('Film');
    newest.close();
  });

  it('are not taken again when a project reopens unchanged', () => {
    library.create({ name: 'Film' });
    library.close();
    library = open();
    library.list();
    expect(listBackups(path.join(dir, 'Film.directa'))).toHaveLength(1);
  });

  it('are taken every interval while changes come in', async () => {
    library.close();
    library = new Library(dir, (m) => warnings.push(m), { intervalMs: 50, keep: 5 });
    const store = library.create({ name: 'Film' });
    store.createScene('A');
    await expect.poll(() => listBackups(store.path).length, { timeout: 60_000 }).toBe(2);
  });
});
