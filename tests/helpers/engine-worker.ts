/** The engine worker bundled for tests (the app bundles it in build/bundle-electron.mjs). */
import path from 'node:path';
import { buildSync } from 'esbuild';

export function bundleEngineWorker(): string {
  const outfile = path.resolve('tests/.tmp/engine-worker.cjs');
  buildSync({
    entryPoints: ['electron/engine/worker.ts'], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    external: ['onnxruntime-node'], logLevel: 'warning',
  });
  return outfile;
}
