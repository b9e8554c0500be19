/**
 * The library: a folder of projects. A project is a folder `NAME.directa/` holding
 * `project.db` and `media/`, so a user can move, copy or back it up as one thing.
 * Deleting a project moves its folder to the library's `.trash/`: nothing is lost.
 *
 * A folder that does not open (a damaged or missing database, a newer Directa's file, a
 * copied project) is never dropped silently: damaged() lists it with the reason and what
 * the user can do, and restoreBackup() puts back its last good backup (backups.ts), which
 * the library keeps for every project it opens (backup-schedule.ts).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BackupSchedule, DEFAULT_BACKUP_POLICY, type BackupPolicy } from './backup-schedule';
import { BACKUP_DIR, lastWriteMs } from './backups';
import { describeDamage, DuplicateProjectError, restoreLastBackup, type DamagedProject } from './damaged';
import { openDatabase, type Db } from './database';
import { ProjectStore } from './project-store';
import { StoreError, type Fps, type ProjectInfo } from './types';

export const PROJECT_SUFFIX = '.directa';
export const DB_FILE = 'project.db';
export const MEDIA_DIR = 'media';

export interface NewProject { name: string; fps?: Fps; width?: number; height?: number }

export class Library {
  private readonly open = new Map<string, ProjectStore>();
  /** projects whose database someone (a running job) is using: see hold() */
  private readonly holds = new Map<string, number>();
  /** folders that look like projects but did not open, and the state of their files then */
  private readonly unopened = new Map<string, { damage: DamagedProject; signature: string }>();
  private readonly backups: BackupSchedule;

  constructor(
    readonly dir: string,
    private readonly warn: (message: string) => void = () => {},
    backupPolicy: BackupPolicy = DEFAULT_BACKUP_POLICY,
  ) {
    fs.mkdirSync(dir, { recursive: true });
    this.backups = new BackupSchedule(backupPolicy, () => this.open.values(), warn);
  }

  /** Every project in the library, newest edit first. Folders that do not open are in damaged(), not here. */
  list(): ProjectInfo[] {
    this.scan();
    return [...this.open.values()].map((p) => p.info()).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  /** Every NAME.directa folder that did not open, with why and what the user can do, by folder name. */
  damaged(): DamagedProject[] {
    this.scan();
    return [...this.unopened.values()].map((u) => u.damage).sort((a, b) => a.folder.localeCompare(b.folder));
  }

  /**
   * Puts a damaged project's last good backup in place of its database (the damaged file
   * stays beside it, renamed) and opens it. `folder` is a name from damaged().
   */
  restoreBackup(folder: string): ProjectStore {
    this.scan();
    const entry = this.unopened.get(path.join(this.dir, folder));
    if (!entry) throw new StoreError('NOT_FOUND', `no damaged project ${folder} in ${this.dir}`);
    if (!entry.damage.backup) throw new StoreError('CONFLICT', `${folder} cannot be restored from a backup: ${entry.damage.reason}`);
    const backup = restoreLastBackup(entry.damage.path, DB_FILE);
    const store = this.adopt(entry.damage.path);
    if (!store) {
      const why = this.unopened.get(entry.damage.path)?.damage.reason ?? 'unknown';
      throw new StoreError('CONFLICT', `the backup of ${backup.takenAt} was put in place, the damaged file kept, but ${folder} still does not open: ${why}`);
    }
    store.jobs.recover(); // a job the backup caught running runs nowhere now
    return store;
  }

  /** Backs up every open project changed since its last backup (the library also does so every few minutes). */
  backupChanged(): Promise<void> {
    return this.backups.backupChanged();
  }

  /** Builds the project in a hidden folder and renames it into place: a crash leaves no half-made project. */
  create(input: NewProject): ProjectStore {
    const id = randomUUID();
    const partial = path.join(this.dir, `.${id}.partial`);
    fs.mkdirSync(path.join(partial, MEDIA_DIR), { recursive: true });
    try {
      const db = openDatabase(path.join(partial, DB_FILE));
      const stamp = new Date().toISOString();
      const fps = input.fps ?? { num: 24, den: 1 };
      db.prepare(`INSERT INTO project (id, name, fps_num, fps_den, width, height, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(id, input.name, fps.num, fps.den, input.width ?? 1280, input.height ?? 720, stamp, stamp);
      db.close();
      const folder = this.freeFolder(input.name);
      fs.renameSync(partial, folder);
      const store = this.adopt(folder);
      if (!store) {
        // A failure answers that nothing was made, so nothing may stay: the folder is this call's own.
        fs.rmSync(folder, { recursive: true, force: true });
        throw new Error(`the new project at ${folder} could not be opened`);
      }
      return store;
    } catch (err) {
      fs.rmSync(partial, { recursive: true, force: true });
      throw err;
    }
  }

  get(id: string): ProjectStore {
    const found = this.open.get(id) ?? (this.scan(), this.open.get(id));
    if (!found) throw new StoreError('NOT_FOUND', `no project ${id} in ${this.dir}`);
    return found;
  }

  /**
   * Keeps the project's database open and its folder where it is until the returned
   * release is called: meanwhile delete() and a rename() that moves the folder refuse
   * (CONFLICT) instead of closing the database under its user. The generation queue
   * holds the project of the job it runs, and stops that job before either.
   */
  hold(id: string): () => void {
    this.get(id);
    this.holds.set(id, (this.holds.get(id) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.holds.get(id) ?? 1) - 1;
      if (left > 0) this.holds.set(id, left);
      else this.holds.delete(id);
    };
  }

  /** Whether rename(id, name) would move the project's folder (and so close and reopen its database). */
  renameMovesFolder(id: string, name: string): boolean {
    const store = this.get(id);
    return this.freeFolder(name, store.path) !== store.path;
  }

  /**
   * Renames the project and, where the new folder name is free, its folder. Once the new
   * name is committed the rename has happened: a folder that cannot follow is put back
   * (and logged), never reported as a failed rename.
   */
  rename(id: string, name: string): ProjectStore {
    const store = this.get(id);
    const target = this.freeFolder(name, store.path);
    if (target !== store.path) this.refuseIfHeld(id, 'renamed');
    store.rename(name);
    if (target === store.path) return store;
    store.db.close();
    this.open.delete(id);
    try {
      fs.renameSync(store.path, target);
    } catch (err) {
      this.warn(`kept folder ${store.path}: ${(err as Error).message}`);
      return this.reopen(store.path);
    }
    const moved = this.adopt(target);
    if (moved) return moved;
    this.warn(`moved ${target} back to ${store.path}: the project did not open there`);
    fs.renameSync(target, store.path);
    return this.reopen(store.path);
  }

  /** Moves the project folder into `.trash/` and returns where it went. */
  delete(id: string): string {
    const store = this.get(id);
    this.refuseIfHeld(id, 'deleted');
    store.db.close();
    this.open.delete(id);
    const trash = path.join(this.dir, '.trash');
    fs.mkdirSync(trash, { recursive: true });
    const stem = path.join(trash, `${path.basename(store.path, PROJECT_SUFFIX)}-${Date.now()}`);
    let target = `${stem}${PROJECT_SUFFIX}`;
    for (let n = 2; fs.existsSync(target); n++) target = `${stem}-${n}${PROJECT_SUFFIX}`;
    fs.renameSync(store.path, target);
    return target;
  }

  close(): void {
    this.backups.close();
    for (const store of this.open.values()) store.db.close();
    this.open.clear();
  }

  private reopen(folder: string): ProjectStore {
    const store = this.adopt(folder);
    if (!store) throw new Error(`the project at ${folder} could not be opened again`);
    return store;
  }

  private refuseIfHeld(id: string, what: string): void {
    if (this.holds.has(id)) throw new StoreError('CONFLICT', `the project cannot be ${what} while one of its shots generates or it is being exported: cancel that first`);
  }

  private scan(): void {
    const known = new Set([...this.open.values()].map((s) => s.path));
    const seen = new Set<string>();
    for (const entry of fs.readdirSync(this.dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || !entry.name.endsWith(PROJECT_SUFFIX)) continue;
      const folder = path.join(this.dir, entry.name);
      seen.add(folder);
      if (known.has(folder)) continue;
      // a folder that failed to open is tried again only once its files changed
      if (this.unopened.get(folder)?.signature === fileSignature(folder)) continue;
      this.adopt(folder);
    }
    for (const folder of this.unopened.keys()) if (!seen.has(folder)) this.unopened.delete(folder);
  }

  /** Opens the project in `folder` (checking its integrity) and backs it up; records why when it does not open. */
  private adopt(folder: string): ProjectStore | null {
    let db: Db | undefined;
    const file = path.join(folder, DB_FILE);
    const lastWrite = lastWriteMs(file);
    try {
      db = openDatabase(file, { existing: true });
      const store = new ProjectStore(db, folder);
      const info = store.info();
      const clash = this.open.get(info.id);
      if (clash && clash.path !== folder) {
        throw new DuplicateProjectError(`same project id as ${clash.path} (a copied folder?)`);
      }
      this.open.set(info.id, store);
      this.unopened.delete(folder);
      this.backups.opened(store, lastWrite);
      return store;
    } catch (err) {
      db?.close();
      const damage = describeDamage(folder, DB_FILE, err);
      const before = this.unopened.get(folder);
      // a copy of an open project is tried at every scan: the original may have gone
      const signature = err instanceof DuplicateProjectError ? '' : fileSignature(folder);
      this.unopened.set(folder, { damage, signature });
      if (before?.damage.reason !== damage.reason) this.warn(`skipped ${folder}: ${damage.reason}`);
      return null;
    }
  }

  /** A folder path for `name` that does not exist yet (or is `current`). */
  private freeFolder(name: string, current?: string): string {
    const base = safeFolderName(name);
    for (let n = 1; ; n++) {
      const candidate = path.join(this.dir, `${n === 1 ? base : `${base} (${n})`}${PROJECT_SUFFIX}`);
      if (candidate === current || !fs.existsSync(candidate)) return candidate;
    }
  }
}

/** What a folder's database files and backups are now: a failed open is retried when this changes. */
function fileSignature(folder: string): string {
  const stat = (file: string): string => {
    try {
      const s = fs.statSync(path.join(folder, file));
      return `${s.size}:${s.mtimeMs}`;
    } catch {
      return '-';
    }
  };
  let backups: string[] = [];
  try {
    backups = fs.readdirSync(path.join(folder, BACKUP_DIR));
  } catch {
    // none
  }
  return [stat(DB_FILE), stat(`${DB_FILE}-wal`), ...backups.sort()].join('|');
}

/** A UTF-16 code unit of a surrogate pair without its other half: it has no UTF-8 form. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A folder name that is valid on Windows, macOS and Linux, and well-formed UTF-16: a lone
 * surrogate would reach the file system as U+FFFD through Node but as other bytes through
 * SQLite, which then could not open the project's database.
 */
export function safeFolderName(name: string): string {
  const replaced = name.replace(LONE_SURROGATE, '_')
    // eslint-disable-next-line no-control-regex
    .replace(/[<>:"/\\|?*\u0000-\u001f]/g, '_');
  // 80 characters, counted by code point: a cut never splits a surrogate pair
  const cleaned = Array.from(replaced).slice(0, 80).join('').replace(/[. ]+$/, '').trim();
  return cleaned.length > 0 && !/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(cleaned) ? cleaned : 'Untitled';
}
