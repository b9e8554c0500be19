// `npm run bench`: bundles each part of the benchmark (as the tests bundle the engine
// worker) and runs them in turn; `-- --only NAME` runs one part. Other arguments after
// `--` go to the model part (e.g. --model PACKAGE_DIR), or with --only to the part named.
//   model     tests/bench/bench.ts     the model package on the CPU (steps, clips, encoding)
//   steps     tests/bench/steps.ts     fewer steps for the same result: each sampler at 8-20 steps against 50
//   timeline  tests/bench/timeline.ts  the timeline with 500 shots in Chromium (builds the app first)
//   export    tests/bench/export.ts    a 60 s sequence exported as MP4, as a multiple of real time
import { spawnSync } from 'node:child_process';
import { buildSync } from 'esbuild';

const parts = { model: 'tests/bench/bench.ts', steps: 'tests/bench/steps.ts', timeline: 'tests/bench/timeline.ts', export: 'tests/bench/export.ts' };
const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args.splice(onlyAt, 2)[1] : undefined;
if (only !== undefined && !Object.hasOwn(parts, only)) {
  console.error(`--only: one of ${Object.keys(parts).join(', ')}`);
  process.exit(2);
}
let status = 0;
for (const [name, entry] of Object.entries(parts)) {
  if (only !== undefined && name !== only) continue;
  const outfile = `tests/.tmp/bench/${name}.cjs`;
  buildSync({
    entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    external: ['onnxruntime-node', 'better-sqlite3', 'playwright-core', 'pdfkit', 'esbuild'], logLevel: 'warning',
  });
  const run = spawnSync(process.execPath, [outfile, ...(name === 'model' || name === only ? args : [])], { stdio: 'inherit' });
  status ||= run.status ?? 1;
}
process.exit(status);
