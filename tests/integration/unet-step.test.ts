/**
 * The pipeline's reused UNet inputs and output (electron/engine/unet-step.ts): every step
 * gives what a run with freshly built tensors gives, whatever the step before it left in
 * the buffers.
 */
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gaussianNoise } from '../../electron/engine/noise';
import { loadPackage, type ModelPackage } from '../../electron/engine/package/loader';
import { UnetStep } from '../../electron/engine/unet-step';
import { ensureTinyPackage } from '../helpers/tiny-package';

let pkg: ModelPackage;
beforeAll(async () => {
  pkg = await loadPackage(ensureTinyPackage(), { threads: 1 });
});
afterAll(() => pkg?.release());

describe('UnetStep', () => {
  it('runs each step as fresh tensors would', async () => {
    const m = pkg.manifest;
    const { channels: C, height: h, width: w } = m.latent;
    const [F, R, T, D] = [m.frames, m.maxRegions, m.text.maxTokens, m.text.dim];
    const B = 2;
    const hidden = new ort.Tensor('float32', gaussianNoise(7, B * T * D), [B, T, D]);
    const camera = Float32Array.from([0.4, -0.2, 1.3, 0, 0, 1]);
    const masks = new Float32Array(B * R * F * h * w);
    masks.fill(1, 0, (F * h * w) / 2); // region 0 of the conditional half: the top half of every frame
    const tokens = new Float32Array(B * R * T);
    tokens[2] = 1;
    const suppress = new Float32Array(B * T);
    suppress.fill(1, 1, 4);
    const step = new UnetStep(pkg.sessions.unet, m, B, { hidden, camera, masks, tokens, suppress });

    const cases = [
      { seed: 1, t: 951, gate: 1, gain: 20 },
      { seed: 2, t: 401, gate: 0, gain: 0 },
    ];
    const got: Float32Array[] = [];
    for (const c of cases) {
      step.gain.fill(0);
      step.gain.fill(c.gain, 0, F); // region 0 of the conditional half
      got.push(Float32Array.from(await step.run(gaussianNoise(c.seed, C * F * h * w), c.t, c.gate)));
    }
    for (const [i, c] of cases.entries()) {
      const latent = gaussianNoise(c.seed, C * F * h * w);
      const sample = new Float32Array(B * latent.length);
      sample.set(latent, 0);
      sample.set(latent, latent.length);
      const gain = new Float32Array(B * R * F);
      gain.fill(c.gain, 0, F);
      const f32 = (data: Float32Array, dims: number[]) => new ort.Tensor('float32', data, dims);
      const fresh = await pkg.sessions.unet.run({
        sample: f32(sample, [B, C, F, h, w]), timestep: f32(new Float32Array(B).fill(c.t), [B]), encoder_hidden_states: hidden,
        camera: f32(camera, [B, 3]), camera_gate: f32(new Float32Array(B).fill(c.gate), [B]),
        region_masks: f32(masks, [B, R, F, h, w]), region_tokens: f32(tokens, [B, R, T]), region_gain: f32(gain, [B, R, F]),
        suppress_tokens: f32(suppress, [B, T]),
      });
      expect(Array.from(got[i]!)).toEqual(Array.from(fresh.noise_pred!.data as Float32Array));
    }
    const differ = got[0]!.some((v, k) => Math.abs(v - got[1]![k]!) > 1e-3);
    expect(differ).toBe(true);
  });
});
