import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../electron/store/database';
import { migrations } from '../../electron/store/migrations';
import { tempDir } from '../helpers/tmp';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

const tablesIn = (db: Database.Database): string[] =>
  db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
const declaredTables = (): string[] =>
  migrations.flatMap((sql) => [...sql.matchAll(/CREATE TABLE (\w+)/g)].map((m) => m[1]!)).sort();

describe('openDatabase on a new file', () => {
  it.each([['missing', false], ['empty (0 bytes)', true]])('migrates a %s file to the latest schema', (_, touch) => {
    const file = path.join(dir, 'project.db');
    if (touch) fs.writeFileSync(file, '');
    const db = openDatabase(file);
    try {
      expect(schemaVersion(db)).toBe(migrations.length);
      expect(declaredTables().length).toBeGreaterThanOrEqual(6);
      expect(tablesIn(db)).toEqual(declaredTables());
      expect(tablesIn(db)).toEqual(expect.arrayContaining(['project', 'scenes', 'shots', 'shot_objects', 'takes', 'jobs']));
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
    } finally {
      db.close();
    }
  });

  it('enforces foreign keys and cascades', () => {
    const db = openDatabase(path.join(dir, 'project.db'));
    try {
      const shot = db.prepare(`INSERT INTO shots (id, scene_id, position, name, duration_frames, seed, created_at, updated_at)
        VALUES (?, ?, 0, 'S', 24, 1, 't', 't')`);
      expect(() => shot.run('s1', 'no-such-scene')).toThrow(/FOREIGN KEY/);
      db.prepare("INSERT INTO scenes (id, position, name, created_at, updated_at) VALUES ('c1', 0, 'C', 't', 't')").run();
      shot.run('s1', 'c1');
      db.prepare('DELETE FROM scenes').run();
      expect(db.prepare('SELECT count(*) FROM shots').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('reopens an up-to-date file without changing its data', () => {
    const file = path.join(dir, 'project.db');
    const first = openDatabase(file);
    first.prepare("INSERT INTO scenes (id, position, name, created_at, updated_at) VALUES ('c1', 0, 'C', 't', 't')").run();
    first.close();
    const again = openDatabase(file);
    expect(schemaVersion(again)).toBe(migrations.length);
    expect(again.prepare('SELECT name FROM scenes').pluck().all()).toEqual(['C']);
    again.close();
  });
});

describe('openDatabase refusing a file', () => {
  it.each(['delete', 'wal'])('refuses a file from a newer schema (journal %s) with a clear error and leaves it byte for byte', (mode) => {
    const file = path.join(dir, 'project.db');
    const raw = new Database(file);
    raw.pragma(`journal_mode = ${mode}`);
    raw.exec('CREATE TABLE future (x TEXT); INSERT INTO future VALUES (\'kept\');');
    raw.pragma(`user_version = ${migrations.length + 1}`);
    raw.close();
    const before = fs.readFileSync(file);
    const listing = fs.readdirSync(dir).sort();

    expect(() => openDatabase(file)).toThrow(new RegExp(`newer Directa \\(schema ${migrations.length + 1}, this build knows ${migrations.length}\\)`));
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual(listing);
  });

  it('rolls a failing migration back whole: nothing is created and the version stays', () => {
    const file = path.join(dir, 'project.db');
    const raw = new Database(file);
    raw.exec('CREATE TABLE jobs (x TEXT)'); // migration 1 creates jobs last, so it fails after the other tables
    raw.close();
    expect(() => openDatabase(file)).toThrow(/jobs already exists/);
    const check = new Database(file, { readonly: true });
    expect(tablesIn(check)).toEqual(['jobs']);
    expect(check.pragma('user_version', { simple: true })).toBe(0);
    check.close();
  });
});
