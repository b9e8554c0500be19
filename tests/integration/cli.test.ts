/**
 * The `directa` CLI as a user runs it: bundled with its engine worker (as
 * build/bundle-electron.mjs does) and run as a child process on the tiny random package.
 * Renders a spec file and a project, evaluates cases, and refuses bad input with a
 * message and a non-zero exit.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildSync, type BuildOptions } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShotSpec } from '../../electron/engine/spec';
import { probeClip } from '../../electron/media';
import { Library } from '../../electron/store/library';
import { ensureTinyPackage, TEST_MODELS } from '../helpers/tiny-package';
import { tempDir } from '../helpers/tmp';

const run = promisify(execFile);
const BUNDLE_DIR = path.resolve('tests/.tmp/cli');
const CLI = path.join(BUNDLE_DIR, 'cli.cjs');
const tmp = tempDir('directa-cli-');
let tiny: string;

interface Result { code: number; stdout: string; stderr: string }

async function cli(args: string[]): Promise<Result> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      env: { ...process.env, DIRECTA_MODELS: TEST_MODELS, DIRECTA_PROVIDER: 'cpu' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const spec = (over: Partial<ShotSpec> = {}): ShotSpec => ({
  version: 1, modelId: null, prompt: 'a red car on a street', negativePrompt: '', camera: { cx: 0.5, cy: 0, cz: 1 }, seed: 3,
  sampler: { scheduler: 'ddim', steps: 30, guidance: 7.5 }, durationFrames: 12, fps: { num: 24, den: 1 },
  aspect: { width: 1280, height: 720 }, objects: [], ...over,
});

const CAR_MOVES: ShotSpec['objects'][number]['keyframes'] = [{ frame: 0, box: [0.1, 0.5, 0.4, 0.8] }, { frame: 8, box: [0.6, 0.5, 0.9, 0.8] }];

function writeJson(name: string, value: unknown): string {
  const file = path.join(tmp.dir, name);
  fs.writeFileSync(file, JSON.stringify(value));
  return file;
}

beforeAll(() => {
  const common: BuildOptions = {
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning',
    // as build/bundle-electron.mjs: pdfkit reads its data files next to itself
    external: ['electron', 'better-sqlite3', 'onnxruntime-node', 'bufferutil', 'utf-8-validate', 'pdfkit'],
  };
  buildSync({ ...common, entryPoints: ['electron/cli.ts'], outfile: CLI });
  buildSync({ ...common, entryPoints: ['electron/engine/worker.ts'], outfile: path.join(BUNDLE_DIR, 'engine-worker.cjs') });
  tiny = ensureTinyPackage();
});
afterAll(() => tmp.cleanup());

describe('directa render SPEC', () => {
  it('writes clip.mp4 at the shot\'s length, a poster, thumbnails and metrics.json', async () => {
    const out = path.join(tmp.dir, 'spec-out');
    const r = await cli(['render', writeJson('spec.json', spec()), '--out', out, '--model', tiny, '--steps', '2']);
    expect(r.stderr).toContain('step 2/2');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/clip\.mp4: 12 frames at 24 fps/);
    const info = await probeClip(path.join(out, 'clip.mp4'));
    expect(info).toMatchObject({ frames: 12, fps: { num: 24, den: 1 }, width: 128, height: 128 });
    expect(fs.existsSync(path.join(out, 'poster.jpg'))).toBe(true);
    expect(fs.readdirSync(out).filter((f) => f.startsWith('thumb-')).length).toBeGreaterThan(0);
    const report = JSON.parse(fs.readFileSync(path.join(out, 'metrics.json'), 'utf8'));
    expect(report).toMatchObject({ file: 'clip.mp4', modelId: 'directa-tiny-random', steps: 2, spec: { sampler: { steps: 2 } } });
    expect(report.metrics.camera.requested).toEqual({ cx: 0.5, cy: 0, cz: 1 });
    expect(Object.keys(report.metrics.camera.measured)).toEqual(['cx', 'cy', 'cz']);
    expect(Object.keys(report.metrics.camera.error)).toEqual(['cx', 'cy', 'log2cz']);
  });
});

describe('directa render PROJECT', () => {
  let projectDir: string;
  const projectTakes = (): number => {
    const library = new Library(path.dirname(projectDir));
    try {
      const store = library.get(library.list()[0]!.id);
      return store.snapshot().scenes[0]!.shots.reduce((n, shot) => n + store.takes.forShot(shot.id).length, 0);
    } finally {
      library.close();
    }
  };

  beforeAll(() => {
    const library = new Library(path.join(tmp.dir, 'library'));
    const store = library.create({ name: 'Film', fps: { num: 24, den: 1 } });
    const scene = store.createScene('Opening');
    for (const [name, durationFrames, cx] of [['Wide', 6, 0.5], ['Close up', 9, -0.5]] as const) {
      const shot = store.createShot(scene, name);
      store.updateShot(shot, {
        durationFrames, prompt: 'a red car on a street', camera: { cx, cy: 0, cz: 1 }, sampler: { scheduler: 'ddim', steps: 2, guidance: 7.5 },
      });
      if (name === 'Close up') store.setObjects(shot, [{ phrase: 'red car', span: [2, 9], color: '#e03c31', keyframes: CAR_MOVES, path: null }]);
    }
    projectDir = store.path;
    library.close();
  });

  it('renders every shot in order to NN-scene-shot.mp4 and records the takes in the project', async () => {
    const out = path.join(tmp.dir, 'project-out');
    const r = await cli(['render', projectDir, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('wrote 2 of 2 clips');
    expect((await probeClip(path.join(out, '01-opening-wide.mp4'))).frames).toBe(6);
    expect((await probeClip(path.join(out, '02-opening-close-up.mp4'))).frames).toBe(9);
    const report = JSON.parse(fs.readFileSync(path.join(out, 'metrics.json'), 'utf8'));
    expect(report.shots.map((s: { file: string }) => s.file)).toEqual(['01-opening-wide.mp4', '02-opening-close-up.mp4']);
    expect(report.shots[1].metrics.camera.requested.cx).toBe(-0.5);
    expect(report.summary.measured).toBe(2);
    expect(projectTakes()).toBe(2);

    const again = await cli(['render', projectDir, '--out', out]);
    expect(again.code).toBe(0);
    expect(again.stdout.match(/\(reused\)/g)).toHaveLength(2);
  });

  it('renders a working copy with --steps, leaving the project as it was', async () => {
    const out = path.join(tmp.dir, 'project-steps-out');
    const r = await cli(['render', projectDir, '--out', out, '--steps', '1']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(out, 'metrics.json'), 'utf8'));
    expect(report.project.workingCopy).toBe(true);
    expect(report.shots.map((s: { steps: number }) => s.steps)).toEqual([1, 1]);
    expect(report.shots[1].spec.objects).toEqual([{ phrase: 'red car', span: [2, 9], keyframes: CAR_MOVES, path: null }]);
    expect(projectTakes()).toBe(2);
  });
});

describe('directa eval', () => {
  it('prints each case and the summary beside its baselines, and writes the report', async () => {
    const cases = writeJson('cases.json', [
      { name: 'pan right', spec: spec({ camera: { cx: 0.6, cy: 0, cz: 1 } }) },
      { name: 'pan up', spec: spec({ camera: { cx: 0.1, cy: -0.5, cz: 1 } }) },
      { spec: spec({ camera: { cx: 0, cy: 0, cz: 1.5 }, objects: [{ phrase: 'red car', span: [2, 9], keyframes: CAR_MOVES, path: null }] }) },
      { name: 'still', spec: spec({ camera: { cx: 0, cy: 0, cz: 1 } }) },
    ]);
    const json = path.join(tmp.dir, 'eval', 'report.json');
    const r = await cli(['eval', tiny, cases, '--json', json, '--steps', '1']);
    expect(r.code, r.stderr).toBe(0);
    // the tiny random model's frames may be too textureless to read: either way the line says so
    expect(r.stdout).toMatch(/pan right: (cx 0\.600|camera not readable \(confidence \d\.\d{2}; requested cx 0\.600)/);
    for (const line of ['pan up: ', 'case-3: ', 'still: ', 'camera, takes that ask for a move: 3', 'still camera, takes that ask for none: 1', 'boxes, actors the locator can find: 0']) {
      expect(r.stdout).toContain(line);
    }
    const report = JSON.parse(fs.readFileSync(json, 'utf8'));
    expect(Object.keys(report)).toEqual(['package', 'casesFile', 'steps', 'objectControl', 'cameraProjection', 'cases', 'summary']);
    expect(report.package.id).toBe('directa-tiny-random');
    expect(report.objectControl).toBe(true);
    expect(report.cameraProjection).toBe(true);
    expect(r.stdout).toContain('object control: on ');
    expect(r.stdout).toContain('camera projection: none (the package asks for none)');
    expect(report.cases).toHaveLength(4);
    expect(report.cases[2].name).toBe('case-3');
    expect(report.cases.every((c: { steps: number; metrics: unknown }) => c.steps === 1 && c.metrics !== null)).toBe(true);
    for (const c of report.cases) {
      expect(typeof c.metrics.camera.reliable).toBe('boolean');
      expect(typeof c.metrics.camera.confidence).toBe('number');
    }
    const { summary } = report;
    expect(summary).toMatchObject({ cases: 4, failed: 0, measured: 4, version: 2, camera: { cases: 3 }, still: { cases: 1 }, boxes: { objects: 0, iou: { value: null } } });
    // an unreadable clip is scored as no move (and counted): the unreliable ones are among the scored
    expect(summary.camera.scored).toBe(3);
    expect(summary.camera.unreliable).toBeLessThanOrEqual(3);
    expect(Object.keys(summary.camera)).toEqual(['cases', 'unreliable', 'scored', 'errorCx', 'errorCy', 'errorLog2Cz', 'pan']);
    if (summary.camera.scored > 0) {
      // a still camera's errors on these cases: mean |cx| and so on, over the scored ones
      expect(summary.camera.errorCx).toMatchObject({ better: 'lower' });
      expect(typeof summary.camera.errorCx.baseline).toBe('number');
      expect(r.stdout).toMatch(/mean \|cx error\| +\d\.\d{3} {2}still camera \d\.\d{3} {2}beats baseline: (yes|no)/);
    }
  });
});

describe('directa eval --object-control off', () => {
  it('generates the cases without the object control, says so and records it in the report', async () => {
    const cases = writeJson('cases-off.json', [{ name: 'car', spec: spec({ objects: [{ phrase: 'red car', span: [2, 9], keyframes: CAR_MOVES, path: null }] }) }]);
    const json = path.join(tmp.dir, 'eval-off', 'report.json');
    const r = await cli(['eval', tiny, cases, '--json', json, '--steps', '1', '--object-control', 'off']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('object control: off ');
    const report = JSON.parse(fs.readFileSync(json, 'utf8'));
    expect(report.objectControl).toBe(false);
    expect(report.cases[0].error).toBeNull();
    expect(report.cases[0].metrics.objects).toHaveLength(1);
  });
});

describe('directa eval --camera-projection', () => {
  it('uses the projection a package asks for unless turned off, says which and records it in the report', async () => {
    const projecting = path.join(tmp.dir, 'projecting-model');
    fs.cpSync(tiny, projecting, { recursive: true });
    const manifest = JSON.parse(fs.readFileSync(path.join(projecting, 'manifest.json'), 'utf8'));
    manifest.defaults.cameraProjection = 1;
    fs.writeFileSync(path.join(projecting, 'manifest.json'), JSON.stringify(manifest));
    const cases = writeJson('cases-projection.json', [{ name: 'pan', spec: spec({ camera: { cx: 0.5, cy: 0, cz: 1 } }) }]);
    for (const [option, line, recorded] of [
      [[], 'camera projection: on at 1 ', true],
      [['--camera-projection', 'off'], 'camera projection: off (the package asks for 1; the model alone)', false],
    ] as const) {
      const json = path.join(tmp.dir, `eval-projection-${recorded}`, 'report.json');
      const r = await cli(['eval', projecting, cases, '--json', json, '--steps', '1', ...option]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(line);
      expect(JSON.parse(fs.readFileSync(json, 'utf8')).cameraProjection).toBe(recorded);
    }
  });
});

describe('bad input', () => {
  it('a missing spec file', async () => {
    const r = await cli(['render', path.join(tmp.dir, 'nope.json'), '--out', path.join(tmp.dir, 'x')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nope\.json: no such file/);
  });

  it('an invalid spec: the message names the field', async () => {
    const file = writeJson('bad.json', spec({ camera: { cx: 0, cy: 0, cz: 5 } }));
    const r = await cli(['render', file, '--out', path.join(tmp.dir, 'x'), '--model', tiny]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.json: not a valid ShotSpec:\n\s+camera\.cz: Too big/);
    expect(fs.existsSync(path.join(tmp.dir, 'x'))).toBe(false);
  });

  it('an invalid case names its position and field', async () => {
    const file = writeJson('bad-cases.json', [{ spec: spec() }, { spec: { ...spec(), seed: -1 } }]);
    const r = await cli(['eval', tiny, file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[1].spec.seed: ');
  });

  it('an unknown command, a bad option and a missing argument are usage errors (exit 2)', async () => {
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const steps = await cli(['render', 'x.json', '--out', 'o', '--steps', 'many']);
    expect(steps.code).toBe(2);
    expect(steps.stderr).toContain('--steps must be a whole number');
    const control = await cli(['eval', tiny, 'cases.json', '--object-control', 'maybe']);
    expect(control.code).toBe(2);
    expect(control.stderr).toContain('--object-control must be "on" or "off", got "maybe"');
    expect(control.stderr).toContain('usage: directa eval');
    const missing = await cli(['eval', tiny]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing CASES.json');
  });

  it('a folder that is not a project, and a folder that is not a package', async () => {
    const notProject = await cli(['render', tmp.dir, '--out', path.join(tmp.dir, 'x')]);
    expect(notProject.code).toBe(1);
    expect(notProject.stderr).toContain('not a Directa project');
    const notPackage = await cli(['eval', tmp.dir, writeJson('one.json', [{ spec: spec() }])]);
    expect(notPackage.code).toBe(1);
    expect(notPackage.stderr).toMatch(/manifest\.json: missing/);
  });

  it('--help of each command exits 0', async () => {
    for (const command of ['render', 'eval']) {
      const r = await cli([command, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`usage: directa ${command}`);
    }
  });
});
