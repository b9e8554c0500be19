/**
 * The browser host stops reading an oversized body at the limit (it answers 413 and closes
 * the connection, not after reading all of it), and closes connections that send their
 * headers or body too slowly.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUTS, MAX_BODY_BYTES } from '../../electron/host/http-io';
import { SECRET_HEADER, startHost, type Host } from '../../electron/host/server';
import type { Router } from '../../electron/ipc/router';
import { tempDir } from '../helpers/tmp';

const MiB = 1024 * 1024;
let tmp: { dir: string; cleanup: () => void };
let quick: Host;
let standard: Host;
let calls = 0;

beforeAll(async () => {
  tmp = tempDir('directa-host-limits-');
  const router = (async () => {
    calls += 1;
    return { ok: true, value: null };
  }) as unknown as Router;
  quick = await startHost({ router, staticDir: tmp.dir, port: 0, timeouts: { headersMs: 500, requestMs: 1_500, checkEveryMs: 100 } });
  standard = await startHost({ router, staticDir: tmp.dir, port: 0 });
});
afterAll(async () => {
  await quick.close();
  await standard.close();
  tmp.cleanup();
});

interface Outcome { status: number; sent: number; ms: number }

/** Sends `head`, then body bytes as fast as the server takes them, up to `total`; answers when the connection closes. */
function push(port: number, head: string, total: number, chunked = false): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const chunk = Buffer.alloc(MiB, 0x61);
    const frame = chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk;
    let sent = 0;
    let reply = '';
    const socket = net.connect(port, '127.0.0.1');
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`still open after ${sent / MiB} MiB sent`));
    }, 50_000);
    const pump = (): void => {
      while (sent < total && !socket.destroyed) {
        sent += chunk.length;
        if (!socket.write(frame)) return void socket.once('drain', pump);
      }
    };
    socket.on('connect', () => {
      socket.write(head);
      pump();
    });
    socket.on('data', (d: Buffer) => {
      reply += d.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1] ?? 0), sent, ms: Date.now() - started });
    });
  });
}

const callHead = (host: Host, length: string | null): string =>
  `POST /api/call/project.create HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n${SECRET_HEADER}: ${host.secret}\r\n`
  + `Content-Type: application/json\r\n${length === null ? 'Transfer-Encoding: chunked' : `Content-Length: ${length}`}\r\n\r\n`;

describe('an oversized body', () => {
  it('declared in Content-Length: 413 and the connection closes before the body is read', async () => {
    const total = 256 * MiB;
    const out = await push(standard.port, callHead(standard, String(total)), total);
    expect(out.status).toBe(413);
    expect(out.sent).toBeLessThan(MAX_BODY_BYTES + 64 * MiB);
  });

  it('sent chunked (no length): reading stops at the limit, 413, closed', async () => {
    const total = 256 * MiB;
    const before = calls;
    const out = await push(standard.port, callHead(standard, null), total, true);
    expect(out.status).toBe(413);
    expect(out.sent).toBeLessThan(MAX_BODY_BYTES + 64 * MiB);
    expect(calls).toBe(before);
  });

  it('a body within the limit still reaches the router', async () => {
    const before = calls;
    const res = await fetch(`${standard.url}/api/call/project.list`, {
      method: 'POST', body: JSON.stringify({ pad: 'x'.repeat(MAX_BODY_BYTES - 100) }),
      headers: { 'content-type': 'application/json', [SECRET_HEADER]: standard.secret },
    });
    expect(res.status).toBe(200);
    expect(calls).toBe(before + 1);
  });
});

/** Opens a connection and sends `head` one byte every `everyMs`, never finishing; answers how long until the host closed it. */
function drip(port: number, head: string, everyMs: number, giveUpMs: number): Promise<{ ms: number; reply: string }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let i = 0;
    let reply = '';
    const socket = net.connect(port, '127.0.0.1');
    const tick = setInterval(() => {
      if (!socket.destroyed) socket.write(head[i++ % head.length]!);
    }, everyMs);
    const timer = setTimeout(() => {
      clearInterval(tick);
      socket.destroy();
      reject(new Error(`the host kept a slow connection open for ${giveUpMs} ms`));
    }, giveUpMs);
    socket.on('data', (d: Buffer) => {
      reply += d.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(tick);
      clearTimeout(timer);
      resolve({ ms: Date.now() - started, reply });
    });
  });
}

describe('a slow client', () => {
  it('that sends headers a byte at a time is cut off after the headers timeout', async () => {
    const out = await drip(quick.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${quick.port}\r\nX-Slow: ${'a'.repeat(1000)}`, 50, 10_000);
    expect(out.ms).toBeLessThan(4_000);
  });

  it('that sends nothing at all is cut off too', async () => {
    const out = await drip(quick.port, '', 1_000_000, 10_000);
    expect(out.ms).toBeLessThan(4_000);
  });

  it('that sends its body a byte at a time is cut off after the request timeout', async () => {
    const head = `POST /api/call/project.list HTTP/1.1\r\nHost: 127.0.0.1:${quick.port}\r\n${SECRET_HEADER}: ${quick.secret}\r\n`
      + 'Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n';
    const socket = net.connect(quick.port, '127.0.0.1', () => socket.write(head));
    socket.on('error', () => undefined);
    const started = Date.now();
    const tick = setInterval(() => socket.destroyed || socket.write(' '), 100);
    const giveUp = setTimeout(() => socket.destroy(), 10_000);
    await new Promise<void>((resolve) => socket.on('close', () => resolve()));
    clearInterval(tick);
    clearTimeout(giveUp);
    expect(Date.now() - started).toBeLessThan(6_000);
  });

  it('is cut off by the default limits within seconds, not minutes', async () => {
    expect(DEFAULT_TIMEOUTS.headersMs).toBeLessThanOrEqual(15_000);
    const out = await drip(standard.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${standard.port}\r\nX-Slow: ${'a'.repeat(10_000)}`, 200, 30_000);
    expect(out.ms).toBeLessThan(DEFAULT_TIMEOUTS.headersMs + DEFAULT_TIMEOUTS.checkEveryMs + 5_000);
  }, 40_000);
});
