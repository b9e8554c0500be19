/**
 * The browser host: the same router as Electron's IPC, over HTTP and WebSocket, bound to
 * 127.0.0.1 and guarded by a per-run secret.
 *
 *  GET  /?secret=S          sets an HttpOnly, SameSite=Strict cookie and redirects to /
 *  GET  /…                  the built renderer (cookie required)
 *  POST /api/call/NAME      JSON input → JSON RpcResult (cookie or `x-directa-secret` header)
 *  GET  /api/events         WebSocket of contract events, same-origin only
 *
 * Every request must name this host (127.0.0.1:PORT or localhost:PORT), so a web page
 * that rebinds a DNS name to 127.0.0.1 cannot reach it.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventName, EventPayload } from '../ipc/contract';
import type { Router } from '../ipc/router';
import {
  DEFAULT_TIMEOUTS, MAX_BODY_BYTES, readBody, refuseBody, SECURITY_HEADERS, sendFile, serverOptions, type HostTimeouts,
} from './http-io';
import { resolveMedia } from './media-files';
import { guardUpgradeSocket, guardWebSocket, refuseUpgrade } from './socket-guard';
import { resolveStatic } from './static-files';

export const SECRET_COOKIE = 'directa_secret';
export { MAX_BODY_BYTES } from './http-io';
/** The header that carries the secret (for clients that are not a browser page). */
export const SECRET_HEADER = 'x-directa-secret';

export interface HostOptions {
  router: Router;
  staticDir: string;
  /** a project's folder by id, for /media/… (null: unknown project) */
  projectDir?: (projectId: string) => string | null;
  port?: number;
  secret?: string;
  /** slow-client limits (tests shorten them) */
  timeouts?: Partial<HostTimeouts>;
}

export interface Host {
  url: string;
  /** the URL a user opens: it carries the secret once, then a cookie does */
  launchUrl: string;
  port: number;
  secret: string;
  broadcast<K extends EventName>(name: K, payload: EventPayload<K>): void;
  close(): Promise<void>;
}

export async function startHost(options: HostOptions): Promise<Host> {
  const secret = options.secret ?? randomBytes(32).toString('base64url');
  const secretBytes = Buffer.from(secret);
  let port = 0;
  const allowedHosts = (): string[] => [`127.0.0.1:${port}`, `localhost:${port}`];

  const hasSecret = (req: http.IncomingMessage, fromQuery?: string | null): boolean => {
    const offered = fromQuery ?? headerSecret(req) ?? cookieSecret(req);
    if (offered === undefined || offered === null) return false;
    const bytes = Buffer.from(offered);
    return bytes.length === secretBytes.length && timingSafeEqual(bytes, secretBytes);
  };

  const server = http.createServer(serverOptions({ ...DEFAULT_TIMEOUTS, ...options.timeouts }), (req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error');
      console.error('host: request failed', err);
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!allowedHosts().includes(req.headers.host ?? '')) return send(res, 421, 'text/plain; charset=utf-8', 'wrong host');
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);

    const querySecret = url.searchParams.get('secret');
    if (req.method === 'GET' && querySecret !== null) {
      if (!hasSecret(req, querySecret)) return send(res, 403, 'text/plain; charset=utf-8', 'wrong secret');
      res.writeHead(303, {
        ...SECURITY_HEADERS,
        'set-cookie': `${SECRET_COOKIE}=${secret}; HttpOnly; SameSite=Strict; Path=/`,
        location: '/',
      });
      return void res.end();
    }
    if (!hasSecret(req)) {
      return send(res, 403, 'text/plain; charset=utf-8', 'Directa: open the URL that `npm run serve` printed (it carries this run\'s secret).');
    }

    if (url.pathname.startsWith('/api/call/')) {
      if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'POST only');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return send(res, 415, 'text/plain; charset=utf-8', 'application/json only');
      }
      const body = await readBody(req, MAX_BODY_BYTES).catch(() => undefined);
      if (body === undefined) return void res.destroy(); // the client went away (or timed out) mid-body
      if (body === null) return refuseBody(req, res);
      let input: unknown;
      try {
        input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
      } catch {
        return sendJson(res, { ok: false, error: { code: 'INVALID_INPUT', message: 'body is not valid JSON' } });
      }
      const result = await options.router(callName(url.pathname.slice('/api/call/'.length)), input);
      return sendJson(res, result);
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed');
    const isMedia = url.pathname.startsWith('/media/');
    const found = isMedia
      ? resolveMedia(url.pathname, options.projectDir ?? (() => null))
      : resolveStatic(options.staticDir, url.pathname);
    if (!found) return send(res, 404, 'text/plain; charset=utf-8', 'not found');
    sendFile(req, res, found.file, found.type);
  }

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    guardUpgradeSocket(socket);
    const origin = req.headers.origin;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const sameOrigin = origin !== undefined && allowedHosts().some((h) => origin === `http://${h}`);
    if (url.pathname !== '/api/events' || !allowedHosts().includes(req.headers.host ?? '') || !sameOrigin || !hasSecret(req)) {
      return refuseUpgrade(socket);
    }
    sockets.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      guardWebSocket(ws);
      ws.on('message', () => ws.close(1008, 'events are one way'));
      sockets.emit('connection', ws, req);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: origin,
    launchUrl: `${origin}/?secret=${encodeURIComponent(secret)}`,
    port,
    secret,
    broadcast(name, payload) {
      const message = JSON.stringify({ event: name, payload });
      for (const client of sockets.clients) if (client.readyState === client.OPEN) client.send(message);
    },
    close: () => new Promise<void>((resolve) => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** The call name from the URL; one that is not valid percent-encoding stays as sent (and is unknown). */
function callName(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

function headerSecret(req: http.IncomingMessage): string | undefined {
  const value = req.headers[SECRET_HEADER];
  return typeof value === 'string' ? value : undefined;
}

function cookieSecret(req: http.IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === SECRET_COOKIE) return rest.join('=');
  }
  return undefined;
}

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type });
  res.end(body);
}

function sendJson(res: http.ServerResponse, value: unknown): void {
  send(res, 200, 'application/json', JSON.stringify(value));
}
