/**
 * `npm run serve`: the app through the browser host, for machines without an Electron
 * binary (and for driving it from tests). Prints the URL to open, secret included.
 *
 *   node dist/electron/serve.cjs [--port N] [--library DIR] [--new-secret]
 *
 * A restart soon after a run comes back on the same port with the same secret (kept
 * owner-only in the library folder, see host-state.ts), so the tabs that were open
 * reconnect by themselves; `--new-secret` starts afresh and locks every open tab out.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createAppServices, defaultLibraryDir } from '../app-services';
import { installLastResort } from '../last-resort';
import type { EventName, EventPayload } from '../ipc/contract';
import { keepAlive, loadReusable, saveHostState, type SavedHost } from './host-state';
import { startHost, type Host, type HostOptions } from './server';

async function main(): Promise<void> {
  installLastResort({ log: (message) => console.error(message) });
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      library: { type: 'string' },
      'new-secret': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log([
      'usage: npm run serve -- [--port N] [--library DIR] [--new-secret]',
      '  serves Directa on 127.0.0.1, guarded by a secret in the URL it prints;',
      '  a restart within 30 minutes keeps the port and the secret, so open tabs reconnect',
      '  --new-secret  a fresh secret (open tabs lose access)',
    ].join('\n'));
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got ${values.port}`);

  // Events are emitted by the services and broadcast by the host, which starts after them.
  const hostRef: { current?: Host } = {};
  const emit = <K extends EventName>(name: K, payload: EventPayload<K>): void => hostRef.current?.broadcast(name, payload);
  const libraryDir = path.resolve(values.library ?? defaultLibraryDir());
  const services = createAppServices({ libraryDir, host: 'browser', emit });
  const projectDir = (id: string): string | null => {
    try {
      return services.library.get(id).path;
    } catch {
      return null;
    }
  };
  const base = { router: services.router, staticDir: path.join(__dirname, '..', 'renderer'), projectDir };
  const { host, state, reused } = await startReusing(base, libraryDir, port, values['new-secret']);
  services.generation.recover();

  hostRef.current = host;
  console.log(`Directa is running. Open this URL in a browser (it carries this run's secret):\n${host.launchUrl}`);
  if (reused) console.log('Same address and secret as the previous run: tabs that were open reconnect by themselves.');
  console.log(`Projects: ${services.library.dir}`);
  const stopHeartbeat = saveState(libraryDir, state);

  const stop = (): void => {
    stopHeartbeat();
    saveState(libraryDir, { ...state, aliveAt: Date.now() }, false);
    void host.close().then(() => services.close()).finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * Starts the host on the saved port with the saved secret when they may be reused (and
 * no other port was asked for); a saved port now taken by something else, or a refused
 * state, means a free port and a fresh secret.
 */
async function startReusing(
  base: Omit<HostOptions, 'port' | 'secret'>, libraryDir: string, port: number, fresh: boolean,
): Promise<{ host: Host; state: SavedHost; reused: boolean }> {
  const now = Date.now();
  const { saved, reason } = fresh ? { saved: null, reason: null } : loadReusable(libraryDir, now);
  if (reason) console.error(`directa serve: a fresh secret (${reason})`);
  const reusable = saved !== null && (port === 0 || port === saved.port) ? saved : null;
  if (reusable) {
    try {
      const host = await startHost({ ...base, port: reusable.port, secret: reusable.secret });
      return { host, state: { ...reusable, aliveAt: now }, reused: true };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      console.error(`directa serve: port ${reusable.port} of the previous run is taken; a new address and secret`);
    }
  }
  const host = await startHost({ ...base, port });
  return { host, state: { version: 1, port: host.port, secret: host.secret, createdAt: now, aliveAt: now }, reused: false };
}

/** Saves the host state (and, with `heartbeat`, keeps it fresh); a failure only costs open tabs their reconnection. */
function saveState(libraryDir: string, state: SavedHost, heartbeat = true): () => void {
  try {
    saveHostState(libraryDir, state);
  } catch (err) {
    console.error(`directa serve: could not save the address for a restart: ${(err as Error).message}`);
    return () => undefined;
  }
  return heartbeat ? keepAlive(libraryDir, state, (m) => console.error(m)) : () => undefined;
}

main().catch((err: unknown) => {
  console.error(`directa serve: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
