/**
 * The split guidance batch (electron/engine/guidance-half.ts): with the engine worker's
 * bundle as the helper thread, a UNet step gives what the batch of 2 gives in one session,
 * a whole clip comes out the same, and a helper thread that is gone, fails or cannot start
 * costs speed, never a step or a clip.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GuidanceHalf, splitThreads } from '../../electron/engine/guidance-half';
import { gaussianNoise } from '../../electron/engine/noise';
import { loadPackage, type ModelPackage } from '../../electron/engine/package/loader';
import { sessionOptions } from '../../electron/engine/package/providers';
import { generate } from '../../electron/engine/pipeline';
import type { ShotSpec } from '../../electron/engine/spec';
import { UnetStep, type StepInputs } from '../../electron/engine/unet-step';
import { bundleEngineWorker } from '../helpers/engine-worker';
import { ensureTinyPackage } from '../helpers/tiny-package';

let dir: string;
let worker: string;
let whole: ModelPackage;
let split: ModelPackage;
beforeAll(async () => {
  dir = ensureTinyPackage();
  worker = bundleEngineWorker();
  whole = await loadPackage(dir, { threads: 2 });
  split = await loadPackage(dir, { threads: 2 }, { halfWorker: worker });
});
afterAll(async () => {
  await whole?.release();
  await split?.release();
});

function stepInputs(pkg: ModelPackage): StepInputs {
  const m = pkg.manifest;
  const { height: h, width: w } = m.latent;
  const [F, R, T, D] = [m.frames, m.maxRegions, m.text.maxTokens, m.text.dim];
  const masks = new Float32Array(2 * R * F * h * w);
  masks.fill(1, 0, (F * h * w) / 2); // region 0 of the conditional half: the top half of every frame
  const tokens = new Float32Array(2 * R * T);
  tokens[2] = 1;
  const suppress = new Float32Array(2 * T);
  suppress.fill(1, 1, 4);
  return {
    hidden: new ort.Tensor('float32', gaussianNoise(7, 2 * T * D), [2, T, D]),
    camera: Float32Array.from([0.4, -0.2, 1.3, 0, 0, 1]),
    masks, tokens, suppress,
  };
}

/** Runs two steps (with and without amplification) and returns copies of their predictions. */
async function twoSteps(step: UnetStep, pkg: ModelPackage): Promise<Float32Array[]> {
  const m = pkg.manifest;
  const size = m.latent.channels * m.frames * m.latent.height * m.latent.width;
  const got: Float32Array[] = [];
  for (const c of [{ seed: 1, t: 951, gate: 1, gain: 20 }, { seed: 2, t: 401, gate: 0, gain: 0 }]) {
    step.gain.fill(0);
    step.gain.fill(c.gain, 0, m.frames);
    got.push(Float32Array.from(await step.run(gaussianNoise(c.seed, size), c.t, c.gate)));
  }
  return got;
}

function expectClose(a: Float32Array, b: Float32Array): void {
  expect(a.length).toBe(b.length);
  const scale = Math.max(...Array.from(b, Math.abs));
  const worst = a.reduce((most, v, i) => Math.max(most, Math.abs(v - b[i]!)), 0);
  expect(worst).toBeLessThan(1e-5 * scale);
}

describe('the split guidance batch', () => {
  it('is on for the CPU provider with 2 threads and the helper bundle, off otherwise', async () => {
    expect(split.guidanceHalf?.alive).toBe(true);
    expect(whole.guidanceHalf).toBeNull();
    const one = await loadPackage(dir, { threads: 1 }, { halfWorker: worker });
    const off = await loadPackage(dir, { threads: 2, splitGuidance: false }, { halfWorker: worker });
    expect(one.guidanceHalf).toBeNull();
    expect(off.guidanceHalf).toBeNull();
    await Promise.all([one.release(), off.release()]);
    expect(splitThreads(2)).toEqual([1, 1]);
    expect(splitThreads(5)).toEqual([2, 3]);
    expect(splitThreads(1)).toEqual([1, 1]);
  });

  it('gives each step what the batch of 2 gives in one session', async () => {
    const reference = await twoSteps(new UnetStep(whole.sessions.unet, whole.manifest, 2, stepInputs(whole)), whole);
    const got = await twoSteps(new UnetStep(split.sessions.unet, split.manifest, 2, stepInputs(split), split.guidanceHalf), split);
    for (const [i, r] of reference.entries()) expectClose(got[i]!, r);
    // the halves differ (camera and object control are on in the first only): both were computed
    const size = reference[0]!.length / 2;
    expect(got[0]!.subarray(0, size).some((v, k) => Math.abs(v - got[0]![size + k]!) > 1e-3)).toBe(true);
  });

  it('makes the same clip as the unsplit batch', async () => {
    const spec: ShotSpec = {
      version: 1, modelId: null, prompt: 'a red ball rolls', negativePrompt: '', camera: { cx: 0.3, cy: 0, cz: 1 }, seed: 5,
      sampler: { scheduler: 'ddim', steps: 3, guidance: 7.5 }, durationFrames: 48, fps: { num: 24, den: 1 }, aspect: { width: 16, height: 9 },
      objects: [{ phrase: 'red ball', span: [2, 10], keyframes: [{ frame: 0, box: [0.1, 0.2, 0.4, 0.6] }, { frame: 47, box: [0.5, 0.2, 0.8, 0.6] }], path: null }],
    };
    const a = await generate(whole, spec);
    const b = await generate(split, spec);
    expect(b.frames.length).toBe(a.frames.length);
    for (const [f, frame] of a.frames.entries()) {
      const worst = frame.reduce((most, v, i) => Math.max(most, Math.abs(v - b.frames[f]![i]!)), 0);
      expect(worst, `frame ${f}`).toBeLessThanOrEqual(1);
    }
  });

  it('runs the whole batch itself when the helper thread is gone, before or during a run', async () => {
    const pkg = await loadPackage(dir, { threads: 2 }, { halfWorker: worker });
    const half = pkg.guidanceHalf!;
    const reference = await twoSteps(new UnetStep(whole.sessions.unet, whole.manifest, 2, stepInputs(whole)), whole);
    const step = new UnetStep(pkg.sessions.unet, pkg.manifest, 2, stepInputs(pkg), half);
    const m = pkg.manifest;
    const size = m.latent.channels * m.frames * m.latent.height * m.latent.width;
    step.gain.fill(0);
    step.gain.fill(20, 0, m.frames);
    const during = step.run(gaussianNoise(1, size), 951, 1);
    const released = half.release(); // stops the thread while the step waits for it
    expectClose(Float32Array.from(await during), reference[0]!);
    await released;
    expect(half.alive).toBe(false);
    const after = await twoSteps(step, pkg);
    for (const [i, r] of reference.entries()) expectClose(after[i]!, r);
    await pkg.release();
  });

  it('answers a failed run with its error and keeps serving', async () => {
    const graph = path.join(dir, split.manifest.files.unet.path);
    const half = await GuidanceHalf.open(worker, graph, sessionOptions('cpu', { threads: 1 }));
    await expect(half.run({ sample: { data: new Float32Array(3), dims: [1, 3] } }, 'noise_pred')).rejects.toThrow(/the guidance half's run failed/);
    expect(half.alive).toBe(true);
    await half.release();
    await expect(half.run({}, 'noise_pred')).rejects.toThrow(/released/);
  });

  it('opens the package without it when the helper thread cannot start', async () => {
    const graph = path.join(dir, split.manifest.files.unet.path);
    await expect(GuidanceHalf.open(worker, path.join(dir, 'no-such.onnx'), sessionOptions('cpu', { threads: 1 })))
      .rejects.toThrow(/the guidance half's session could not open/);
    const exits = path.resolve('tests/.tmp/exits-at-once.cjs');
    fs.writeFileSync(exits, 'process.exit(3);\n');
    await expect(GuidanceHalf.open(exits, graph, sessionOptions('cpu', { threads: 1 }))).rejects.toThrow(/exited \(code 3\)/);
    const pkg = await loadPackage(dir, { threads: 2 }, { halfWorker: exits });
    expect(pkg.guidanceHalf).toBeNull();
    const reference = await twoSteps(new UnetStep(whole.sessions.unet, whole.manifest, 2, stepInputs(whole)), whole);
    const got = await twoSteps(new UnetStep(pkg.sessions.unet, pkg.manifest, 2, stepInputs(pkg), pkg.guidanceHalf), pkg);
    for (const [i, r] of reference.entries()) expectClose(got[i]!, r);
    await pkg.release();
  });
});
