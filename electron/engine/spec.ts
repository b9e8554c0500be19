/**
 * ShotSpec: everything the engine needs to generate one clip, and nothing else.
 *
 * The engine is a pure function of a spec. Its hash is in `spec-hash.ts` (this module
 * stays free of Node built-ins so that the sandboxed preload can bundle the contract).
 */
import { z } from 'zod';

/** A UTF-16 code unit of a surrogate pair without its other half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether `s` is well-formed UTF-16 (String.prototype.isWellFormed, ES2024). */
export function isWellFormed(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}

/**
 * A user's text: any string that is well-formed UTF-16. A lone surrogate has no UTF-8
 * form, so SQLite, file names and JSON would each store something else than was sent:
 * it is refused at the boundary, with every other character.
 */
export const UserText = z.string().refine(isWellFormed, 'must be well-formed text (it holds a lone UTF-16 surrogate)');

/** Camera move per clip, in the paper's convention: pan as a fraction of the frame, zoom as a scale. */
export const Camera = z.strictObject({
  cx: z.number().min(-1).max(1),
  cy: z.number().min(-1).max(1),
  cz: z.number().min(0.5).max(2),
});
export type Camera = z.infer<typeof Camera>;
export const NULL_CAMERA: Camera = { cx: 0, cy: 0, cz: 1 };

const unit = z.number().min(0).max(1);

/** `[x1, y1, x2, y2]` normalised to the frame, origin top-left. */
export const Box = z.tuple([unit, unit, unit, unit])
  .refine(([x1, y1, x2, y2]) => x2 > x1 && y2 > y1, 'box must have x2 > x1 and y2 > y1');
export type Box = z.infer<typeof Box>;

export const Point = z.tuple([unit, unit]);
export type Point = z.infer<typeof Point>;

export const Keyframe = z.strictObject({ frame: z.int().min(0), box: Box });
export type Keyframe = z.infer<typeof Keyframe>;

export const Scheduler = z.enum(['ddim', 'dpmpp-2m']);
export type Scheduler = z.infer<typeof Scheduler>;

export const SpecObject = z.strictObject({
  phrase: UserText.min(1),
  /** character span of the phrase in the prompt, end exclusive */
  span: z.tuple([z.int().min(0), z.int().min(0)]),
  keyframes: z.array(Keyframe).min(1)
    .refine((ks) => ks.every((k, i) => i === 0 || k.frame > ks[i - 1]!.frame), 'keyframes must be in increasing frame order'),
  path: z.array(Point).min(2).nullable(),
});
export type SpecObject = z.infer<typeof SpecObject>;

/** Words of the prompt marked as the background: bound to the frame outside the objects' boxes. */
export const SpecBackground = z.strictObject({
  phrase: UserText.min(1),
  /** character span of the phrase in the prompt, end exclusive */
  span: z.tuple([z.int().min(0), z.int().min(0)]),
});
export type SpecBackground = z.infer<typeof SpecBackground>;

export const ShotSpec = z.strictObject({
  version: z.literal(1),
  /** null: the app's default model */
  modelId: UserText.nullable(),
  prompt: UserText,
  negativePrompt: UserText,
  camera: Camera,
  seed: z.int().min(0).max(2 ** 32 - 1),
  sampler: z.strictObject({
    scheduler: Scheduler,
    steps: z.int().min(1).nullable(),
    guidance: z.number().min(0).nullable(),
  }),
  /** the shot's length on the timeline, at `fps` */
  durationFrames: z.int().min(1),
  fps: z.strictObject({ num: z.int().min(1), den: z.int().min(1) }),
  /** the project's frame aspect; the model renders at its own size */
  aspect: z.strictObject({ width: z.int().min(1), height: z.int().min(1) }),
  objects: z.array(SpecObject),
  /**
   * Left out when the shot has no marked background (then every word no object holds is
   * the background's), so that the specs, and hashes, of shots without one are unchanged.
   */
  background: SpecBackground.optional(),
});
export type ShotSpec = z.infer<typeof ShotSpec>;
