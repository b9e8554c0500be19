/**
 * `npm run serve`: the app through the browser host, for machines without an Electron
 * binary (and for driving it from tests). Prints the URL to open, secret included.
 *
 *   node dist/electron/serve.cjs [--port N] [--library DIR]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createAppServices, defaultLibraryDir } from '../app-services';
import { installLastResort } from '../last-resort';
import type { EventName, EventPayload } from '../ipc/contract';
import { startHost, type Host } from './server';

async function main(): Promise<void> {
  installLastResort({ log: (message) => console.error(message) });
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      library: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log('usage: npm run serve -- [--port N] [--library DIR]\n  serves Directa on 127.0.0.1 with a per-run secret');
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got ${values.port}`);

  // Events are emitted by the services and broadcast by the host, which starts after them.
  const hostRef: { current?: Host } = {};
  const emit = <K extends EventName>(name: K, payload: EventPayload<K>): void => hostRef.current?.broadcast(name, payload);
  const services = createAppServices({ libraryDir: path.resolve(values.library ?? defaultLibraryDir()), host: 'browser', emit });
  const projectDir = (id: string): string | null => {
    try {
      return services.library.get(id).path;
    } catch {
      return null;
    }
  };
  const host = await startHost({ router: services.router, staticDir: path.join(__dirname, '..', 'renderer'), projectDir, port });
  services.generation.recover();

  hostRef.current = host;
  console.log(`Directa is running. Open this URL in a browser (it carries this run's secret):\n${host.launchUrl}`);
  console.log(`Projects: ${services.library.dir}`);

  const stop = (): void => {
    void host.close().then(() => services.close()).finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(`directa serve: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
