/** The engine in its worker thread: the main thread stays responsive, jobs cancel, a dead worker fails only its job. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, EngineError } from '../../electron/engine/engine';
import { CancelledError } from '../../electron/engine/pipeline';
import type { ShotSpec } from '../../electron/engine/spec';
import { bundleEngineWorker } from '../helpers/engine-worker';
import { ensureTinyPackage } from '../helpers/tiny-package';
import { tempDir } from '../helpers/tmp';

let workerFile: string;
let packageDir: string;
let engine: Engine;
const tmp = tempDir();

beforeAll(() => {
  workerFile = bundleEngineWorker();
  packageDir = ensureTinyPackage();
  engine = new Engine(workerFile, { threads: 1 });
});
afterAll(async () => {
  await engine.close();
  tmp.cleanup();
});

const spec = (steps: number): ShotSpec => ({
  version: 1, modelId: null, prompt: 'a red car on a street', negativePrompt: '', camera: { cx: 0.3, cy: 0, cz: 1 }, seed: 1,
  sampler: { scheduler: 'ddim', steps, guidance: 7.5 }, durationFrames: 24, fps: { num: 24, den: 1 },
  aspect: { width: 1280, height: 720 }, objects: [],
});

describe('Engine (worker thread)', () => {
  it('generates off the main thread: timers keep firing while it runs', async () => {
    let ticks = 0;
    let longestGap = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const t = performance.now();
      longestGap = Math.max(longestGap, t - last);
      last = t;
      ticks++;
    }, 10);
    const progress: number[] = [];
    const { clip, metrics } = await engine.generate(packageDir, spec(8), { onProgress: (s) => progress.push(s) });
    expect(metrics.camera.requested).toEqual({ cx: 0.3, cy: 0, cz: 1 });
    expect(Number.isFinite(metrics.camera.measured.cz)).toBe(true);
    clearInterval(timer);
    expect(clip.frames).toHaveLength(8);
    expect(clip.frames[0]).toBeInstanceOf(Uint8Array);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ticks).toBeGreaterThan(5);
    expect(longestGap).toBeLessThan(250); // a blocked loop would stall for the whole generation
  });

  it('cancels a running job through its AbortSignal', async () => {
    const controller = new AbortController();
    const run = engine.generate(packageDir, spec(30), { signal: controller.signal, onProgress: (s) => s === 2 && controller.abort() });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    // and the engine takes the next job
    expect((await engine.generate(packageDir, spec(1))).clip.frames).toHaveLength(8);
  });

  it('passes objectControl: false to the pipeline: the frames of the shot without boxes, the metrics still against the boxes', async () => {
    const objects: ShotSpec['objects'] = [{ phrase: 'red car', span: [2, 9], keyframes: [{ frame: 0, box: [0.1, 0.5, 0.4, 0.8] }], path: null }];
    const withBox = { ...spec(2), sampler: { scheduler: 'dpmpp-2m' as const, steps: 2, guidance: 7.5 }, objects };
    const on = await engine.generate(packageDir, withBox);
    const off = await engine.generate(packageDir, withBox, { objectControl: false });
    const plain = await engine.generate(packageDir, { ...withBox, objects: [] });
    expect(Buffer.compare(Buffer.from(off.clip.frames[0]!), Buffer.from(plain.clip.frames[0]!))).toBe(0);
    expect(Buffer.compare(Buffer.from(off.clip.frames[0]!), Buffer.from(on.clip.frames[0]!))).not.toBe(0);
    expect(off.metrics.objects).toHaveLength(1);
    expect(off.clip.boxes).toEqual(on.clip.boxes);
  });

  it('passes cameraProjection: false to the pipeline: a package that asks for the projection then gives the clip of one that does not', async () => {
    const projecting = path.join(tmp.dir, 'projecting');
    fs.cpSync(packageDir, projecting, { recursive: true });
    const manifestFile = path.join(projecting, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { defaults: Record<string, unknown> };
    manifest.defaults.cameraProjection = 1;
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    const on = await engine.generate(projecting, spec(2));
    const off = await engine.generate(projecting, spec(2), { cameraProjection: false });
    const plain = await engine.generate(packageDir, spec(2));
    expect(Buffer.compare(Buffer.from(off.clip.frames[3]!), Buffer.from(plain.clip.frames[3]!))).toBe(0);
    expect(Buffer.compare(Buffer.from(on.clip.frames[3]!), Buffer.from(plain.clip.frames[3]!))).not.toBe(0);
  });

  it('refuses a damaged package with an error naming the file', async () => {
    const broken = path.join(tmp.dir, 'broken');
    fs.cpSync(packageDir, broken, { recursive: true });
    fs.appendFileSync(path.join(broken, 'unet.onnx'), 'x');
    await expect(engine.generate(broken, spec(1))).rejects.toThrow(/unet\.onnx: \d+ bytes, the manifest says/);
  });

  it('fails the job, not the process, when the worker dies, and starts a new worker for the next job', async () => {
    const dying = path.join(tmp.dir, 'dying-worker.cjs');
    fs.writeFileSync(dying, "require('node:worker_threads').parentPort.on('message', () => process.exit(3));");
    const fragile = new Engine(dying);
    await expect(fragile.generate(packageDir, spec(1))).rejects.toThrow(EngineError);
    await expect(fragile.generate(packageDir, spec(1))).rejects.toThrow(/exited \(code 3\)/);
    await fragile.close();
  });
});
