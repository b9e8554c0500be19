/**
 * A project folder as someone might share it, with symlinks that point out of its media/
 * folder (to /etc/passwd, to its own project.db, to a file beside it, a whole media/
 * folder elsewhere) and one that stays inside (an alias of a take's clip, which is fine).
 */
import fs from 'node:fs';
import path from 'node:path';

export const PROJECT_ID = '0b3c7f10-2c9a-4d0e-9a51-6f5d2a1e7c01';
export const ELSEWHERE_ID = '5e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b';
export const CLIP = Buffer.from('clip bytes: a take');
export const DB = 'SQLite format 3\0 the project database: must never be served';
export const OUTSIDE = 'a file outside every allowed folder: must never be served';

export interface SymlinkFixture {
  projectDir: (id: string) => string | null;
  staticDir: string;
  /** URL paths that point out of the allowed folders through a symlink */
  escapes: string[];
  /** URL paths for files really inside (one through an inner symlink) */
  inside: string[];
}

export function makeSymlinkFixture(root: string): SymlinkFixture {
  const project = path.join(root, 'library', 'Shared.directa');
  const takes = path.join(project, 'media', 'takes');
  fs.mkdirSync(path.join(takes, 't1'), { recursive: true });
  fs.writeFileSync(path.join(takes, 't1', 'clip.mp4'), CLIP);
  fs.writeFileSync(path.join(project, 'project.db'), DB);
  fs.writeFileSync(path.join(project, 'beside.jpg'), OUTSIDE);
  fs.writeFileSync(path.join(root, 'outside.mp4'), OUTSIDE);
  fs.symlinkSync('/etc/passwd', path.join(takes, 'passwd.mp4'));
  fs.symlinkSync('../../project.db', path.join(takes, 'db.mp4'));
  fs.symlinkSync(path.join(root, 'outside.mp4'), path.join(takes, 'outside.mp4'));
  fs.symlinkSync('..', path.join(project, 'media', 'up'));
  fs.symlinkSync('t1/clip.mp4', path.join(takes, 'alias.mp4'));

  // a second project whose media/ folder itself is a symlink to somewhere else
  const elsewhere = path.join(root, 'library', 'Elsewhere.directa');
  fs.mkdirSync(path.join(root, 'other-media'), { recursive: true });
  fs.mkdirSync(elsewhere, { recursive: true });
  fs.writeFileSync(path.join(root, 'other-media', 'x.mp4'), OUTSIDE);
  fs.symlinkSync(path.join(root, 'other-media'), path.join(elsewhere, 'media'));

  const staticDir = path.join(root, 'static');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
  fs.symlinkSync(path.join(root, 'outside.mp4'), path.join(staticDir, 'assets', 'leak.js'));
  fs.symlinkSync('/etc', path.join(staticDir, 'etc'));

  const dirs: Record<string, string> = { [PROJECT_ID]: project, [ELSEWHERE_ID]: elsewhere };
  return {
    projectDir: (id) => dirs[id] ?? null,
    staticDir,
    escapes: [
      `/media/${PROJECT_ID}/takes/passwd.mp4`, `/media/${PROJECT_ID}/takes/db.mp4`, `/media/${PROJECT_ID}/takes/outside.mp4`,
      `/media/${PROJECT_ID}/up/beside.jpg`, `/media/${PROJECT_ID}/up/media/up/beside.jpg`, `/media/${ELSEWHERE_ID}/x.mp4`,
    ],
    inside: [`/media/${PROJECT_ID}/takes/t1/clip.mp4`, `/media/${PROJECT_ID}/takes/alias.mp4`],
  };
}
