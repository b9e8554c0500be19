/**
 * The Direct-a-Video pipeline: a ShotSpec and a loaded model package in, frames out.
 *
 *  1. tokenize the prompt (conditional) and the negative prompt (unconditional), encode both
 *  2. seeded Gaussian latents
 *  3. for each timestep: one UNet run over the guidance batch [cond, uncond]
 *       camera: the shot's move for cond; the null camera (0, 0, 1) for uncond when the
 *               model uses camera guidance; the module gated off below camOffT·T
 *       boxes:  region masks/tokens/suppression for cond only; amplification λ·(1 − area)
 *               only while t ≥ τ·T; all of it zero with `objectControl: false` (an
 *               evaluation knob: the boxes are still interpolated for the metrics)
 *     classifier-free guidance; where the package asks for it (`defaults.cameraProjection`),
 *     the camera projection of the clean estimate's backdrop (camera-projection.ts); then
 *     one scheduler step; progress after every step and a chance to cancel between steps
 *  4. VAE decode of every frame to RGB
 */
import * as ort from 'onnxruntime-node';
import type { ModelPackage } from './package/loader';
import { gaussianNoise } from './noise';
import { buildRegions } from './regions';
import { backdropWeights, outputFor, projectBackdrop } from './camera-projection';
import { createScheduler } from './schedulers';
import { alphasCumprod, x0AndEpsilon } from './schedulers/types';
import type { Box, ShotSpec } from './spec';
import { UnetStep } from './unet-step';

export interface GenerateOptions {
  onProgress?: (step: number, steps: number) => void;
  /** asked between steps; true stops the run with a CancelledError */
  isCancelled?: () => boolean;
  /** keep the latents after each step (tests compare them with the PyTorch pipeline) */
  keepLatents?: boolean;
  /** start from these latents [C, F, h, w] instead of the seed's noise (parity tests) */
  initialLatents?: Float32Array;
  /**
   * false: the training-free object control is off (region masks, tokens, amplification
   * and suppression all zero), as if the shot had no boxes; the clip still carries the
   * requested boxes so that they can be scored. For evaluation (`directa eval
   * --object-control off`), never a user setting. Default true.
   */
  objectControl?: boolean;
  /**
   * false: no camera projection even where the package's defaults ask for it, to measure
   * what the model does alone (`directa eval --camera-projection off`). Default true.
   */
  cameraProjection?: boolean;
}

export interface GeneratedClip {
  width: number;
  height: number;
  /** the model's own rate: frames.length frames span the whole shot */
  fps: number;
  /** RGB24, width·height·3 bytes each */
  frames: Uint8Array[];
  /** each object's requested box in every generated frame */
  boxes: Box[][];
  steps: number;
  guidance: number;
  provider: string;
  timings: { textMs: number; denoiseMs: number; decodeMs: number; stepMs: number };
  latents?: Float32Array[];
}

export class CancelledError extends Error {
  constructor() {
    super('generation was cancelled');
    this.name = 'CancelledError';
  }
}

export class SpecRejectedError extends Error {}

export async function generate(pkg: ModelPackage, spec: ShotSpec, options: GenerateOptions = {}): Promise<GeneratedClip> {
  const m = pkg.manifest;
  const { channels: C, height: h, width: w, scalingFactor } = m.latent;
  const { frames: F, maxRegions: R } = m;
  const T = m.text.maxTokens;
  const steps = spec.sampler.steps ?? m.defaults.steps;
  const guidance = spec.sampler.guidance ?? m.defaults.guidance;
  const useCfg = guidance !== 1;
  const B = useCfg ? 2 : 1;
  checkCamera(spec, m.camera);

  // 1. text
  let started = performance.now();
  const cond = pkg.tokenizer.encode(spec.prompt);
  const uncond = pkg.tokenizer.encode(spec.negativePrompt || m.defaults.negativePrompt);
  const ids = BigInt64Array.from([...cond.ids, ...(useCfg ? uncond.ids : [])].map(BigInt));
  const text = await pkg.sessions.textEncoder.run({ input_ids: new ort.Tensor('int64', ids, [B, T]) });
  const hidden = text.last_hidden_state!;
  const textMs = performance.now() - started;

  // 2. controls that do not change per step
  const regions = buildRegions(spec.objects, cond, spec.durationFrames, { regions: R, frames: F, height: h, width: w, tokens: T }, spec.background ?? null);
  const hasObjects = spec.objects.length > 0 && options.objectControl !== false;
  const perSample = C * F * h * w;
  const camera = new Float32Array(B * 3);
  camera.set([spec.camera.cx, spec.camera.cy, spec.camera.cz], 0);
  if (useCfg) camera.set(m.defaults.cameraCfg ? [0, 0, 1] : [spec.camera.cx, spec.camera.cy, spec.camera.cz], 3);
  const masks = new Float32Array(B * R * F * h * w);
  const tokens = new Float32Array(B * R * T);
  const suppress = new Float32Array(B * T);
  if (hasObjects) {
    masks.set(regions.masks, 0);
    tokens.set(regions.tokens, 0);
    suppress.set(regions.suppress, 0);
  }
  const unet = new UnetStep(pkg.sessions.unet, m, B, { hidden, camera, masks, tokens, suppress }, pkg.guidanceHalf);

  // 3. denoise
  const scheduler = createScheduler(spec.sampler.scheduler, m.scheduler);
  scheduler.setTimesteps(steps);
  if (options.initialLatents && options.initialLatents.length !== perSample) {
    throw new RangeError(`initial latents have ${options.initialLatents.length} values, the model takes ${perSample}`);
  }
  let latents = options.initialLatents ? Float32Array.from(options.initialLatents) : gaussianNoise(spec.seed, perSample);
  const kept: Float32Array[] = [];
  const N = m.scheduler.numTrainTimesteps;
  let guided = new Float32Array(perSample); // ε or v, as the package predicts; the schedulers keep no reference
  const projection = options.cameraProjection === false ? 0 : m.defaults.cameraProjection ?? 0;
  const grid = { channels: C, frames: F, height: h, width: w };
  // the canvas is made from the backdrop away from the actors; every cell outside their boxes is pulled onto it
  const projector = projection > 0 ? {
    backdrop: backdropWeights(regions.masks, spec.objects.length, grid),
    pulled: backdropWeights(regions.masks, spec.objects.length, grid, false),
    alphas: alphasCumprod(m.scheduler),
  } : null;
  started = performance.now();
  for (let i = 0; i < scheduler.timesteps.length; i++) {
    if (options.isCancelled?.()) throw new CancelledError();
    const t = scheduler.timesteps[i]!;
    const amplify = hasObjects && t >= m.defaults.attnTau * N;
    for (let j = 0; j < R * F; j++) unet.gain[j] = amplify ? m.defaults.attnLambda * regions.strength[j]! : 0;
    const pred = await unet.run(latents, t, t >= m.defaults.camOffT * N ? 1 : 0);
    for (let k = 0; k < perSample; k++) {
      guided[k] = useCfg ? pred[perSample + k]! + guidance * (pred[k]! - pred[perSample + k]!) : pred[k]!;
    }
    if (projector) {
      const { backdrop, pulled, alphas } = projector;
      const { x0 } = x0AndEpsilon(m.scheduler.predictionType, guided, latents, alphas[t]!);
      guided = outputFor(m.scheduler.predictionType, projectBackdrop(x0, grid, spec.camera, backdrop, projection, { pulled }), latents, alphas[t]!);
    }
    latents = scheduler.step(guided, i, latents);
    if (options.keepLatents) kept.push(latents);
    options.onProgress?.(i + 1, scheduler.timesteps.length);
  }
  const denoiseMs = performance.now() - started;

  // 4. decode
  if (options.isCancelled?.()) throw new CancelledError();
  started = performance.now();
  const frames = await decode(pkg, latents, scalingFactor);
  const decodeMs = performance.now() - started;

  return {
    width: m.width,
    height: m.height,
    fps: m.fps,
    frames,
    boxes: regions.boxes,
    steps,
    guidance,
    provider: pkg.provider,
    timings: { textMs, denoiseMs, decodeMs, stepMs: denoiseMs / steps },
    ...(options.keepLatents ? { latents: kept } : {}),
  };
}

/** Latents [C, F, h, w] → F frames of RGB24. */
async function decode(pkg: ModelPackage, latents: Float32Array, scalingFactor: number): Promise<Uint8Array[]> {
  const m = pkg.manifest;
  const { channels: C, height: h, width: w } = m.latent;
  const F = m.frames;
  const plane = h * w;
  const perFrame = new Float32Array(F * C * plane);
  for (let c = 0; c < C; c++) {
    for (let f = 0; f < F; f++) {
      const from = (c * F + f) * plane;
      const to = (f * C + c) * plane;
      for (let k = 0; k < plane; k++) perFrame[to + k] = latents[from + k]! / scalingFactor;
    }
  }
  const out = await pkg.sessions.vaeDecoder.run({ latent: new ort.Tensor('float32', perFrame, [F, C, h, w]) });
  const image = out.image!.data as Float32Array;
  const pixels = m.width * m.height;
  return Array.from({ length: F }, (_, f) => {
    const rgb = new Uint8Array(pixels * 3);
    for (let c = 0; c < 3; c++) {
      const base = (f * 3 + c) * pixels;
      for (let p = 0; p < pixels; p++) {
        rgb[p * 3 + c] = Math.round(Math.min(1, Math.max(0, (image[base + p]! + 1) / 2)) * 255);
      }
    }
    return rgb;
  });
}

function checkCamera(spec: ShotSpec, range: ModelPackage['manifest']['camera']): void {
  const { cx, cy, cz } = spec.camera;
  const inside = (v: number, [lo, hi]: readonly [number, number]) => Number.isFinite(v) && v >= lo && v <= hi;
  if (!inside(cx, range.cx) || !inside(cy, range.cy) || !inside(cz, range.cz)) {
    throw new SpecRejectedError(`camera (${cx}, ${cy}, ${cz}) is outside what this model takes: cx ${range.cx.join('..')}, cy ${range.cy.join('..')}, cz ${range.cz.join('..')}`);
  }
}
