import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createAppServices, type AppServices } from '../../electron/app-services';
import { MAX_BODY_BYTES, SECRET_COOKIE, SECRET_HEADER, startHost, type Host } from '../../electron/host/server';
import type { EventName, EventPayload } from '../../electron/ipc/contract';
import { ProjectState } from '../../electron/ipc/schemas';
import { CONTENT_SECURITY_POLICY } from '../../electron/security';
import { rawRequest, rawSocketStatus } from '../helpers/http';
import { tempDir } from '../helpers/tmp';

const INDEX = '<!doctype html><title>Directa test</title>';
const OUTSIDE = 'the parent folder of the static files: must never be served';

let tmp: { dir: string; cleanup: () => void };
let services: AppServices;
let host: Host;
let auth: Record<string, string>;

beforeAll(async () => {
  tmp = tempDir('directa-host-');
  const staticDir = path.join(tmp.dir, 'static');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), INDEX);
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1);');
  fs.writeFileSync(path.join(tmp.dir, 'package.json'), JSON.stringify({ secret: OUTSIDE }));
  fs.writeFileSync(path.join(tmp.dir, 'outside.txt'), OUTSIDE);
  const emit = <K extends EventName>(name: K, payload: EventPayload<K>): void => host?.broadcast(name, payload);
  services = createAppServices({ libraryDir: path.join(tmp.dir, 'library'), host: 'browser', emit, log: () => {} });
  host = await startHost({ router: services.router, staticDir, port: 0 });
  auth = { [SECRET_HEADER]: host.secret };
});
afterAll(async () => {
  await host.close();
  await services.close();
  tmp.cleanup();
});

const get = (p: string, headers: Record<string, string> = {}) => fetch(`${host.url}${p}`, { headers, redirect: 'manual' });
const call = (name: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${host.url}/api/call/${name}`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-directa-secret': host.secret, ...headers } });

describe('the browser host: the secret', () => {
  it('binds to 127.0.0.1 and prints a launch URL with the secret', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}`);
    expect(host.launchUrl).toBe(`${host.url}/?secret=${encodeURIComponent(host.secret)}`);
    expect(host.secret.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses calls without the secret, with a wrong one, or with it in a cookie or the query, with 403', async () => {
    for (const res of [
      await get('/?secret=wrong'), await get(`/?secret=${host.secret}x`),
      await call('project.list', '{}', { [SECRET_HEADER]: 'wrong' }),
      await call('project.list', '{}', { [SECRET_HEADER]: host.secret.slice(1) }),
      await fetch(`${host.url}/api/call/project.create`, { method: 'POST', body: '{"name":"No secret"}', headers: { 'content-type': 'application/json' } }),
      await fetch(`${host.url}/api/call/project.create`, {
        method: 'POST', body: '{"name":"Cookie"}', headers: { 'content-type': 'application/json', cookie: `${SECRET_COOKIE}=${host.secret}` },
      }),
      await fetch(`${host.url}/api/call/project.create?secret=${encodeURIComponent(host.secret)}`, {
        method: 'POST', body: '{"name":"Query"}', headers: { 'content-type': 'application/json' },
      }),
    ]) {
      expect(res.status).toBe(403);
      expect(await res.text()).not.toContain(INDEX);
    }
    expect(fs.readdirSync(services.library.dir)).toEqual([]);
  });

  it('answers the launch URL with the page itself and sets no cookie', async () => {
    const res = await get(`/?secret=${encodeURIComponent(host.secret)}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(INDEX);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('the browser host: static files', () => {
  it('serves the renderer (public: it holds no data), with a Content-Security-Policy and the right type', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(INDEX);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const script = await get('/assets/app.js');
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(script.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await get('/a/client/route')).status).toBe(200);
    expect((await get('/missing.js')).status).toBe(404);
  });

  it.each([
    '/../package.json', '/../outside.txt', '/%2e%2e/package.json', '/%2E%2E/outside.txt', '/..%2fpackage.json',
    '/%2e%2e%2fpackage.json', '/assets/../../package.json', '/assets/%2e%2e/%2e%2e/outside.txt', '/..%5coutside.txt',
    '/%2e%2e%5c%2e%2e%5coutside.txt', '/static/../../outside.txt', '/%00/../outside.txt', `/${'../'.repeat(20)}etc/passwd`,
  ])('does not escape the static folder for %s', async (p) => {
    const res = await rawRequest(host.port, { path: p, headers: { host: `127.0.0.1:${host.port}` } });
    expect(res.body).not.toContain(OUTSIDE);
    expect(res.body).not.toContain('root:');
    expect([200, 400, 404]).toContain(res.status);
    if (res.status === 200) expect(res.body).toBe(INDEX);
  });

  it.each(['evil.example', 'evil.example:80', '127.0.0.1:1', 'localhost.evil.example:PORT', '127.0.0.2:PORT', '127.0.0.1:PORT.evil.example'])(
    'answers 421 to Host %j',
    async (h) => {
      const headers: Record<string, string> = { ...auth };
      headers.host = h.replace('PORT', String(host.port));
      expect((await rawRequest(host.port, { path: '/', headers })).status).toBe(421);
      const res = await rawRequest(host.port, { path: '/api/call/project.create', method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{"name":"Rebound"}' });
      expect(res.status).toBe(421);
      expect(fs.readdirSync(services.library.dir)).not.toContain('Rebound.directa');
    },
  );

  it('answers 421 to an empty Host and 400 or 421 to none', async () => {
    const head = (hostLine: string) => `GET / HTTP/1.1\r\n${hostLine}X-Directa-Secret: ${host.secret}\r\nConnection: close\r\n\r\n`;
    expect(await rawSocketStatus(host.port, head('Host: \r\n'))).toBe(421);
    expect([400, 421]).toContain(await rawSocketStatus(host.port, head('')));
  });

  it('accepts localhost:PORT as its own name', async () => {
    const res = await rawRequest(host.port, { path: '/', headers: { host: `localhost:${host.port}` } });
    expect(res.status).toBe(200);
  });
});

describe('the browser host: calls', () => {
  it('runs project.create with the x-directa-secret header and answers the ProjectState', async () => {
    const res = await call('project.create', JSON.stringify({ name: 'Over HTTP' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const result = (await res.json()) as { ok: boolean; value: unknown };
    expect(result.ok).toBe(true);
    const state = ProjectState.parse(result.value);
    expect(state.project.name).toBe('Over HTTP');
    expect(services.library.get(state.project.id).info().name).toBe('Over HTTP');
  });

  it('answers typed errors in the body: bad input, bad JSON, unknown call', async () => {
    expect(await (await call('project.create', '{"name":""}')).json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await (await call('project.create', '{"name":')).json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await (await call('no.such', '{}')).json()).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    expect(await (await call('project%2Elist', '{}')).json()).toMatchObject({ ok: true });
    const malformed = await call('%E0%A4%A', '{}');
    expect(malformed.status).toBe(200);
    expect(await malformed.json()).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
  });

  it('refuses a body over MAX_BODY_BYTES with 413', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(MAX_BODY_BYTES) });
    const res = await call('project.create', big);
    expect(res.status).toBe(413);
    expect(fs.readdirSync(services.library.dir).filter((n) => n.startsWith('xxxx'))).toEqual([]);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', ''])('refuses content type %j with 415', async (type) => {
    const res = await call('project.create', '{"name":"Form post"}', { 'content-type': type });
    expect(res.status).toBe(415);
    expect(fs.readdirSync(services.library.dir)).not.toContain('Form post.directa');
  });

  it('refuses GET on a call with 405', async () => {
    expect((await get('/api/call/project.list', auth)).status).toBe(405);
  });
});

describe('the browser host: events', () => {
  const connect = (headers: Record<string, string>, origin?: string, host_ = `127.0.0.1:${host.port}`) =>
    new WebSocket(`ws://127.0.0.1:${host.port}/api/events`, { headers: { ...headers, host: host_ }, ...(origin ? { origin } : {}) });
  const opened = (ws: WebSocket) => new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const refused = (ws: WebSocket) => new Promise<number>((resolve, reject) => {
    ws.once('open', () => reject(new Error('the socket was accepted')));
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', () => resolve(-1));
  });

  it('sends library.changed to a same-origin socket with the secret header after a create', async () => {
    const ws = connect(auth, host.url);
    await opened(ws);
    const message = new Promise<unknown>((resolve) => ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString('utf8')))));
    await call('project.create', JSON.stringify({ name: 'Evented' }));
    expect(await message).toEqual({ event: 'library.changed', payload: {} });
    ws.close();
  });

  it('also accepts localhost as the origin', async () => {
    const ws = connect(auth, `http://localhost:${host.port}`, `localhost:${host.port}`);
    await opened(ws);
    ws.close();
  });

  it.each([
    ['a foreign origin', 'http://evil.example', true],
    ['a look-alike origin', 'http://127.0.0.1:PORT.evil.example', true],
    ['an https origin', 'https://127.0.0.1:PORT', true],
    ['a null origin', 'null', true],
    ['no origin', undefined, true],
    ['no secret', 'http://127.0.0.1:PORT', false],
  ] as [string, string | undefined, boolean][])('refuses a socket with %s', async (_, origin, withSecret) => {
    const ws = connect(withSecret ? auth : {}, origin?.replace('PORT', String(host.port)));
    expect(await refused(ws)).toBe(403);
  });

  it('refuses a socket with a wrong secret, or the secret in a cookie', async () => {
    expect(await refused(connect({ [SECRET_HEADER]: 'nope' }, host.url))).toBe(403);
    expect(await refused(connect({ cookie: `${SECRET_COOKIE}=${host.secret}` }, host.url))).toBe(403);
  });

  it('refuses a socket with a wrong Host or path', async () => {
    expect(await refused(connect(auth, 'http://evil.example', 'evil.example'))).toBe(403);
    const wrongPath = new WebSocket(`ws://127.0.0.1:${host.port}/api/other`, { headers: auth, origin: host.url });
    expect(await refused(wrongPath)).toBe(403);
  });
});
