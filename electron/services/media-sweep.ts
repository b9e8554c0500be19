/**
 * Leftovers of interrupted work in a project's media/ folder. Every file under media/ is
 * written atomically (media/atomic.ts): a kill while ffmpeg encodes a take leaves a
 * `.part` file beside where the clip would have gone, and the take's folder with it.
 *
 * Swept at app start, for every project, by GenerationService.recover(), before the
 * queue resumes: at that moment nothing writes into the library's media (the Electron
 * app is a single instance, and recover() already takes every job left 'running' as
 * interrupted). Not whenever a project opens: the CLI opens the library of a running
 * app, whose encoder may be writing a `.part` file at that moment.
 *
 * What goes: every `.part` file under media/, then every folder under media/takes/ left
 * empty. A take folder that still holds finished files is kept even when no take refers
 * to it (a take newer than a restored backup is the user's clip, not debris).
 */
import fs from 'node:fs';
import path from 'node:path';
import { isPartFile } from '../media/atomic';

export interface SweepResult { parts: string[]; folders: string[] }

/** Removes `.part` files under `mediaDir` and the take folders they leave empty; answers what it removed (relative to `mediaDir`). */
export function sweepMedia(mediaDir: string): SweepResult {
  const result: SweepResult = { parts: [], folders: [] };
  const takes = path.join(mediaDir, 'takes');
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // no media folder yet, or it vanished
    }
    for (const entry of entries) {
      const at = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(at);
        if (path.dirname(at) === takes && isEmptyDir(at)) {
          fs.rmdirSync(at);
          result.folders.push(path.relative(mediaDir, at));
        }
      } else if (entry.isFile() && isPartFile(entry.name)) {
        fs.rmSync(at, { force: true });
        result.parts.push(path.relative(mediaDir, at));
      }
    }
  };
  walk(mediaDir);
  return result;
}

function isEmptyDir(dir: string): boolean {
  try {
    return fs.readdirSync(dir).length === 0;
  } catch {
    return false;
  }
}
