/**
 * Issue 11, item 4: the engine calls its caller's callbacks from the worker's 'message'
 * listener, where a throw would be an uncaught exception (the process ends). A callback
 * that throws fails its own job, which stops at its next step; the engine goes on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../electron/engine/engine';
import type { ShotSpec } from '../../electron/engine/spec';
import { bundleEngineWorker } from '../helpers/engine-worker';
import { ensureTinyPackage } from '../helpers/tiny-package';

let engine: Engine;
let packageDir: string;
const uncaught: unknown[] = [];
const onUncaught = (err: unknown): void => void uncaught.push(err);

beforeAll(() => {
  process.on('uncaughtException', onUncaught);
  engine = new Engine(bundleEngineWorker(), { threads: 1 });
  packageDir = ensureTinyPackage();
});
afterAll(async () => {
  await engine.close();
  process.off('uncaughtException', onUncaught);
});

const spec = (steps: number): ShotSpec => ({
  version: 1, modelId: null, prompt: 'a red car on a street', negativePrompt: '', camera: { cx: 0, cy: 0, cz: 1 }, seed: 1,
  sampler: { scheduler: 'ddim', steps, guidance: 7.5 }, durationFrames: 8, fps: { num: 24, den: 1 },
  aspect: { width: 1280, height: 720 }, objects: [],
});

describe('the engine, given callbacks that throw', () => {
  it.each([
    ['onProgress', { onProgress: (step: number) => { if (step === 2) throw new Error('the caller broke at step 2'); } }, /step 2/],
    ['onLoaded', { onLoaded: () => { throw new Error('the caller broke on load'); } }, /on load/],
  ])('%s: that job fails with the error, nothing is uncaught, the next job runs', async (_, options, message) => {
    const steps: number[] = [];
    await expect(engine.generate(packageDir, spec(40), { ...options, onProgress: (step, total) => {
      steps.push(step);
      (options as { onProgress?: (s: number, t: number) => void }).onProgress?.(step, total);
    } })).rejects.toThrow(message);
    expect(uncaught).toEqual([]);
    const next = await engine.generate(packageDir, spec(2));
    expect(next.clip.frames.length).toBeGreaterThan(0);
  });
});
