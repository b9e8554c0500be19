/** Damaging a closed project database on disk, the ways disks, sync tools and crashes do. */
import fs from 'node:fs';
import Database from 'better-sqlite3';

export type Damage = 'truncated' | 'junk header' | 'unread page';

export function damageDatabase(file: string, how: Damage): void {
  const bytes = fs.readFileSync(file);
  if (how === 'truncated') {
    fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
  } else if (how === 'junk header') {
    bytes.fill(0x41, 0, 100);
    fs.writeFileSync(file, bytes);
  } else {
    // the root page of the takes table: opening a project and editing its shots never reads it
    const db = new Database(file, { readonly: true });
    const root = db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'takes'").pluck().get() as number;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.close();
    bytes[(root - 1) * pageSize] = 0xff; // an invalid b-tree page type
    fs.writeFileSync(file, bytes);
  }
}
