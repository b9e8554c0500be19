/**
 * The browser host: the same router as Electron's IPC, over HTTP and WebSocket, bound to
 * 127.0.0.1 and guarded by a per-run secret (see auth.ts for every credential and its
 * scope, and SECURITY.md for the threat model). No credential is ever a cookie.
 *
 *  GET  /?secret=S            the app; the page moves S into sessionStorage and out of the URL
 *  GET  /…                    the built renderer (public: it holds no data and no secret)
 *  POST /api/call/NAME        JSON input → JSON RpcResult (`x-directa-secret` header); media
 *                             URLs in the answer carry a token for that file
 *  POST /api/events/ticket    (header) → {ticket}: a single-use, short-lived ticket
 *  POST /api/media/sign       (header) {url} → {url}: a fresh token for a media URL
 *  GET  /media/PROJECT/FILE   ?token=… (or the header): a take's file
 *  GET  /api/events?ticket=T  WebSocket of contract events, same-origin only (or the header)
 *
 * Every request must name this host (127.0.0.1:PORT or localhost:PORT), so a web page
 * that rebinds a DNS name to 127.0.0.1 cannot reach it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventName, EventPayload } from '../ipc/contract';
import type { Router } from '../ipc/router';
import { createAuth, type HostAuth } from './auth';
import {
  DEFAULT_TIMEOUTS, MAX_BODY_BYTES, readBody, refuseBody, sendFile, sendJson, sendText, serverOptions, type HostTimeouts,
} from './http-io';
import { MEDIA_PATH, resolveMedia } from './media-files';
import { guardUpgradeSocket, guardWebSocket, refuseUpgrade } from './socket-guard';
import { resolveStatic } from './static-files';

export { MAX_BODY_BYTES } from './http-io';
export { SECRET_HEADER } from './auth';
/** The cookie name the host once used: no cookie is set or accepted any more (tests show one is refused). */
export const SECRET_COOKIE = 'directa_secret';

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
  /** the URL a user opens: it carries the secret once; the page keeps it out of the address bar */
  launchUrl: string;
  port: number;
  secret: string;
  auth: HostAuth;
  broadcast<K extends EventName>(name: K, payload: EventPayload<K>): void;
  close(): Promise<void>;
}

const NO_ACCESS = 'Directa: open the URL that `npm run serve` printed (it carries this run\'s secret).';

export async function startHost(options: HostOptions): Promise<Host> {
  const auth = createAuth(options.secret ? { secret: options.secret } : {});
  let port = 0;
  const allowedHosts = (): string[] => [`127.0.0.1:${port}`, `localhost:${port}`];

  const server = http.createServer(serverOptions({ ...DEFAULT_TIMEOUTS, ...options.timeouts }), (req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendText(res, 500, 'internal error');
      console.error('host: request failed', err);
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!allowedHosts().includes(req.headers.host ?? '')) return sendText(res, 421, 'wrong host');
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);

    if (url.pathname.startsWith('/api/')) {
      if (!auth.hasSecret(req)) return sendText(res, 403, NO_ACCESS);
      if (req.method !== 'POST') return sendText(res, 405, 'POST only');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return sendText(res, 415, 'application/json only');
      const body = await readBody(req, MAX_BODY_BYTES).catch(() => undefined);
      if (body === undefined) return void res.destroy(); // the client went away (or timed out) mid-body
      if (body === null) return refuseBody(req, res);
      let input: unknown;
      try {
        input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
      } catch {
        return sendJson(res, { ok: false, error: { code: 'INVALID_INPUT', message: 'body is not valid JSON' } });
      }
      if (url.pathname.startsWith('/api/call/')) {
        const result = await options.router(callName(url.pathname.slice('/api/call/'.length)), input);
        return sendJson(res, auth.signMediaUrls(result));
      }
      if (url.pathname === '/api/events/ticket') return sendJson(res, { ticket: auth.issueTicket() });
      if (url.pathname === '/api/media/sign') {
        const path = mediaPathOf(input, url);
        return path ? sendJson(res, { url: auth.signMedia(path) }) : sendText(res, 400, 'not a media URL');
      }
      return sendText(res, 404, 'not found');
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed');
    if (url.pathname.startsWith('/media/')) {
      if (!auth.verifyMedia(url.pathname, url.searchParams.get('token')) && !auth.hasSecret(req)) return sendText(res, 403, NO_ACCESS);
      const found = resolveMedia(url.pathname, options.projectDir ?? (() => null));
      return found ? sendFile(req, res, found.file, found.type) : sendText(res, 404, 'not found');
    }
    // The launch URL: a wrong secret is told so; the right one is read by the page itself.
    const querySecret = url.searchParams.get('secret');
    if (querySecret !== null && !auth.isSecret(querySecret)) return sendText(res, 403, 'wrong secret');
    const found = resolveStatic(options.staticDir, url.pathname);
    return found ? sendFile(req, res, found.file, found.type) : sendText(res, 404, 'not found');
  }

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    guardUpgradeSocket(socket);
    const origin = req.headers.origin;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const sameOrigin = origin !== undefined && allowedHosts().some((h) => origin === `http://${h}`);
    const authorised = sameOrigin && allowedHosts().includes(req.headers.host ?? '')
      && (auth.hasSecret(req) || auth.takeTicket(url.searchParams.get('ticket')));
    if (url.pathname !== '/api/events' || !authorised) {
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
    launchUrl: `${origin}/?secret=${encodeURIComponent(auth.secret)}`,
    port,
    secret: auth.secret,
    auth,
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

/** The path of `{url}` when it is a same-origin media URL (its old token dropped); null otherwise. */
function mediaPathOf(input: unknown, base: URL): string | null {
  const raw = (input as { url?: unknown } | null)?.url;
  if (typeof raw !== 'string') return null;
  try {
    const url = new URL(raw, base);
    return url.origin === base.origin && MEDIA_PATH.test(url.pathname) ? url.pathname : null;
  } catch {
    return null;
  }
}
