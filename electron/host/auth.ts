/**
 * The browser host's credentials. None of them is ever a cookie: cookies are not scoped
 * by port, so any other server on 127.0.0.1 the browser visits would receive them.
 *
 *  - the run's **secret**: printed once in the launch URL; the page moves it into its
 *    sessionStorage (per origin, port included, per tab) and sends it as the
 *    `x-directa-secret` header on every call. It grants everything.
 *  - **media tokens**: `?token=EXP.SIG` on a /media/… URL, which a <video> or <img>
 *    element loads without headers. SIG is an HMAC (a per-run key, not the secret) of
 *    that one file's path and EXP; it expires after MEDIA_TOKEN_TTL_MS and grants reading
 *    that file only.
 *  - **event tickets**: `?ticket=T` on the events WebSocket (a browser cannot set headers
 *    on one). Issued to a caller with the secret, single use, expire after
 *    EVENT_TICKET_TTL_MS, grant opening one events socket.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';

/** The header that carries the secret. */
export const SECRET_HEADER = 'x-directa-secret';
export const MEDIA_TOKEN_TTL_MS = 10 * 60_000;
export const EVENT_TICKET_TTL_MS = 30_000;
const MAX_OPEN_TICKETS = 64;

export interface HostAuth {
  readonly secret: string;
  /** whether the request carries the secret in its header (never a cookie, never the query) */
  hasSecret(req: http.IncomingMessage): boolean;
  /** whether a string is the secret (constant time) */
  isSecret(offered: string | null | undefined): boolean;
  /** a /media/… path with a token for that file appended */
  signMedia(urlPath: string): string;
  /** whether `token` is a live token for this (still percent-encoded) path */
  verifyMedia(urlPath: string, token: string | null): boolean;
  /** copies a call's answer with every media URL in a `…Url`/`…Urls` field signed */
  signMediaUrls<T>(value: T): T;
  /** a single-use ticket for one events socket */
  issueTicket(): string;
  /** consumes a ticket; true when it was live */
  takeTicket(ticket: string | null): boolean;
}

export function createAuth(options: { secret?: string; now?: () => number } = {}): HostAuth {
  const secret = options.secret ?? randomBytes(32).toString('base64url');
  const now = options.now ?? Date.now;
  const mediaKey = randomBytes(32);
  const tickets = new Map<string, number>();

  const isSecret = (offered: string | null | undefined): boolean => equal(offered, secret);
  const mediaSig = (decodedPath: string, exp: string): string =>
    createHmac('sha256', mediaKey).update(`media\n${decodedPath}\n${exp}`).digest('base64url');

  const signMedia = (urlPath: string): string => {
    const decoded = decode(urlPath);
    if (decoded === null) return urlPath;
    const exp = String(Math.floor((now() + MEDIA_TOKEN_TTL_MS) / 1000));
    return `${urlPath}?token=${exp}.${mediaSig(decoded, exp)}`;
  };

  const signMediaUrls = <T>(value: T): T => walk(value, false, signMedia) as T;

  return {
    secret,
    isSecret,
    hasSecret: (req) => {
      const value = req.headers[SECRET_HEADER];
      return typeof value === 'string' && isSecret(value);
    },
    signMedia,
    verifyMedia(urlPath, token) {
      const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token ?? '');
      const decoded = decode(urlPath);
      if (!match || decoded === null || Number(match[1]) * 1000 < now()) return false;
      return equal(match[2], mediaSig(decoded, match[1]!));
    },
    signMediaUrls,
    issueTicket() {
      const t = now();
      for (const [ticket, exp] of tickets) if (exp < t || tickets.size >= MAX_OPEN_TICKETS) tickets.delete(ticket);
      const ticket = randomBytes(24).toString('base64url');
      tickets.set(ticket, t + EVENT_TICKET_TTL_MS);
      return ticket;
    },
    takeTicket(ticket) {
      if (ticket === null) return false;
      const exp = tickets.get(ticket);
      if (exp === undefined) return false;
      tickets.delete(ticket);
      return exp >= now();
    },
  };
}

/** Signs strings that are media paths, below keys named `…Url` or `…Urls` only (a prompt that looks like one stays as it is). */
function walk(value: unknown, inUrlField: boolean, sign: (p: string) => string): unknown {
  if (typeof value === 'string') return inUrlField && isMediaPath(value) ? sign(value) : value;
  if (Array.isArray(value)) return value.map((v) => walk(v, inUrlField, sign));
  if (value !== null && typeof value === 'object') {
    // url fields: a take's videoUrl/posterUrl/thumbUrls, a sound's url
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, /(?:^u|U)rls?$/.test(k), sign)]));
  }
  return value;
}

function isMediaPath(s: string): boolean {
  return /^\/media\/[0-9a-f-]{36}\/[^?#]+$/.test(s);
}

function decode(urlPath: string): string | null {
  try {
    return decodeURIComponent(urlPath);
  } catch {
    return null;
  }
}

function equal(offered: string | null | undefined, expected: string): boolean {
  if (typeof offered !== 'string') return false;
  const a = Buffer.from(offered);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
