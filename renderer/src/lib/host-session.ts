/**
 * The page's credential for the browser host (unused in Electron). The launch URL carries
 * the run's secret once (`/?secret=S`): it moves into this tab's sessionStorage (scoped to
 * the origin, port included, and to the tab) and out of the address bar and the history
 * entry. From then on it travels only as the `x-directa-secret` header of fetch calls,
 * never as a cookie (cookies are shared by every port of 127.0.0.1). Media elements and
 * the events socket, which cannot send headers, get short-lived scoped tokens instead.
 */

const STORAGE_KEY = 'directa.secret';
const HEADER = 'x-directa-secret';

export const NO_ACCESS = 'This page has no access to Directa: open the URL that `npm run serve` printed (it carries this run\'s secret).';

/** Reads the launch URL's secret into sessionStorage and removes it from the URL; answers the tab's secret. */
export function adoptLaunchSecret(): string | null {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('secret');
  if (fromUrl !== null) {
    try {
      sessionStorage.setItem(STORAGE_KEY, fromUrl);
    } catch {
      // storage refused (a private mode): the secret lives in memory for this page only
    }
    params.delete('secret');
    const query = params.toString();
    history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
    memory = fromUrl;
  }
  try {
    return sessionStorage.getItem(STORAGE_KEY) ?? memory;
  } catch {
    return memory;
  }
}

let memory: string | null = null;

export class NoAccessError extends Error {
  constructor() {
    super(NO_ACCESS);
    this.name = 'NoAccessError';
  }
}

/**
 * A host answered but refused this tab's secret (403): it was started afresh with a new
 * one (after a long pause, or with --new-secret), so only its new launch URL gets in.
 */
export class SecretRefusedError extends Error {
  constructor() {
    super('Directa was restarted with a new secret: open the URL it printed to continue.');
    this.name = 'SecretRefusedError';
  }
}

/** POSTs JSON to the host with the secret header; answers the response (any status). */
export async function hostPost(secret: string | null, path: string, body: unknown): Promise<Response> {
  if (secret === null) throw new NoAccessError();
  return fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [HEADER]: secret },
    body: JSON.stringify(body),
    credentials: 'omit',
    cache: 'no-store',
  });
}

/** A single-use ticket for opening the events socket (a WebSocket cannot send headers). */
export async function eventsTicket(secret: string | null): Promise<string> {
  const res = await hostPost(secret, '/api/events/ticket', {});
  if (res.status === 403) throw new SecretRefusedError();
  if (!res.ok) throw new Error(`events ticket: the host answered ${res.status}`);
  return ((await res.json()) as { ticket: string }).ticket;
}

/** A media URL with a fresh token (tokens expire after minutes; an element that failed asks again). */
export async function signMediaUrl(secret: string | null, url: string): Promise<string> {
  const res = await hostPost(secret, '/api/media/sign', { url });
  if (!res.ok) throw new Error(`media URL: the host answered ${res.status}`);
  return ((await res.json()) as { url: string }).url;
}
