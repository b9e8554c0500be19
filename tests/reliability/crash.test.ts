/**
 * kill -9 at random moments: during bursts of edits, while a shot generates, and while its
 * take encodes. After each kill the project file is intact, holds every acknowledged edit,
 * lists no half-written take, and opens again; the next run (a restart) takes up the
 * interrupted job and removes what the interrupted encode left (tests/helpers/crash-checks.ts).
 * More runs with DIRECTA_RELIABILITY=long.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../../electron/store/library';
import { bundleChild } from '../helpers/child-bundle';
import { checkAckedEdits, checkOpens, checkTakesWhole, partFiles, projectFolder } from '../helpers/crash-checks';
import type { ModelState } from '../helpers/crash-model';
import { bundleEngineWorker } from '../helpers/engine-worker';
import { iterations } from '../helpers/reliability';
import { ensureTinyPackage, TEST_MODELS } from '../helpers/tiny-package';
import { tempDir } from '../helpers/tmp';

let tmp: { dir: string; cleanup: () => void };
let editChild: { file: string; remove: () => void };
let genChild: { file: string; remove: () => void };
let engineWorker: string;
let projectId: string;
let expected: ModelState = { scenes: [[], [], []], prompts: {} };

beforeAll(async () => {
  editChild = await bundleChild('tests/helpers/crash-child.ts');
  genChild = await bundleChild('tests/helpers/crash-gen-child.ts');
  engineWorker = bundleEngineWorker();
  ensureTinyPackage();
  tmp = tempDir('directa-crash-');
  const library = new Library(tmp.dir);
  const store = library.create({ name: 'Crash' });
  for (const name of ['One', 'Two', 'Three']) store.createScene(name);
  projectId = store.info().id;
  library.close();
});
afterAll(() => {
  editChild?.remove();
  genChild?.remove();
  tmp?.cleanup();
});

interface Ran { lines: string[]; signal: NodeJS.Signals | null; stderr: string }

/** Runs a child and SIGKILLs it when `killNow(line, lines)` says so (or after a random delay it answers). */
function runAndKill(args: string[], killWhen: (line: string, kill: (delayMs: number) => void) => void, limitMs = 240_000): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    let pending = '';
    let killing = false;
    const kill = (delayMs: number): void => {
      if (killing) return;
      killing = true;
      setTimeout(() => child.kill('SIGKILL'), delayMs);
    };
    const limit = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the moment to kill never came in ${limitMs} ms:\n${out.slice(-2000)}\n${stderr}`));
    }, limitMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      pending += chunk;
      const complete = pending.split('\n');
      pending = complete.pop()!;
      for (const line of complete) killWhen(line, kill);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(limit);
      resolve({ lines: out.split('\n').slice(0, -1), signal, stderr });
    });
  });
}

describe('a burst of edits killed with SIGKILL', () => {
  const runs = Array.from({ length: iterations(4, 20) }, (_, i) => [i + 1, 30 + Math.floor(Math.random() * 80)] as [number, number]);

  it.each(runs)('run %i, killed after %i acks: the file is intact and every acked edit is there', async (run, killAfter) => {
    let acks = 0;
    const { lines, signal, stderr } = await runAndKill([editChild.file, tmp.dir, projectId, `r${run}`], (line, kill) => {
      if (line.startsWith('ack ') && ++acks >= killAfter) kill(Math.random() * 5);
    });
    expect(signal, stderr).toBe('SIGKILL');
    expected = checkAckedEdits(tmp.dir, lines, expected, killAfter);
    checkOpens(tmp.dir, projectId, expected);
  });
});

describe('SIGKILL while shots generate and their takes encode', () => {
  const phases = ['generating', 'encoding'] as const;
  const runs = Array.from({ length: iterations(4, 24) }, (_, i) => [i + 1, phases[i % 2]!] as [number, (typeof phases)[number]]);
  let partsLeft: string[] = [];

  it.each(runs)('run %i, killed while %s: intact, every acked edit, no half-written take, resumed next start', async (run, phase) => {
    const parts = (): string[] => partFiles(tmp.dir);
    let poll: ReturnType<typeof setInterval> | undefined;
    let finished = 0;
    const { lines, signal, stderr } = await runAndKill([genChild.file, tmp.dir, projectId, engineWorker, TEST_MODELS, `g${run}`], (line, kill) => {
      const [word, , status, progress] = line.split(' ');
      if (word === 'job' && status === 'done') finished++;
      if (word !== 'job' || status !== 'running') return;
      // generating: once a take is made in this run (so that whole takes are checked too), during the next job's steps
      if (phase === 'generating' && finished > 0 && Number(progress) > 0 && Number(progress) < 0.9) kill(Math.random() * 100);
      // the last step is reported: the frames go to ffmpeg next; kill as soon as a .part file shows
      if (phase === 'encoding' && Number(progress) >= 0.95 && !poll) {
        poll = setInterval(() => {
          if (parts().length > 0) {
            clearInterval(poll);
            kill(0);
          }
        }, 1);
        setTimeout(() => {
          clearInterval(poll);
          poll = undefined; // this encode was missed: wait for the next job's
        }, 5_000);
      }
    });
    clearInterval(poll);
    expect(signal, stderr).toBe('SIGKILL');
    expect(lines.filter((l) => l.startsWith('log ') && /failed|error/i.test(l) && !/interrupted/.test(l)), stderr).toEqual([]);
    if (phase === 'encoding') expect(parts().length, 'killed during an encode: its .part file is there').toBeGreaterThan(0);
    // the restart before this run removed what the last run's interrupted encode left
    expect(parts().filter((p) => partsLeft.includes(p))).toEqual([]);
    partsLeft = parts();

    expected = checkAckedEdits(tmp.dir, lines, expected);
    const takes = await checkTakesWhole(tmp.dir);
    if (phase === 'generating') expect(takes).toBeGreaterThan(0);
    const recovered = lines.filter((l) => /interrupted job\(s\) queued again|unfinished file/.test(l));
    console.log(`crash run ${run} (${phase}): ${takes} take(s) listed, ${partsLeft.length} .part file(s) left; ${recovered.join('; ') || 'nothing to recover'}`);
    checkOpens(tmp.dir, projectId, expected);
    expect(path.basename(projectFolder(tmp.dir))).toBe('Crash.directa');
  });
});
