/**
 * The WebGPU execution provider (bundled in onnxruntime-node on Linux, Windows and macOS)
 * gives the CPU provider's clip: the same spec, with the camera and two boxes, through the
 * whole pipeline on the tiny package, frame by frame within a few levels of 255.
 *
 * WebGPU needs an adapter: a GPU, or on a machine without one Mesa's software Vulkan
 * (lavapipe; `.ci/run` installs it). Under CI the test must run; elsewhere, without an
 * adapter, it is skipped with the reason printed.
 */
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gaussianNoise } from '../../electron/engine/noise';
import { loadPackage, type ModelPackage } from '../../electron/engine/package/loader';
import { generate } from '../../electron/engine/pipeline';
import type { ShotSpec } from '../../electron/engine/spec';
import { ensureTinyPackage } from '../helpers/tiny-package';

process.env.XDG_RUNTIME_DIR ??= '/tmp'; // Mesa's Vulkan loader warns without one

async function openWebGpu(): Promise<ModelPackage | string> {
  try {
    return await loadPackage(ensureTinyPackage(), { provider: 'webgpu' });
  } catch (err) {
    return (err as Error).message;
  }
}

const opened = await openWebGpu();
const reason = typeof opened === 'string' ? opened : null;
if (reason !== null && !process.env.CI) console.warn(`webgpu-parity skipped: no WebGPU adapter here (${reason.slice(0, 300)})`);

let cpu: ModelPackage;
beforeAll(async () => {
  cpu = await loadPackage(ensureTinyPackage(), { provider: 'cpu', threads: 1 });
});
afterAll(async () => {
  await cpu?.release();
  if (typeof opened !== 'string') await opened.release();
});

const prompt = 'a red car and a white dog on a city street at sunset';
const spec: ShotSpec = {
  version: 1, modelId: null, prompt, negativePrompt: 'blurry', camera: { cx: 0.4, cy: -0.2, cz: 1.3 }, seed: 11,
  sampler: { scheduler: 'dpmpp-2m', steps: 3, guidance: 7.5 }, durationFrames: 48, fps: { num: 24, den: 1 },
  aspect: { width: 1280, height: 720 },
  objects: [
    { phrase: 'red car', span: [2, 9], keyframes: [{ frame: 0, box: [0.05, 0.5, 0.35, 0.9] }, { frame: 47, box: [0.55, 0.5, 0.85, 0.9] }], path: null },
    { phrase: 'white dog', span: [16, 25], keyframes: [{ frame: 0, box: [0.6, 0.1, 0.9, 0.4] }], path: null },
  ],
};

describe.skipIf(reason !== null && !process.env.CI)('the WebGPU provider', () => {
  it('opens the package (under CI an adapter must be there)', () => {
    expect(reason).toBeNull();
  });

  it('gives the CPU provider\'s UNet output for the same inputs, controls on', async () => {
    const gpu = opened as ModelPackage;
    const m = cpu.manifest;
    const { channels: C, height: h, width: w } = m.latent;
    const [F, R, T, D, B] = [m.frames, m.maxRegions, m.text.maxTokens, m.text.dim, 2];
    const masks = new Float32Array(B * R * F * h * w);
    masks.fill(1, 0, (F * h * w) / 2); // region 0 of the conditional half: the top half of every frame
    const tokens = new Float32Array(B * R * T);
    tokens[2] = 1;
    const gain = new Float32Array(B * R * F).fill(20, 0, F);
    const suppress = new Float32Array(B * T).fill(1, 1, 4);
    const f32 = (data: Float32Array, dims: number[]) => new ort.Tensor('float32', data, dims);
    const feeds = () => ({
      sample: f32(gaussianNoise(1, B * C * F * h * w), [B, C, F, h, w]), timestep: f32(Float32Array.from([951, 951]), [B]),
      encoder_hidden_states: f32(gaussianNoise(2, B * T * D), [B, T, D]), camera: f32(Float32Array.from([0.4, -0.2, 1.3, 0, 0, 1]), [B, 3]),
      camera_gate: f32(Float32Array.from([1, 1]), [B]), region_masks: f32(masks, [B, R, F, h, w]), region_tokens: f32(tokens, [B, R, T]),
      region_gain: f32(gain, [B, R, F]), suppress_tokens: f32(suppress, [B, T]),
    });
    const a = (await cpu.sessions.unet.run(feeds())).noise_pred!.data as Float32Array;
    const b = (await gpu.sessions.unet.run(feeds())).noise_pred!.data as Float32Array;
    let [worst, scale, sum] = [0, 0, 0];
    for (let i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
      scale = Math.max(scale, Math.abs(a[i]!));
      sum += Math.abs(a[i]! - b[i]!);
    }
    // measured on Mesa's lavapipe: 7e-3 at worst, 8e-4 on average (its transcendental
    // functions are looser than the CPU provider's); a wrong or missing operator gives O(1)
    expect(worst / scale).toBeLessThan(2e-2);
    expect(sum / a.length / scale).toBeLessThan(3e-3);
  });

  it('makes the CPU provider\'s clip', async () => {
    const gpu = opened as ModelPackage;
    const [a, b] = [await generate(cpu, spec), await generate(gpu, spec)];
    expect([a.provider, b.provider]).toEqual(['cpu', 'webgpu']);
    expect(b.frames).toHaveLength(a.frames.length);
    let worst = 0;
    let total = 0;
    let count = 0;
    a.frames.forEach((frame, f) => {
      const other = b.frames[f]!;
      for (let i = 0; i < frame.length; i++) {
        const d = Math.abs(frame[i]! - other[i]!);
        worst = Math.max(worst, d);
        total += d;
        count++;
      }
    });
    // a random-weight model at guidance 7.5 magnifies float rounding over the steps:
    // measured 1.3 levels on average, 15 at worst; a wrong operator gives tens
    expect(total / count).toBeLessThan(3);
    expect(worst).toBeLessThanOrEqual(40);
  }, 300_000);
});
