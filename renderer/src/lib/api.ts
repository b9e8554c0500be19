/**
 * The renderer's client of the contract. In Electron it goes through the preload's
 * `window.directa`; in a browser it talks to the browser host over HTTP and WebSocket.
 * Either way a failed call throws an ApiError with the main process's typed error.
 */
import type {
  CallInput, CallName, CallOutput, DirectaBridge, EventName, EventPayload, RpcResultOf,
} from '../../../electron/ipc/contract';
import type { RpcError } from '../../../electron/ipc/schemas';
import { adoptLaunchSecret, eventsTicket, hostPost, NoAccessError, signMediaUrl } from './host-session';

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

/** The browser host's side of the bridge. */
function browserBridge(secret: string | null): DirectaBridge {
  const listeners = new Map<string, Set<Listener>>();
  let retry = 250;

  const reconnect = (): void => {
    setTimeout(connect, retry);
    retry = Math.min(retry * 2, 5000);
  };
  const connect = (): void => {
    if (secret === null) return;
    eventsTicket(secret).then((ticket) => {
      const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
      const socket = new WebSocket(`${scheme}://${location.host}/api/events?ticket=${encodeURIComponent(ticket)}`);
      socket.onopen = () => {
        retry = 250;
      };
      socket.onmessage = (message) => {
        const { event, payload } = JSON.parse(String(message.data)) as { event: string; payload: unknown };
        for (const listener of listeners.get(event) ?? []) listener(payload);
      };
      socket.onclose = reconnect;
    }, reconnect);
  };
  let connecting = false;

  return {
    async call(name, input) {
      let response: Response;
      try {
        response = await hostPost(secret, `/api/call/${encodeURIComponent(name)}`, input);
      } catch (err) {
        if (err instanceof NoAccessError) return { ok: false, error: { code: 'INTERNAL', message: err.message } };
        throw err;
      }
      if (!response.ok) {
        return { ok: false, error: { code: 'INTERNAL', message: `${name}: the host answered ${response.status} ${await response.text()}` } };
      }
      return (await response.json()) as RpcResultOf<typeof name>;
    },
    on(name, listener) {
      if (!connecting) {
        connecting = true;
        connect();
      }
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
