/**
 * The browser host's scoped credentials over HTTP: media URLs in call answers carry a token
 * for that one file, the events socket opens with a single-use ticket, and symlinks in a
 * project never serve a file outside its media/ folder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SECRET_HEADER, startHost, type Host } from '../../electron/host/server';
import type { Router } from '../../electron/ipc/router';
import { CLIP, makeSymlinkFixture, OUTSIDE, PROJECT_ID, type SymlinkFixture } from '../helpers/symlink-project';
import { tempDir } from '../helpers/tmp';

const clip = `/media/${PROJECT_ID}/takes/t1/clip.mp4`;
const alias = `/media/${PROJECT_ID}/takes/alias.mp4`;

let tmp: { dir: string; cleanup: () => void };
let fx: SymlinkFixture;
let host: Host;

beforeAll(async () => {
  tmp = tempDir('directa-host-cred-');
  fx = makeSymlinkFixture(tmp.dir);
  const router = (async () => ({ ok: true, value: { videoUrl: clip, thumbUrls: [alias], prompt: clip } })) as unknown as Router;
  host = await startHost({ router, staticDir: fx.staticDir, projectDir: fx.projectDir, port: 0 });
});
afterAll(async () => {
  await host.close();
  tmp.cleanup();
});

const post = (p: string, body: unknown, headers: Record<string, string> = { [SECRET_HEADER]: host.secret }) =>
  fetch(`${host.url}${p}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
const get = (p: string, headers: Record<string, string> = {}) => fetch(`${host.url}${p}`, { headers });

describe('media tokens', () => {
  it('a call answers media URLs with a token that opens that file, with ranges', async () => {
    const { value } = (await (await post('/api/call/take.list', {})).json()) as { value: { videoUrl: string; thumbUrls: string[]; prompt: string } };
    expect(value.videoUrl).toMatch(/\?token=/);
    expect(value.prompt).toBe(clip);
    const res = await get(value.videoUrl);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(CLIP);
    const part = await get(value.videoUrl, { range: 'bytes=0-3' });
    expect(part.status).toBe(206);
    expect(await part.text()).toBe(CLIP.subarray(0, 4).toString());
    expect((await get(value.thumbUrls[0]!)).status).toBe(200);
  });

  it('refuses media without a token, with another file\'s token, or with the secret in the query', async () => {
    const signed = host.auth.signMedia(alias);
    const token = new URL(signed, host.url).searchParams.get('token')!;
    for (const p of [clip, `${clip}?token=${token}`, `${clip}?token=1.x`, `${clip}?secret=${encodeURIComponent(host.secret)}`]) {
      const res = await get(p);
      expect(res.status, p).toBe(403);
      expect(await res.text()).not.toContain(CLIP.toString());
    }
  });

  it('signs a fresh URL for a media URL only, and only with the secret', async () => {
    const res = await post('/api/media/sign', { url: `${clip}?token=123.expired` });
    const { url } = (await res.json()) as { url: string };
    expect(url.startsWith(`${clip}?token=`)).toBe(true);
    expect((await get(url)).status).toBe(200);
    expect((await post('/api/media/sign', { url: '/index.html' })).status).toBe(400);
    expect((await post('/api/media/sign', { url: `http://evil.example${clip}` })).status).toBe(400);
    expect((await post('/api/media/sign', { url: clip }, {})).status).toBe(403);
  });
});

describe('symlinks out of a project', () => {
  it('serve nothing from outside its media/ folder, even with the secret', async () => {
    for (const p of fx.escapes) {
      for (const res of [await get(p, { [SECRET_HEADER]: host.secret }), await get(host.auth.signMedia(p))]) {
        expect(res.status, p).toBe(404);
        const body = await res.text();
        expect(body).not.toContain(OUTSIDE);
        expect(body).not.toContain('root:');
        expect(body).not.toContain('SQLite');
      }
    }
  });

  it('nor from outside the renderer folder', async () => {
    for (const p of ['/assets/leak.js', '/etc/passwd']) {
      const res = await get(p);
      expect(await res.text()).not.toMatch(/root:|must never be served/);
    }
  });
});

describe('event tickets', () => {
  const open = (query: string, origin = host.url) => new Promise<'open' | number>((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events${query}`, { origin });
    ws.once('open', () => {
      resolve('open');
      ws.close();
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', () => resolve(-1));
  });
  const ticket = async (headers?: Record<string, string>) => {
    const res = await post('/api/events/ticket', {}, headers);
    return res.status === 200 ? ((await res.json()) as { ticket: string }).ticket : res.status;
  };

  it('are issued only for the secret', async () => {
    expect(await ticket({})).toBe(403);
    expect(await ticket({ [SECRET_HEADER]: 'wrong' })).toBe(403);
  });

  it('open one same-origin socket, once', async () => {
    const t = (await ticket()) as string;
    expect(await open(`?ticket=${t}`, 'http://evil.example')).toBe(403);
    const t2 = (await ticket()) as string;
    expect(await open(`?ticket=${t2}`)).toBe('open');
    expect(await open(`?ticket=${t2}`)).toBe(403);
    expect(await open('?ticket=made-up')).toBe(403);
    expect(await open(`?secret=${encodeURIComponent(host.secret)}`)).toBe(403);
  });
});
