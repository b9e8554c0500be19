import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../../electron/store/library';
import { apply, parseOp, type ModelState, type Op } from '../helpers/crash-model';
import { tempDir } from '../helpers/tmp';

// The child is bundled with esbuild (a devDependency already): Node 20 cannot run .ts itself.
const root = path.resolve(__dirname, '..', '..');
const childJs = path.join(root, 'tests', '.tmp', `crash-child-${process.pid}.mjs`);
let tmp: { dir: string; cleanup: () => void };
let projectId: string;

beforeAll(async () => {
  await build({
    entryPoints: [path.join(root, 'tests', 'helpers', 'crash-child.ts')],
    outfile: childJs, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'silent',
  });
  tmp = tempDir('directa-crash-');
  const library = new Library(tmp.dir);
  const store = library.create({ name: 'Crash' });
  for (const name of ['One', 'Two', 'Three']) store.createScene(name);
  projectId = store.info().id;
  library.close();
});
afterAll(() => {
  fs.rmSync(childJs, { force: true });
  tmp.cleanup();
});

/** Runs the child until `killAfter` acks have been read, then SIGKILLs it; answers every complete line it printed. */
function runAndKill(tag: string, killAfter: number): Promise<{ lines: string[]; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childJs, tmp.dir, projectId, tag], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    let acks = 0;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      acks += chunk.split('\n').filter((l) => l.startsWith('ack ')).length;
      out += chunk;
      if (acks >= killAfter && child.exitCode === null && !child.killed) {
        setTimeout(() => child.kill('SIGKILL'), Math.random() * 5);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (_code, signal) => resolve({ lines: out.split('\n').slice(0, -1), signal, stderr }));
  });
}

/** Reopens the project file as a crash leaves it: integrity first, then its scenes, shots and prompts. */
function readBack(): ModelState {
  const db = new Database(path.join(tmp.dir, 'Crash.directa', 'project.db'));
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const scenes = db.prepare('SELECT id FROM scenes ORDER BY position').pluck().all() as string[];
    const shots = db.prepare('SELECT name, prompt, position FROM shots WHERE scene_id = ? ORDER BY position');
    const prompts: Record<string, string> = {};
    const names = scenes.map((id) => {
      const rows = shots.all(id) as { name: string; prompt: string; position: number }[];
      expect(rows.map((r) => r.position)).toEqual(rows.map((_, i) => i));
      for (const r of rows) prompts[r.name] = r.prompt;
      return rows.map((r) => r.name);
    });
    return { scenes: names, prompts };
  } finally {
    db.close();
  }
}

describe('a burst of edits killed with SIGKILL', () => {
  let expected: ModelState = { scenes: [[], [], []], prompts: {} };

  it.each([[1, 30], [2, 45], [3, 70], [4, 100]])('run %i, killed after %i acks: the file is intact and every acked edit is there', async (run, killAfter) => {
    const { lines, signal, stderr } = await runAndKill(`r${run}`, killAfter);
    expect(signal, stderr).toBe('SIGKILL');

    const ops = new Map<number, Op>();
    let acked = 0;
    for (const line of lines) {
      const [word, n, ...rest] = line.split(' ');
      if (word === 'do') ops.set(Number(n), parseOp(rest));
      if (word === 'ack') {
        expect(Number(n)).toBe(acked + 1);
        expect(ops.has(Number(n))).toBe(true);
        acked = Number(n);
      }
    }
    expect(acked).toBeGreaterThanOrEqual(killAfter);

    let afterAcked = expected;
    for (let n = 1; n <= acked; n++) afterAcked = apply(afterAcked, ops.get(n)!);
    const pending = ops.get(acked + 1);
    const actual = readBack();

    // every acknowledged edit is there; at most the one edit in flight at the kill is there too
    const candidates = [afterAcked, ...(pending ? [apply(afterAcked, pending)] : [])];
    expect(candidates).toContainEqual(actual);
    for (let n = 1; n <= acked; n++) {
      const op = ops.get(n)!;
      if (op.kind !== 'move') expect(actual.prompts[op.name], `ack ${n}`).toBeDefined();
      if (op.kind === 'update') expect(Number(actual.prompts[op.name]!.replace(/^r\d+p/, '')), `ack ${n}`).toBeGreaterThanOrEqual(n);
    }

    // the app opens it again as a project
    const library = new Library(tmp.dir);
    try {
      const state = library.get(projectId).snapshot();
      expect(state.scenes.map((s) => s.shots.map((x) => x.name))).toEqual(actual.scenes);
    } finally {
      library.close();
    }
    expected = actual;
  });
});
