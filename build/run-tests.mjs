// `npm test`: runs every suite, each to its end, and reports each; exits non-zero at the end
// if any failed. (Steps chained with && stopped at the first failure, so one flaky test
// hid the Python suite's result.) A step whose prerequisite failed is reported as not run.
//
//   node build/run-tests.mjs [STEP...] [--long]
//
// STEP: any of the names below (default: all, in this order). --long runs the reliability
// suite's long variant (DIRECTA_RELIABILITY=long: more iterations). DIRECTA_TEST_STEPS (a
// JSON list of {name, cmd: [program, ...args], needs?}) replaces the steps (tests use it).
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const node = process.execPath;
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
// through npm when npm started us (the scripts stay the one definition of each step)
const npm = (script) => (process.env.npm_execpath ? [node, process.env.npm_execpath, 'run', '-s', script] : ['npm', 'run', '-s', script]);

const defaultSteps = [
  { name: 'python-env', cmd: npm('setup:python') },
  { name: 'typecheck', cmd: npm('typecheck') },
  { name: 'lint', cmd: npm('lint') },
  { name: 'build', cmd: npm('build') },
  { name: 'unit', cmd: [node, vitest, 'run', '--project', 'unit'] },
  { name: 'integration', cmd: [node, vitest, 'run', '--project', 'integration'], needs: ['python-env'] },
  { name: 'reliability', cmd: [node, vitest, 'run', '--project', 'reliability'], needs: ['python-env'] },
  { name: 'e2e', cmd: [node, vitest, 'run', '--project', 'e2e'], needs: ['build'] },
  { name: 'python', cmd: npm('test:python'), needs: ['python-env'] },
];

const args = process.argv.slice(2);
const long = args.includes('--long');
const wanted = args.filter((a) => !a.startsWith('--'));
const all = process.env.DIRECTA_TEST_STEPS ? JSON.parse(process.env.DIRECTA_TEST_STEPS) : defaultSteps;
const unknown = wanted.filter((w) => !all.some((s) => s.name === w));
if (unknown.length) {
  console.error(`run-tests: unknown step(s) ${unknown.join(', ')}; the steps are: ${all.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
const steps = wanted.length ? all.filter((s) => wanted.includes(s.name)) : all;
const env = { ...process.env, ...(long ? { DIRECTA_RELIABILITY: 'long' } : {}) };

function run(cmd) {
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), {
      cwd: root, env, stdio: 'inherit', shell: process.platform === 'win32' && cmd[0] === 'npm',
    });
    child.on('error', (err) => resolve({ code: null, error: err.message }));
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
}

const results = [];
for (const step of steps) {
  const missing = (step.needs ?? []).filter((n) => results.some((r) => r.name === n && r.status !== 'passed'));
  if (missing.length) {
    results.push({ name: step.name, status: 'not run', detail: `needs ${missing.join(', ')}`, seconds: 0 });
    console.log(`\n── ${step.name}: not run (needs ${missing.join(', ')}, which failed)`);
    continue;
  }
  const shown = step.cmd.map((c) => (c === node ? 'node' : path.isAbsolute(c) && c.startsWith(root) ? path.relative(root, c) : c));
  console.log(`\n── ${step.name}: ${shown.join(' ')}`);
  const started = Date.now();
  const { code, signal, error } = await run(step.cmd);
  const seconds = (Date.now() - started) / 1000;
  const status = code === 0 ? 'passed' : 'failed';
  const detail = error ?? (signal ? `killed by ${signal}` : code === 0 ? '' : `exit code ${code}`);
  results.push({ name: step.name, status, detail, seconds });
}

const width = Math.max(...results.map((r) => r.name.length));
console.log(`\n── summary${long ? ' (reliability: long)' : ''}`);
for (const r of results) {
  console.log(`  ${r.status === 'passed' ? 'ok  ' : 'FAIL'}  ${r.name.padEnd(width)}  ${r.status.padEnd(7)}  ${r.seconds.toFixed(0).padStart(5)} s${r.detail ? `  (${r.detail})` : ''}`);
}
const failed = results.filter((r) => r.status !== 'passed');
console.log(failed.length ? `\n${failed.length} of ${results.length} step(s) did not pass: ${failed.map((r) => r.name).join(', ')}` : `\nall ${results.length} step(s) passed`);
process.exit(failed.length ? 1 : 0);
