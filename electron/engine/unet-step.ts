/**
 * The UNet's inputs and output for one clip, allocated once and reused by every step: the
 * guidance batch's latents, timestep, gate and amplification change in place between runs,
 * the text, camera and region inputs never change, and onnxruntime writes the prediction
 * into the same pre-allocated output each time (onnxruntime-node 1.30 still hands back a
 * copy of it as a new tensor; that copy, 0.3 MB for the built-in model, is all that moves
 * besides the latents into both halves of the batch).
 *
 * With a GuidanceHalf (the CPU provider's split guidance batch), the second half of a batch
 * of 2 runs on the helper thread while this thread runs the first half in its own session,
 * both writing into the same prediction [2, …]; if the helper thread is gone, the step runs
 * the whole batch here instead, so a clip never fails for its sake.
 */
import * as ort from 'onnxruntime-node';
import type { GuidanceHalf, HalfInput } from './guidance-half';
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
  /** batch 2 split: each half's own inputs and the first half's output (views of the batch's) */
  private readonly split: { first: Record<string, ort.Tensor>; second: Record<string, ort.Tensor>; fetches: Record<string, ort.Tensor> } | null = null;

  constructor(private readonly session: ort.InferenceSession, m: Manifest, batch: number, inputs: StepInputs,
    private readonly half: GuidanceHalf | null = null) {
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
    if (half && batch === 2) {
      const halves = (b: 0 | 1) => Object.fromEntries(Object.entries(this.feeds).map(([name, t]) => [name, halfOf(t, b)]));
      this.split = { first: halves(0), second: halves(1), fetches: { noise_pred: halfOf(this.fetches.noise_pred!, 0) } };
    }
  }

  /**
   * One UNet run over the batch with `latents` [C, F, h, w] in every half; returns the
   * prediction [B, C, F, h, w] (an array the next run may overwrite).
   */
  async run(latents: Float32Array, t: number, gate: number): Promise<Float32Array> {
    for (let b = 0; b < this.batch; b++) this.sample.set(latents, b * this.perSample);
    this.timestep.fill(t);
    this.gate.fill(gate);
    if (this.split && this.half?.alive) {
      // compact copies: posting a view would copy the whole batch's buffer
      const second: Record<string, HalfInput> = Object.fromEntries(Object.entries(this.split.second)
        .map(([name, view]) => [name, { data: Float32Array.from(view.data as Float32Array), dims: [...view.dims] }]));
      const remote = this.half.run(second, 'noise_pred');
      // the helper's answer may fail while this thread runs; it is awaited right after
      remote.catch(() => undefined);
      await this.session.run(this.split.first, this.split.fetches);
      try {
        this.prediction.set(await remote, this.prediction.length / 2);
        return this.prediction;
      } catch {
        // the helper thread is gone or its run failed: the whole batch here
      }
    }
    const out = await this.session.run(this.feeds, this.fetches);
    return out.noise_pred!.data as Float32Array;
  }
}

/** Sample `b` of a batch-2 float32 tensor, as a view of its data. */
function halfOf(t: ort.Tensor, b: 0 | 1): ort.Tensor {
  const data = t.data as Float32Array;
  const size = data.length / 2;
  return new ort.Tensor('float32', data.subarray(b * size, (b + 1) * size), [1, ...t.dims.slice(1)]);
}
