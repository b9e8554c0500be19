// Bundles the main process, the preload and the browser host for Node/Electron.
// Native modules stay external: they are loaded from node_modules at run time.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  // pdfkit stays in node_modules too: bundled, its ESM build's `import.meta.url` (the base of
  // its data files' URLs) is undefined in CommonJS and the bundle throws as it loads
  external: ['electron', 'better-sqlite3', 'onnxruntime-node', 'bufferutil', 'utf-8-validate', 'pdfkit'],
};

await Promise.all([
  build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.cjs' }),
  build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs' }),
  build({ ...common, entryPoints: ['electron/host/serve.ts'], outfile: 'dist/electron/serve.cjs' }),
  build({ ...common, entryPoints: ['electron/engine/worker.ts'], outfile: 'dist/electron/engine-worker.cjs' }),
  // the CLI is also the package's `directa` bin: it runs as a script
  build({ ...common, entryPoints: ['electron/cli.ts'], outfile: 'dist/electron/cli.cjs', banner: { js: '#!/usr/bin/env node' } }),
]);
