/**
 * UNet inputs for timing at a package's shapes, as the engine's guidance batch has them:
 * one latent sample and timestep in every half of the batch; the first half conditional
 * (camera on, one box with amplification and suppression, the values the Python side's
 * directa_models.package.sample_feeds uses), the others unconditional (null camera, no
 * object control); random text embeddings. `batch` 1 gives the conditional half alone.
 */
import * as ort from 'onnxruntime-node';
import type { GuidanceHalf } from '../../electron/engine/guidance-half';
import { gaussianNoise } from '../../electron/engine/noise';
import type { Manifest } from '../../electron/engine/package/manifest';
import { UnetStep } from '../../electron/engine/unet-step';

export function unetFeeds(m: Manifest, batch: number, seed = 0, half: 'cond' | 'uncond' = 'cond'): Record<string, ort.Tensor> {
  const { channels: C, height: h, width: w } = m.latent;
  const F = m.frames;
  const R = m.maxRegions;
  const T = m.text.maxTokens;
  const D = m.text.dim;
  const f32 = (data: Float32Array, dims: number[]): ort.Tensor => new ort.Tensor('float32', data, dims);

  const masks = new Float32Array(batch * R * F * h * w);
  const [y0, y1] = [Math.floor(h / 4), Math.max(Math.floor(h / 4) + 1, Math.floor(h / 2))];
  const [x0, x1] = [Math.floor(w / 4), Math.max(Math.floor(w / 4) + 1, Math.floor((3 * w) / 4))];
  const tokens = new Float32Array(batch * R * T);
  const gain = new Float32Array(batch * R * F);
  const suppress = new Float32Array(batch * T);
  const camera = new Float32Array(batch * 3);
  const conditional = (b: number): boolean => b === 0 && half === 'cond';
  for (let b = 0; b < batch; b++) {
    camera.set(conditional(b) ? [0.25, -0.25, 1.25] : [0, 0, 1], b * 3);
    if (!conditional(b)) continue;
    for (let f = 0; f < F; f++) {
      const plane = ((b * R + 0) * F + f) * h * w;
      for (let y = y0; y < y1; y++) masks.fill(1, plane + y * w + x0, plane + y * w + x1);
      gain[(b * R + 0) * F + f] = 20;
    }
    tokens[b * R * T + 1] = 1;
    suppress.fill(1, b * T + 1, b * T + 3);
  }
  const latent = gaussianNoise(seed, C * F * h * w);
  const sample = new Float32Array(batch * latent.length);
  for (let b = 0; b < batch; b++) sample.set(latent, b * latent.length);
  return {
    sample: f32(sample, [batch, C, F, h, w]),
    timestep: f32(new Float32Array(batch).fill(900), [batch]),
    encoder_hidden_states: f32(gaussianNoise(seed + (half === 'cond' ? 1 : 2), batch * T * D), [batch, T, D]),
    camera: f32(camera, [batch, 3]),
    camera_gate: f32(new Float32Array(batch).fill(1), [batch]),
    region_masks: f32(masks, [batch, R, F, h, w]),
    region_tokens: f32(tokens, [batch, R, T]),
    region_gain: f32(gain, [batch, R, F]),
    suppress_tokens: f32(suppress, [batch, T]),
  };
}

/**
 * The engine's UNet step (electron/engine/unet-step.ts) over the guidance-batch feeds of
 * `unetFeeds(m, 2)`: the same inputs, the amplification set as there; `run` is one step.
 */
export function engineStep(session: ort.InferenceSession, m: Manifest, half: GuidanceHalf | null, seed = 0): () => Promise<Float32Array> {
  const feeds = unetFeeds(m, 2, seed);
  const data = (name: string): Float32Array => feeds[name]!.data as Float32Array;
  const step = new UnetStep(session, m, 2, {
    hidden: feeds.encoder_hidden_states!, camera: data('camera'), masks: data('region_masks'),
    tokens: data('region_tokens'), suppress: data('suppress_tokens'),
  }, half);
  step.gain.set(data('region_gain'));
  const latent = data('sample').subarray(0, data('sample').length / 2);
  const t = data('timestep')[0]!;
  return () => step.run(latent, t, 1);
}
