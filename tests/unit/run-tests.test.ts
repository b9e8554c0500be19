/**
 * build/run-tests.mjs (`npm test`): every step runs and is reported even when an earlier
 * one fails, a step whose prerequisite failed is reported as not run, and the exit code
 * is non-zero when any did not pass (issue 11, item 12: the old `a && b && c` chain stopped
 * at the first failure, so the Python suite never reported).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import pkg from '../../package.json';

const runner = path.resolve('build/run-tests.mjs');
const node = process.execPath;
const step = (name: string, code: number, needs?: string[]) => ({ name, cmd: [node, '-e', `console.log('ran ${name}'); process.exit(${code})`], ...(needs ? { needs } : {}) });

function runWith(steps: unknown[], args: string[] = []) {
  const r = spawnSync(node, [runner, ...args], { encoding: 'utf8', env: { ...process.env, DIRECTA_TEST_STEPS: JSON.stringify(steps) } });
  return { code: r.status, out: r.stdout };
}

describe('the test runner', () => {
  it('runs every step after a failure, reports each, and fails at the end', () => {
    const { code, out } = runWith([step('first', 0), step('broken', 1), step('python', 0), step('needs-broken', 0, ['broken'])]);
    expect(code).toBe(1);
    expect(out).toContain('ran first');
    expect(out).toContain('ran python'); // after the failure
    expect(out).not.toContain('ran needs-broken');
    expect(out).toMatch(/ok {2}\s*first\s+passed/);
    expect(out).toMatch(/FAIL\s+broken\s+failed.*exit code 1/);
    expect(out).toMatch(/ok {2}\s*python\s+passed/);
    expect(out).toMatch(/FAIL\s+needs-broken\s+not run.*needs broken/);
    expect(out).toContain('2 of 4 step(s) did not pass: broken, needs-broken');
  });

  it('exits 0 when all pass; runs only the named steps; --long asks for the long reliability run', () => {
    const env = { name: 'env', cmd: [node, '-e', 'console.log("mode=" + process.env.DIRECTA_RELIABILITY)'] };
    const all = runWith([step('a', 0), env]);
    expect(all.code).toBe(0);
    expect(all.out).toContain('all 2 step(s) passed');
    const one = runWith([step('a', 1), env], ['env', '--long']);
    expect(one.code).toBe(0);
    expect(one.out).not.toContain('ran a');
    expect(one.out).toContain('mode=long');
    expect(runWith([step('a', 0)], ['nope']).code).toBe(2);
  });

  it('is what `npm test` and `npm run test:reliability` run', () => {
    expect(pkg.scripts.test).toBe('node build/run-tests.mjs');
    expect(pkg.scripts['test:reliability']).toBe('node build/run-tests.mjs python-env reliability --long');
  });
});
