/** A real app (library + router) over a temporary library folder, as the hosts build it. */
import { createAppServices, type AppServices } from '../../electron/app-services';
import type { CallInput, CallName, EventName } from '../../electron/ipc/contract';
import type { RpcResult } from '../../electron/ipc/schemas';
import { bundleEngineWorker } from './engine-worker';
import { ensureTinyPackage, TEST_MODELS } from './tiny-package';
import { tempDir } from './tmp';

let workerFile: string | undefined;

export interface EmittedEvent { name: EventName; payload: unknown }

export interface TestApp {
  dir: string;
  services: AppServices;
  events: EmittedEvent[];
  logs: string[];
  /** a typed call through the router */
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<RpcResult<unknown>>;
  /** a call through the router that must succeed; answers its value */
  ok<T = unknown>(name: CallName, input: unknown): Promise<T>;
  close(): Promise<void>;
}

export function makeApp(): TestApp {
  const { dir, cleanup } = tempDir('directa-app-');
  const events: EmittedEvent[] = [];
  const logs: string[] = [];
  const services = createAppServices({
    libraryDir: dir,
    host: 'browser',
    emit: (name, payload) => events.push({ name, payload }),
    log: (m) => logs.push(m),
    engineWorker: (workerFile ??= bundleEngineWorker()),
    shippedModels: `${dir}/no-shipped-models`,
    userModels: (ensureTinyPackage(), TEST_MODELS),
  });
  return {
    dir,
    services,
    events,
    logs,
    call: (name, input) => services.router(name, input),
    async ok<T>(name: CallName, input: unknown): Promise<T> {
      const result = await services.router(name, input);
      if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
      return result.value as T;
    },
    async close() {
      await services.close();
      cleanup();
    },
  };
}
