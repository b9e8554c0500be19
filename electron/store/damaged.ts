/**
 * Project folders the library cannot open: why, what the user can do, and the one repair
 * the app offers itself, restoring the last good backup (see backups.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { lastGoodBackup, syncDir, syncFile, type BackupFile } from './backups';
import { isDamage } from './database';
import { StoreError } from './types';

export interface DamagedProject {
  /** the folder's name in the library, e.g. "Film.directa": what a restore names */
  folder: string;
  path: string;
  reason: string;
  advice: string;
  /** the backup a restore would put back; null when restoring is not offered */
  backup: { takenAt: string } | null;
}

/** A failure to open a project whose folder name is taken by another (a copied folder). */
export class DuplicateProjectError extends Error {}
/** A project written by a newer Directa: not damaged, not to be replaced by a backup. */
const NEWER = /newer Directa/;

/** Why `folder` could not be opened (`err`, opening `dbFile` in it), and what the user can do. */
export function describeDamage(folder: string, dbFile: string, err: unknown): DamagedProject {
  const base = { folder: path.basename(folder), path: folder };
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof DuplicateProjectError) {
    return { ...base, reason: message, advice: 'Move one of the two folders out of the library folder, or open the copy with a Directa elsewhere.', backup: null };
  }
  if (NEWER.test(message)) {
    return { ...base, reason: message, advice: 'Open it with the newer Directa that wrote it. Nothing in the folder was changed.', backup: null };
  }
  const missing = !fs.existsSync(path.join(folder, dbFile));
  if (!missing && !isDamage(err)) {
    return { ...base, reason: `${dbFile} could not be opened (${message})`, advice: 'Check that the folder is readable and not in use by another program, then reopen the library.', backup: null };
  }
  const reason = missing ? `${dbFile} is missing` : damageReason(err, message, dbFile);
  const backup = lastGoodBackup(folder);
  const advice = backup
    ? `Restore the last backup (taken ${backup.takenAt}): edits made after it are lost. The damaged file is kept in the folder (${dbFile}.damaged-…).`
    : `No backup of this project was found. The folder is left as it is: replace ${dbFile} with a copy from your own backups, or move the folder out of the library.`;
  return { ...base, reason, advice, backup: backup && { takenAt: backup.takenAt } };
}

function damageReason(err: unknown, message: string, dbFile: string): string {
  const code = (err as { code?: unknown }).code;
  if (code === 'SQLITE_NOTADB') return `${dbFile} is not a readable database: its header is damaged (${message})`;
  if (typeof code === 'string') return `${dbFile} is damaged (${message})`;
  return message; // DamagedDatabaseError: already says what is wrong
}

/**
 * Puts the project's last good backup in place of its database. The damaged file (and its
 * WAL) are kept beside it as `project.db.damaged-STAMP`; nothing is deleted. Answers the
 * backup used; CONFLICT when there is none.
 */
export function restoreLastBackup(folder: string, dbFile: string): BackupFile {
  const backup = lastGoodBackup(folder);
  if (!backup) throw new StoreError('CONFLICT', `${path.basename(folder)} has no good backup to restore`);
  const db = path.join(folder, dbFile);
  const stamp = new Date().toISOString().replace(/[-:.]/g, '');
  const temp = path.join(folder, `.${dbFile}.restoring`);
  fs.copyFileSync(backup.file, temp);
  syncFile(temp, 'r+');
  try {
    for (const suffix of ['', '-wal']) {
      if (fs.existsSync(`${db}${suffix}`)) fs.renameSync(`${db}${suffix}`, `${db}.damaged-${stamp}${suffix}`);
    }
    fs.rmSync(`${db}-shm`, { force: true });
    fs.renameSync(temp, db);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
  syncDir(folder);
  return backup;
}
