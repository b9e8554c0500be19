/**
 * A kill while a take is encoded leaves a `.part` file (and its take folder) in
 * media/takes/: the next start removes them, before the queue resumes (issue 11, item 9).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProjectState } from '../../electron/ipc/schemas';
import { isPartFile, partPath } from '../../electron/media/atomic';
import { sweepMedia } from '../../electron/services/media-sweep';
import { makeApp, type TestApp } from '../helpers/app';
import { listTree } from '../helpers/db-dump';

let app: TestApp;
beforeEach(() => {
  app = makeApp();
});
afterEach(() => app.close());

/** A `.part` file named as the atomic writer names it, with some bytes in it. */
function leavePart(finalPath: string): string {
  fs.mkdirSync(path.dirname(finalPath), { recursive: true });
  const part = partPath(finalPath);
  fs.writeFileSync(part, Buffer.alloc(4096, 7));
  expect(isPartFile(part)).toBe(true);
  return part;
}

describe('leftovers of an interrupted encode', () => {
  it('are removed at start, for every project; finished files stay', async () => {
    const media: string[] = [];
    for (const name of ['One', 'Two']) {
      const state = await app.ok<ProjectState>('project.create', { name });
      media.push(path.join(state.project.path, 'media'));
    }
    const [one, two] = media as [string, string];
    // killed while ffmpeg wrote the clip: the take folder holds only the .part
    leavePart(path.join(one, 'takes', 'killed-take', 'clip.mp4'));
    // killed while the poster was written: the clip is finished
    fs.mkdirSync(path.join(two, 'takes', 'later-take'), { recursive: true });
    fs.writeFileSync(path.join(two, 'takes', 'later-take', 'clip.mp4'), 'clip');
    leavePart(path.join(two, 'takes', 'later-take', 'poster.jpg'));
    fs.mkdirSync(path.join(two, 'takes', 'done-take'), { recursive: true });
    fs.writeFileSync(path.join(two, 'takes', 'done-take', 'clip.mp4'), 'clip');
    // a file that only looks like one is the user's
    fs.writeFileSync(path.join(two, 'takes', 'done-take', 'notes.part'), 'mine');

    app.services.generation.recover();
    await app.services.generation.idle();

    expect(listTree(one)).toEqual(['takes/']);
    expect(listTree(two)).toEqual([
      'takes/', 'takes/done-take/', 'takes/done-take/clip.mp4', 'takes/done-take/notes.part',
      'takes/later-take/', 'takes/later-take/clip.mp4',
    ]);
    expect(app.logs.join('\n')).toMatch(/One: removed 1 unfinished file/);
  });

  it('sweepMedia answers what it removed, and takes a project without media', () => {
    const project = path.join(app.dir, 'Bare.directa');
    expect(sweepMedia(path.join(project, 'media'))).toEqual({ parts: [], folders: [] });
    const part = leavePart(path.join(project, 'media', 'takes', 't', 'clip.mp4'));
    expect(sweepMedia(path.join(project, 'media'))).toEqual({
      parts: [path.relative(path.join(project, 'media'), part)], folders: [path.join('takes', 't')],
    });
  });
});
