/** Full, comparable dumps of a project database and of a library folder. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type Dump = { userVersion: number; tables: Record<string, unknown[]> };

/** Every row of every table, in rowid order, read through a separate read-only connection. */
export function dumpDatabase(file: string): Dump {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    const tables: Record<string, unknown[]> = {};
    for (const name of names) tables[name] = db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all();
    return { userVersion: db.pragma('user_version', { simple: true }) as number, tables };
  } finally {
    db.close();
  }
}

/** Every path under `dir`, relative and sorted (folders end with "/"). */
export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string, rel: string): void => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        out.push(`${child}/`);
        walk(path.join(at, entry.name), child);
      } else {
        out.push(child);
      }
    }
  };
  walk(dir, '');
  return out.sort();
}

/** The library's listing plus a dump of every top-level project's database. */
export function dumpLibrary(dir: string): { tree: string[]; projects: Record<string, Dump> } {
  const projects: Record<string, Dump> = {};
  for (const entry of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, entry, 'project.db');
    if (entry.endsWith('.directa') && fs.existsSync(file)) projects[entry] = dumpDatabase(file);
  }
  return { tree: listTree(dir), projects };
}
