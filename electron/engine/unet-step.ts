/**
 * The UNet's inputs and output for one clip, allocated once and reused by every step: the
 * guidance batch's latents, timestep, gate and amplification change in place between runs,
 * the text, camera and region inputs never change, and onnxruntime writes the prediction
 * into the same pre-allocated output each time (onnxruntime-node 1.30 still hands back a
 * copy of it as a new tensor; that copy, 0.3 MB for the built-in model, is all that moves
 * besides the latents into both halves of the batch).
 */
import * as ort from 'onnxruntime-node';
import type { Manifest } from './package/manifest';

export interface StepInputs {
  /** text encoder output for the batch [B, T, D] */
  hidden: ort.Tensor;
  /** [B, 3]: the shot's move, then the unconditional half's camera */
  camera: Float32Array;
  /** [B, R, F, h, w], [B, R, T], [B, T]: object control for the conditional half */
  masks: Float32Array;
  tokens: Float32Array;
  suppress: Float32Array;
}

export class UnetStep {
  readonly batch: number;
  private readonly perSample: number;
  private readonly sample: Float32Array;
  private readonly timestep: Float32Array;
  private readonly gate: Float32Array;
  /** [B, R, F]; only the conditional half's values are ever set */
  readonly gain: Float32Array;
  private readonly prediction: Float32Array;
  private readonly feeds: Record<string, ort.Tensor>;
  private readonly fetches: Record<string, ort.Tensor>;

  constructor(private readonly session: ort.InferenceSession, m: Manifest, batch: number, inputs: StepInputs) {
    const { channels: C, height: h, width: w } = m.latent;
    const { frames: F, maxRegions: R } = m;
    const T = m.text.maxTokens;
    const f32 = (data: Float32Array, dims: number[]): ort.Tensor => new ort.Tensor('float32', data, dims);
    this.batch = batch;
    this.perSample = C * F * h * w;
    this.sample = new Float32Array(batch * this.perSample);
    this.timestep = new Float32Array(batch);
    this.gate = new Float32Array(batch);
    this.gain = new Float32Array(batch * R * F);
    this.prediction = new Float32Array(batch * this.perSample);
    this.feeds = {
      sample: f32(this.sample, [batch, C, F, h, w]),
      timestep: f32(this.timestep, [batch]),
      encoder_hidden_states: inputs.hidden,
      camera: f32(inputs.camera, [batch, 3]),
      camera_gate: f32(this.gate, [batch]),
      region_masks: f32(inputs.masks, [batch, R, F, h, w]),
      region_tokens: f32(inputs.tokens, [batch, R, T]),
      region_gain: f32(this.gain, [batch, R, F]),
      suppress_tokens: f32(inputs.suppress, [batch, T]),
    };
    this.fetches = { noise_pred: f32(this.prediction, [batch, C, F, h, w]) };
  }

  /**
   * One UNet run over the batch with `latents` [C, F, h, w] in every half; returns the
   * prediction [B, C, F, h, w].
   */
  async run(latents: Float32Array, t: number, gate: number): Promise<Float32Array> {
    for (let b = 0; b < this.batch; b++) this.sample.set(latents, b * this.perSample);
    this.timestep.fill(t);
    this.gate.fill(gate);
    const out = await this.session.run(this.feeds, this.fetches);
    return out.noise_pred!.data as Float32Array;
  }
}
