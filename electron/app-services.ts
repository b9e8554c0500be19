/**
 * Wiring shared by the Electron main process and the browser host: the library of
 * projects, the router over it, and the events it emits.
 */
import os from 'node:os';
import path from 'node:path';
import pkg from '../package.json';
import type { ProviderName } from './engine/package/providers';
import { Engine } from './engine/engine';
import { ExportService } from './export/service';
import type { EventName, EventPayload } from './ipc/contract';
import { job } from './ipc/handlers';
import { createRouter, type Router } from './ipc/router';
import { GenerationService } from './services/generation';
import { ModelRegistry } from './services/models';
import { Library } from './store/library';
import type { JobRecord } from './store/jobs';

export interface AppServices {
  library: Library;
  router: Router;
  generation: GenerationService;
  exports: ExportService;
  models: ModelRegistry;
  close(): Promise<void>;
}

type Emit = <K extends EventName>(name: K, payload: EventPayload<K>) => void;

export function createAppServices(options: {
  libraryDir: string;
  host: 'electron' | 'browser';
  emit: Emit;
  log?: (message: string) => void;
  /** the bundled engine worker (dist/electron/engine-worker.cjs beside the main bundle) */
  engineWorker?: string;
  /** shipped model packages (native-models/packages in a checkout) */
  shippedModels?: string;
  /** the user's model packages; default: DIRECTA_MODELS or LIBRARY/Models */
  userModels?: string;
  /** the execution provider generation uses; default: DIRECTA_PROVIDER, else the engine's order */
  provider?: ProviderName;
}): AppServices {
  const log = options.log ?? ((m: string) => console.error(m));
  const library = new Library(options.libraryDir, log);
  const models = new ModelRegistry(
    options.shippedModels ?? path.join(__dirname, '..', '..', 'native-models', 'packages'),
    options.userModels ?? process.env.DIRECTA_MODELS ?? path.join(options.libraryDir, 'Models'),
  );
  const engine = new Engine(options.engineWorker ?? path.join(__dirname, 'engine-worker.cjs'), { provider: options.provider });
  const generation = new GenerationService(library, engine, models, {
    jobChanged: (projectId: string, record: JobRecord) => options.emit('job.changed', { projectId, job: job(record) }),
  }, log);
  const exports = new ExportService(library, (job) => options.emit('export.changed', { projectId: job.projectId, job }), log);
  const router = createRouter({ library, generation, exports, models, version: pkg.version, host: options.host, emit: options.emit }, log);
  return {
    library, router, generation, exports, models,
    close: async () => {
      await exports.close();
      await generation.close();
      await engine.close();
      await library.backupChanged(); // the session's last edits are in a backup before the app quits
      library.close();
    },
  };
}

/** Where projects live unless the user says otherwise (`DIRECTA_HOME`). */
export function defaultLibraryDir(documentsDir: string = os.homedir()): string {
  return process.env.DIRECTA_HOME ?? path.join(documentsDir, 'Directa Projects');
}
