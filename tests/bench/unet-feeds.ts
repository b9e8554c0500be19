/**
 * UNet inputs for timing at a package's shapes, the same values the Python side uses
 * (directa_models.package.sample_feeds, which bench_step.py feeds to PyTorch): random
 * latents and text, the camera on, one box with amplification and suppression.
 */
import * as ort from 'onnxruntime-node';
import { gaussianNoise } from '../../electron/engine/noise';
import type { Manifest } from '../../electron/engine/package/manifest';

export function unetFeeds(m: Manifest, batch: number, seed = 0): Record<string, ort.Tensor> {
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
  for (let b = 0; b < batch; b++) {
    for (let f = 0; f < F; f++) {
      const plane = ((b * R + 0) * F + f) * h * w;
      for (let y = y0; y < y1; y++) masks.fill(1, plane + y * w + x0, plane + y * w + x1);
      gain[(b * R + 0) * F + f] = 20;
    }
    tokens[b * R * T + 1] = 1;
    suppress.fill(1, b * T + 1, b * T + 3);
  }
  const camera = new Float32Array(batch * 3);
  for (let b = 0; b < batch; b++) camera.set([0.25, -0.25, 1.25], b * 3);
  return {
    sample: f32(gaussianNoise(seed, batch * C * F * h * w), [batch, C, F, h, w]),
    timestep: f32(new Float32Array(batch).fill(900), [batch]),
    encoder_hidden_states: f32(gaussianNoise(seed + 1, batch * T * D), [batch, T, D]),
    camera: f32(camera, [batch, 3]),
    camera_gate: f32(new Float32Array(batch).fill(1), [batch]),
    region_masks: f32(masks, [batch, R, F, h, w]),
    region_tokens: f32(tokens, [batch, R, T]),
    region_gain: f32(gain, [batch, R, F]),
    suppress_tokens: f32(suppress, [batch, T]),
  };
}
