/**
 * The browser host's HTTP plumbing: answers with the security headers, files with byte
 * ranges, request bodies read up to a limit (and not one byte further), and the timeouts
 * that close a connection which sends its headers or body too slowly.
 */
import fs from 'node:fs';
import type http from 'node:http';
import { CONTENT_SECURITY_POLICY } from '../security';

export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** How long a client may take to send a request's headers, and the whole request; how often that is checked. */
export interface HostTimeouts { headersMs: number; requestMs: number; checkEveryMs: number }
export const DEFAULT_TIMEOUTS: HostTimeouts = { headersMs: 10_000, requestMs: 30_000, checkEveryMs: 1_000 };

export const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

/** The server options that apply the timeouts (Node checks them every `checkEveryMs`, not continuously). */
export function serverOptions(t: HostTimeouts): http.ServerOptions {
  return { headersTimeout: t.headersMs, requestTimeout: t.requestMs, connectionsCheckingInterval: t.checkEveryMs, keepAliveTimeout: 5_000 };
}

export function send(res: http.ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, ...extra });
  res.end(body);
}

export function sendText(res: http.ServerResponse, status: number, body: string): void {
  send(res, status, 'text/plain; charset=utf-8', body);
}

export function sendJson(res: http.ServerResponse, value: unknown): void {
  send(res, 200, 'application/json', JSON.stringify(value));
}

/**
 * The body, or null when it is over `limit` bytes: then reading stops at once (a declared
 * Content-Length over the limit is refused before any byte is read) and the caller must
 * answer with `refuseBody`, which closes the connection instead of draining it.
 */
export function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      done();
      resolve(null);
    };
    const onEnd = (): void => {
      done();
      resolve(Buffer.concat(chunks));
    };
    const onError = (err: Error): void => {
      done();
      reject(err);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/**
 * Answers 413 and closes the connection without reading the rest of the body: the socket
 * stops reading at once (the client's sends stall when the kernel's buffers are full) and
 * `Connection: close` makes Node destroy it once the answer is written, instead of
 * draining the body to reuse the connection.
 */
export function refuseBody(req: http.IncomingMessage, res: http.ServerResponse): void {
  req.socket.pause();
  res.shouldKeepAlive = false;
  send(res, 413, 'text/plain; charset=utf-8', 'request too large', { connection: 'close' });
}

/** A file, with byte ranges (a video element seeks with them). `file` is a real path: a symlink put in its place since is not followed. */
export function sendFile(req: http.IncomingMessage, res: http.ServerResponse, file: string, type: string): void {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
  } catch {
    return sendText(res, 404, 'not found');
  }
  const stat = fs.fstatSync(fd);
  if (!stat.isFile()) {
    fs.closeSync(fd);
    return sendText(res, 404, 'not found');
  }
  const size = stat.size;
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  let start = 0;
  let end = size - 1;
  let status = 200;
  if (range && (range[1] || range[2])) {
    start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start > end || start >= size) {
      fs.closeSync(fd);
      res.writeHead(416, { ...SECURITY_HEADERS, 'content-range': `bytes */${size}` });
      return void res.end();
    }
    status = 206;
  }
  res.writeHead(status, {
    ...SECURITY_HEADERS, 'content-type': type, 'accept-ranges': 'bytes', 'content-length': String(Math.max(0, end - start + 1)),
    ...(status === 206 ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
  });
  if (req.method === 'HEAD' || size === 0) {
    fs.closeSync(fd);
    return void res.end();
  }
  const stream = fs.createReadStream('', { fd, start, end });
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
