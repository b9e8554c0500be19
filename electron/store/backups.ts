/**
 * Rolling backups of a project's database, kept in the project folder (`backups/`), so
 * that a damaged `project.db` can be replaced by its last good copy.
 *
 * * When a project opens (after its integrity check passed), unless the newest backup
 *   is already newer than the database's last write: a synchronous `VACUUM INTO`, so the
 *   folder is complete when `Library` hands the project out.
 * * While it is open, every `intervalMs` if it changed since its last backup: SQLite's
 *   online backup API (`db.backup()`), which copies in steps without blocking the app.
 *
 * Each backup is written under a temporary name, flushed, then renamed: a crash never
 * leaves a half-written file under a backup's name. The newest `keep` are kept.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from './database';

export const BACKUP_DIR = 'backups';
const NAME = /^project-(\d{8}T\d{9}Z)\.db$/;
const TEMP = /^\.project-.*\.partial$/;
/** A temporary file this old is a leftover of a crash, not a backup in progress. */
const STALE_TEMP_MS = 60 * 60 * 1000;

export interface BackupFile { file: string; takenAt: string }

/** "2026-11-27T21:48:11.330Z" ⇄ "20261127T214811330Z" */
const stampOf = (iso: string): string => iso.replace(/[-:.]/g, '');
const isoOf = (stamp: string): string =>
  `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}.${stamp.slice(15, 18)}Z`;

/** The project's backups, newest first. */
export function listBackups(projectDir: string): BackupFile[] {
  let names: string[];
  try {
    names = fs.readdirSync(path.join(projectDir, BACKUP_DIR));
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const m = NAME.exec(name);
    return m ? [{ file: path.join(projectDir, BACKUP_DIR, name), takenAt: isoOf(m[1]!) }] : [];
  }).sort((a, b) => b.takenAt.localeCompare(a.takenAt));
}

/** Whether a backup file is a sound Directa database (opened read-only; nothing is written). */
export function isGoodBackup(file: string): boolean {
  let db: Db | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const check = db.pragma('quick_check', { simple: true });
    return check === 'ok' && (db.pragma('user_version', { simple: true }) as number) > 0;
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

/** The newest backup that passes its integrity check, or null. */
export function lastGoodBackup(projectDir: string): BackupFile | null {
  return listBackups(projectDir).find((b) => isGoodBackup(b.file)) ?? null;
}

/** The last time the database file was written (its WAL included), in ms; 0 when unknown. */
export function lastWriteMs(dbFile: string): number {
  return Math.max(0, ...[dbFile, `${dbFile}-wal`].map((f) => {
    try {
      return fs.statSync(f).mtimeMs;
    } catch {
      return 0;
    }
  }));
}

/** Whether the newest backup is at least as new as the database's last write (`lastWrite` from `lastWriteMs`). */
export function backupIsCurrent(projectDir: string, lastWrite: number): boolean {
  const newest = listBackups(projectDir)[0];
  if (!newest) return false;
  try {
    return fs.statSync(newest.file).mtimeMs >= lastWrite;
  } catch {
    return false;
  }
}

/** A synchronous backup (VACUUM INTO): for the moment a project opens. Answers the new file. */
export function backupNowSync(db: Db, projectDir: string, keep: number): string {
  return writeBackup(projectDir, keep, (temp) => {
    db.prepare('VACUUM INTO ?').run(temp);
  });
}

/** A backup through SQLite's online backup API, in steps between other work. Answers the new file. */
export async function backupOnline(db: Db, projectDir: string, keep: number): Promise<string> {
  const { temp, final } = prepare(projectDir);
  try {
    await db.backup(temp);
    return finish(projectDir, temp, final, keep);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
}

function writeBackup(projectDir: string, keep: number, write: (temp: string) => void): string {
  const { temp, final } = prepare(projectDir);
  try {
    write(temp);
    return finish(projectDir, temp, final, keep);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
}

function prepare(projectDir: string): { temp: string; final: string } {
  const dir = path.join(projectDir, BACKUP_DIR);
  fs.mkdirSync(dir, { recursive: true });
  removeStaleTemps(dir);
  const stamp = stampOf(new Date().toISOString());
  return {
    temp: path.join(dir, `.project-${stamp}-${process.pid}-${Math.random().toString(16).slice(2, 10)}.partial`),
    final: path.join(dir, `project-${stamp}.db`),
  };
}

function finish(projectDir: string, temp: string, final: string, keep: number): string {
  syncFile(temp, 'r+');
  fs.renameSync(temp, final);
  syncDir(path.dirname(final));
  for (const old of listBackups(projectDir).slice(Math.max(1, keep))) fs.rmSync(old.file, { force: true });
  return final;
}

function removeStaleTemps(dir: string): void {
  for (const name of fs.readdirSync(dir)) {
    if (!TEMP.test(name)) continue;
    const file = path.join(dir, name);
    try {
      if (Date.now() - fs.statSync(file).mtimeMs > STALE_TEMP_MS) fs.rmSync(file, { force: true });
    } catch {
      // gone meanwhile
    }
  }
}

/** Flushes a file to disk. */
export function syncFile(file: string, flags = 'r'): void {
  const fd = fs.openSync(file, flags);
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes a rename in `dir` durable on POSIX (Windows cannot open a folder this way). */
export function syncDir(dir: string): void {
  if (process.platform === 'win32') return;
  try {
    syncFile(dir);
  } catch {
    // best effort: some file systems refuse fsync on a folder
  }
}
