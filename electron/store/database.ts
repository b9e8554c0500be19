/**
 * Opening a project database: pragmas for durability, then migrations in one transaction.
 */
import Database from 'better-sqlite3';
import { migrations } from './migrations';

export type Db = Database.Database;

export interface OpenOptions {
  readonly?: boolean;
  /** open an existing project only: the file must exist and already carry a schema; nothing is written otherwise */
  existing?: boolean;
  /** path of a better-sqlite3 .node built for this runtime (Electron's ABI differs from Node's) */
  nativeBinding?: string;
}

let defaultNativeBinding: string | undefined;
/** The Electron main process points this at the build made for Electron's ABI. */
export function setDefaultNativeBinding(path: string | undefined): void {
  defaultNativeBinding = path;
}

/** A project database that is not a sound SQLite file: unreadable header, damaged page, no schema. */
export class DamagedDatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DamagedDatabaseError';
  }
}

/** SQLite's answers for a file that is not a database or is damaged. */
const DAMAGE_CODES = /^SQLITE_(CORRUPT|NOTADB)/;

/** Whether `err` says the database file itself is damaged (not busy, locked or missing). */
export function isDamage(err: unknown): boolean {
  return err instanceof DamagedDatabaseError || DAMAGE_CODES.test((err as { code?: unknown } | null)?.code as string ?? '');
}

/**
 * SQLite's quick integrity check (every page's structure, not index contents): fast enough
 * for every open. Throws DamagedDatabaseError with the first problems found.
 */
export function quickCheck(db: Db): void {
  let rows: string[];
  try {
    rows = (db.pragma('quick_check(5)') as Record<string, string>[]).map((r) => Object.values(r)[0]!);
  } catch (err) {
    if (isDamage(err)) throw new DamagedDatabaseError(`project.db is damaged (${(err as Error).message})`);
    throw err;
  }
  if (rows.length !== 1 || rows[0] !== 'ok') throw new DamagedDatabaseError(`project.db is damaged (${rows.slice(0, 3).join('; ')})`);
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const nativeBinding = options.nativeBinding ?? defaultNativeBinding;
  const db = new Database(file, {
    readonly: options.readonly ?? false,
    fileMustExist: (options.readonly ?? false) || (options.existing ?? false),
    ...(nativeBinding ? { nativeBinding } : {}),
  });
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    if (!options.readonly) {
      // Refuse a newer file before anything below writes to it (journal_mode rewrites the header).
      const version = checkVersion(db);
      if (options.existing && version === 0) throw new DamagedDatabaseError('project.db holds no project (it is empty or was wiped)');
      // A damaged page that opening happens not to read would otherwise take edits on top of it.
      if (options.existing) quickCheck(db);
      db.pragma('journal_mode = WAL');
      // FULL: an acknowledged edit survives a crash of the process and of the machine.
      db.pragma('synchronous = FULL');
      migrate(db);
    }
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** The file's schema version; throws if a newer Directa wrote it. */
function checkVersion(db: Db): number {
  const current = schemaVersion(db);
  if (current > migrations.length) {
    throw new Error(`this project was written by a newer Directa (schema ${current}, this build knows ${migrations.length})`);
  }
  return current;
}

/** Applies every pending migration in one transaction: a failure leaves the file as it was. */
export function migrate(db: Db): void {
  const current = checkVersion(db);
  if (current === migrations.length) return;
  db.transaction(() => {
    for (let v = current; v < migrations.length; v++) db.exec(migrations[v]!);
    db.pragma(`user_version = ${migrations.length}`);
  }).immediate();
}
