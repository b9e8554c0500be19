/**
 * The renderer's client of the contract. In Electron it goes through the preload's
 * `window.directa`; in a browser it talks to the browser host over HTTP and WebSocket.
 * Either way a failed call throws an ApiError with the main process's typed error; in a
 * browser, a call that cannot reach the host throws a ConnectionError, and the link's
 * state (`onLink`, `onReconnect`) tells the app when it is lost and back.
 */
import type {
  CallInput, CallName, CallOutput, DirectaBridge, EventName, EventPayload, RpcResultOf,
} from '../../../electron/ipc/contract';
import type { RpcError } from '../../../electron/ipc/schemas';
import { adoptLaunchSecret, eventsTicket, hostPost, NoAccessError, SecretRefusedError, signMediaUrl } from './host-session';
import { Reconnector, type LinkState } from './reconnect';

export class ApiError extends Error {
  constructor(readonly error: RpcError) {
    super(error.message);
    this.name = 'ApiError';
  }
  get code(): RpcError['code'] {
    return this.error.code;
  }
}

declare global {
  interface Window {
    directa?: DirectaBridge;
  }
}

type Listener = (payload: unknown) => void;

/**
 * The host could not be reached (it stopped, or restarted and is not back yet), or it
 * refused this tab's secret. The link (`onLink`) says which and when it retries; the
 * call was not made.
 */
export class ConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionError';
  }
}

const linkListeners = new Set<(state: LinkState) => void>();
const reconnectListeners = new Set<() => void>();
/** Electron's IPC does not drop: its link is always online. */
let link: Reconnector | null = null;
const ONLINE: LinkState = { status: 'online', retryAt: null, failures: 0 };

/**
 * The browser host's side of the bridge. One events socket at a time; when it closes (or
 * a call cannot reach the host) the link goes offline and retries with backoff (see
 * reconnect.ts); once the socket opens again, `onReconnect` listeners reload what the
 * tab may have missed.
 */
function browserBridge(secret: string | null): DirectaBridge {
  const listeners = new Map<string, Set<Listener>>();
  let socket: WebSocket | null = null;

  const connect = (): void => {
    if (secret === null) return;
    eventsTicket(secret).then((ticket) => {
      const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
      const ws = new WebSocket(`${scheme}://${location.host}/api/events?ticket=${encodeURIComponent(ticket)}`);
      socket = ws;
      ws.onopen = () => link?.opened();
      ws.onmessage = (message) => {
        const { event, payload } = JSON.parse(String(message.data)) as { event: string; payload: unknown };
        for (const listener of listeners.get(event) ?? []) listener(payload);
      };
      ws.onclose = () => {
        if (socket === ws) socket = null;
        link?.closed();
      };
    }, (err: unknown) => link?.closed(err instanceof SecretRefusedError));
  };

  if (secret !== null) {
    link = new Reconnector({
      connect,
      onChange: (state) => linkListeners.forEach((l) => l(state)),
      onReconnect: () => reconnectListeners.forEach((l) => l()),
    });
    link.start();
  }

  /** A call found the host gone: the socket may not have noticed yet (a half-open connection). */
  const lost = (): void => {
    link?.lost();
    if (link?.state.status !== 'online') socket?.close();
  };

  return {
    async call(name, input) {
      let response: Response;
      try {
        response = await hostPost(secret, `/api/call/${encodeURIComponent(name)}`, input);
      } catch (err) {
        if (err instanceof NoAccessError) return { ok: false, error: { code: 'INTERNAL', message: err.message } };
        lost();
        throw new ConnectionError(`${name}: Directa cannot be reached (${(err as Error).message})`);
      }
      if (response.status === 403) {
        lost();
        throw new ConnectionError(new SecretRefusedError().message);
      }
      if (!response.ok) {
        return { ok: false, error: { code: 'INTERNAL', message: `${name}: the host answered ${response.status} ${await response.text()}` } };
      }
      return (await response.json()) as RpcResultOf<typeof name>;
    },
    on(name, listener) {
      const set = listeners.get(name) ?? new Set<Listener>();
      set.add(listener as Listener);
      listeners.set(name, set);
      return () => set.delete(listener as Listener);
    },
  };
}

const hostSecret = window.directa ? null : adoptLaunchSecret();
const bridge: DirectaBridge = window.directa ?? browserBridge(hostSecret);

export async function call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
  const result = await bridge.call(name, input);
  if (!result.ok) throw new ApiError(result.error);
  return result.value;
}

export function on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void {
  return bridge.on(name, listener);
}

/**
 * A media URL again, with a fresh token where the browser host needs one (its tokens
 * expire after minutes): a <video> or <img> that failed to load calls this and retries.
 * In Electron app:// URLs need no token and come back unchanged.
 */
export function freshMediaUrl(url: string): Promise<string> {
  return window.directa ? Promise.resolve(url) : signMediaUrl(hostSecret, url);
}

/** The link to the main process now, and each change of it (offline, back online). */
export function linkState(): LinkState {
  return link?.state ?? ONLINE;
}

export function onLink(listener: (state: LinkState) => void): () => void {
  linkListeners.add(listener);
  return () => linkListeners.delete(listener);
}

/** Called once the link is back after a loss: reload what may have changed meanwhile. */
export function onReconnect(listener: () => void): () => void {
  reconnectListeners.add(listener);
  return () => reconnectListeners.delete(listener);
}

/** Tries to reach the host now rather than after the backoff delay. */
export function retryNow(): void {
  link?.retryNow();
}
