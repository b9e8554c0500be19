/**
 * manifest.json of a Direct-a-Video model package (shared/MODEL_PACKAGE.md, version 1),
 * and the inputs and outputs each graph must have. Mirrors native-models' contract.py.
 */
import { z } from 'zod';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits');
const positiveInt = z.int().positive();
const fileEntry = z.object({ path: z.string().min(1), sha256, bytes: z.int().nonnegative() });
const graphEntry = fileEntry.extend({ externalData: fileEntry.optional() });
const interval = (lo: number, hi: number) =>
  z.tuple([z.number(), z.number()]).refine(([a, b]) => a === lo && b === hi, `must be [${lo}, ${hi}]`);

export const Manifest = z.object({
  format: z.literal('direct-a-video-onnx'),
  formatVersion: z.literal(1),
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, "must be lower-case letters, digits, '.', '_' or '-'"),
  name: z.string().min(1),
  description: z.string(),
  license: z.string().min(1),
  source: z.string().min(1),
  width: positiveInt,
  height: positiveInt,
  frames: positiveInt,
  fps: z.number().positive(),
  latent: z.object({ channels: positiveInt, height: positiveInt, width: positiveInt, scalingFactor: z.number().positive() }),
  text: z.object({
    maxTokens: positiveInt,
    dim: positiveInt,
    tokenizer: fileEntry.extend({
      kind: z.enum(['word', 'clip-bpe']),
      bos: z.int().nonnegative(),
      eos: z.int().nonnegative(),
      pad: z.int().nonnegative(),
      unk: z.int().nonnegative().optional(),
      pattern: z.string().optional(),
    }),
  }),
  scheduler: z.object({
    numTrainTimesteps: positiveInt,
    betaStart: z.number().positive(),
    betaEnd: z.number().positive(),
    betaSchedule: z.enum(['scaled_linear', 'linear']),
    predictionType: z.enum(['epsilon', 'v_prediction']),
    stepsOffset: z.int().nonnegative(),
    setAlphaToOne: z.boolean(),
  }),
  defaults: z.object({
    steps: positiveInt,
    guidance: z.number().nonnegative(),
    camOffT: z.number().min(0).max(1),
    cameraCfg: z.boolean(),
    attnLambda: z.number().nonnegative(),
    attnTau: z.number().min(0).max(1),
    negativePrompt: z.string(),
    /**
     * strength of the engine's camera projection (camera-projection.ts) at every step, 0 to
     * 1; absent or 0: off. For a model whose frames are not coherent enough to show a move.
     */
    cameraProjection: z.number().min(0).max(1).optional(),
  }),
  camera: z.object({ cx: interval(-1, 1), cy: interval(-1, 1), cz: interval(0.5, 2) }),
  maxRegions: positiveInt,
  files: z.object({ textEncoder: graphEntry, unet: graphEntry, vaeDecoder: graphEntry }),
  /** how the engine finds each actor in a clip: colours of the model's world */
  locator: z.object({
    kind: z.literal('colour'),
    tolerance: z.number().positive(),
    colours: z.record(z.string(), z.tuple([z.int().min(0).max(255), z.int().min(0).max(255), z.int().min(0).max(255)])),
  }).optional(),
  /**
   * control figures measured on release (informative; the engine reads none of it): the
   * held-out cases, steps and `directa eval`'s summary (version 2: each figure beside its
   * do-nothing baseline, see electron/cli/summary.ts). Older packages carry the flat
   * version-1 means, or nothing.
   */
  eval: z.record(z.string(), z.unknown()).optional(),
}).refine((m) => m.text.tokenizer.kind !== 'word' || (m.text.tokenizer.unk !== undefined && m.text.tokenizer.pattern !== undefined),
  { message: 'a word tokenizer needs unk and pattern', path: ['text', 'tokenizer'] });
export type Manifest = z.infer<typeof Manifest>;

export type GraphKey = keyof Manifest['files'];
export interface TensorSpec { name: string; type: 'float32' | 'int64'; shape: (number | 'batch')[] }

/** What each graph must take and give, from the manifest's sizes. */
export function graphSpecs(m: Manifest): Record<GraphKey, { inputs: TensorSpec[]; outputs: TensorSpec[] }> {
  const { maxTokens: T, dim: D } = m.text;
  const { channels: C, height: h, width: w } = m.latent;
  const F = m.frames;
  const R = m.maxRegions;
  const f32 = (name: string, ...shape: TensorSpec['shape']): TensorSpec => ({ name, type: 'float32', shape });
  return {
    textEncoder: {
      inputs: [{ name: 'input_ids', type: 'int64', shape: ['batch', T] }],
      outputs: [f32('last_hidden_state', 'batch', T, D)],
    },
    unet: {
      inputs: [
        f32('sample', 'batch', C, F, h, w),
        f32('timestep', 'batch'),
        f32('encoder_hidden_states', 'batch', T, D),
        f32('camera', 'batch', 3),
        f32('camera_gate', 'batch'),
        f32('region_masks', 'batch', R, F, h, w),
        f32('region_tokens', 'batch', R, T),
        f32('region_gain', 'batch', R, F),
        f32('suppress_tokens', 'batch', T),
      ],
      outputs: [f32('noise_pred', 'batch', C, F, h, w)],
    },
    vaeDecoder: {
      inputs: [f32('latent', 'batch', C, h, w)],
      outputs: [f32('image', 'batch', 3, m.height, m.width)],
    },
  };
}
