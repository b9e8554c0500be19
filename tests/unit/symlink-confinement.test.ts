/**
 * Media and renderer files are served by real path: a symlink inside a project (or the
 * renderer folder) that points outside the allowed folder is refused, in the shared
 * resolvers and in Electron's app:// handler that uses them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appProtocolResponse } from '../../electron/app-protocol';
import { resolveMedia } from '../../electron/host/media-files';
import { resolveStatic } from '../../electron/host/static-files';
import { CLIP, makeSymlinkFixture, OUTSIDE, PROJECT_ID, type SymlinkFixture } from '../helpers/symlink-project';
import { tempDir } from '../helpers/tmp';

let tmp: { dir: string; cleanup: () => void };
let fx: SymlinkFixture;
beforeAll(() => {
  tmp = tempDir('directa-symlinks-');
  fx = makeSymlinkFixture(tmp.dir);
});
afterAll(() => tmp.cleanup());

describe('resolveMedia', () => {
  it('finds a take file and an alias that stays inside media/', () => {
    for (const p of fx.inside) {
      const found = resolveMedia(p, fx.projectDir);
      expect(found?.type).toBe('video/mp4');
      expect(fs.readFileSync(found!.file)).toEqual(CLIP);
      expect(found!.file).toBe(fs.realpathSync(found!.file));
    }
  });

  it('refuses every symlink that leaves the project\'s media/ folder', () => {
    for (const p of fx.escapes) expect(resolveMedia(p, fx.projectDir), p).toBeNull();
  });

  it('refuses dot files (a .part being written) and non-media types', () => {
    const takes = path.join(fx.projectDir(PROJECT_ID)!, 'media', 'takes');
    fs.writeFileSync(path.join(takes, '.clip.mp4.0123456789ab.part'), 'half');
    fs.writeFileSync(path.join(takes, 'page.html'), '<script>alert(1)</script>');
    expect(resolveMedia(`/media/${PROJECT_ID}/takes/.clip.mp4.0123456789ab.part`, fx.projectDir)).toBeNull();
    expect(resolveMedia(`/media/${PROJECT_ID}/takes/page.html`, fx.projectDir)).toBeNull();
  });

  it("serves the project's sound (media/audio/) with an audio type", () => {
    const media = path.join(fx.projectDir(PROJECT_ID)!, 'media', 'audio');
    fs.mkdirSync(media, { recursive: true });
    for (const [ext, type] of [['.wav', 'audio/wav'], ['.mp3', 'audio/mpeg'], ['.m4a', 'audio/mp4']]) {
      fs.writeFileSync(path.join(media, `clip${ext}`), 'sound');
      expect(resolveMedia(`/media/${PROJECT_ID}/audio/clip${ext}`, fx.projectDir)?.type).toBe(type);
    }
  });
});

describe('resolveStatic', () => {
  it('refuses a symlink in the renderer folder that points out of it', () => {
    expect(resolveStatic(fx.staticDir, '/assets/leak.js')).toBeNull();
    expect(resolveStatic(fx.staticDir, '/etc/passwd')).toBeNull();
    expect(resolveStatic(fx.staticDir, '/index.html')?.type).toMatch(/^text\/html/);
  });
});

describe("Electron's app:// protocol", () => {
  const get = async (p: string) => {
    const res = appProtocolResponse(`app://directa${p}`, { rendererDir: fx.staticDir, projectDir: fx.projectDir });
    return { status: res.status, body: await res.text() };
  };

  it('serves a take and the renderer', async () => {
    expect(await get(fx.inside[0]!)).toEqual({ status: 200, body: CLIP.toString() });
    expect((await get('/index.html')).status).toBe(200);
  });

  it('answers 404 for every symlink out of the allowed folders', async () => {
    for (const p of [...fx.escapes, '/assets/leak.js', '/etc/passwd']) {
      const res = await get(p);
      expect(res.status, p).toBe(404);
      expect(res.body).not.toContain(OUTSIDE);
      expect(res.body).not.toContain('root:');
    }
  });

  it('answers 404 for another host or scheme', async () => {
    expect(appProtocolResponse('app://elsewhere/index.html', { rendererDir: fx.staticDir, projectDir: fx.projectDir }).status).toBe(404);
  });
});
