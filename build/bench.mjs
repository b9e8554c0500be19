// `npm run bench`: bundles tests/bench/bench.ts (as the tests bundle the engine worker)
// and runs it; arguments after `--` go to the benchmark (e.g. --model PACKAGE_DIR).
import { spawnSync } from 'node:child_process';
import { buildSync } from 'esbuild';

const outfile = 'tests/.tmp/bench/bench.cjs';
buildSync({
  entryPoints: ['tests/bench/bench.ts'], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20',
  external: ['onnxruntime-node', 'better-sqlite3'], logLevel: 'warning',
});
const run = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
