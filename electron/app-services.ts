/**
 * Wiring shared by the Electron main process and the browser host: the library of
 * projects, the router over it, and the events it emits.
 */
import os from 'node:os';
import path from 'node:path';
import pkg from '../package.json';
import type { EventName, EventPayload } from './ipc/contract';
import { createRouter, type Router } from './ipc/router';
import { Library } from './store/library';

export interface AppServices {
  library: Library;
  router: Router;
  close(): void;
}

type Emit = <K extends EventName>(name: K, payload: EventPayload<K>) => void;

export function createAppServices(options: {
  libraryDir: string;
  host: 'electron' | 'browser';
  emit: Emit;
  log?: (message: string) => void;
}): AppServices {
  const log = options.log ?? ((m: string) => console.error(m));
  const library = new Library(options.libraryDir, log);
  const router = createRouter({ library, version: pkg.version, host: options.host, emit: options.emit }, log);
  return { library, router, close: () => library.close() };
}

/** Where projects live unless the user says otherwise (`DIRECTA_HOME`). */
export function defaultLibraryDir(documentsDir: string = os.homedir()): string {
  return process.env.DIRECTA_HOME ?? path.join(documentsDir, 'Directa Projects');
}
