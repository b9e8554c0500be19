/** Issue 11, item 4: an error nothing else caught is logged and the process goes on; a storm of them ends it. */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORM_EXIT_CODE } from '../../electron/last-resort';
import { bundleChild } from '../helpers/child-bundle';

let child: { file: string; remove: () => void };
beforeAll(async () => {
  child = await bundleChild('tests/helpers/last-resort-child.ts');
});
afterAll(() => child?.remove());

function run(count: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child.file, String(count)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
      if (stdout.includes('alive')) p.kill();
    });
    p.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the last-resort handler', () => {
  it('logs uncaught exceptions, unhandled rejections and unheard error events, and keeps the process alive', async () => {
    const { stdout, stderr } = await run(12);
    expect(stdout).toContain('alive');
    expect(stderr.match(/kept running/g)).toHaveLength(12);
    expect(stderr).toContain('uncaught exception, kept running: Error: thrown 2');
    expect(stderr).toContain('unhandled promise rejection, kept running: Error: rejection 3');
    expect(stderr).toContain('emitter 1');
  });

  it('exits with its own code when more than 20 come within a minute', async () => {
    const { code, stdout, stderr } = await run(40);
    expect(stdout).not.toContain('alive');
    expect(code).toBe(STORM_EXIT_CODE);
    expect(stderr).toContain('unexpected errors within a minute: exiting');
  });
});
