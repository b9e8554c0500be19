/**
 * The object-control inputs of the UNet (see MODEL_PACKAGE.md) for one clip: one region
 * per object (its per-frame boxes and its phrase's tokens) and a background region, the
 * complement of the boxes in every frame. They apply to the conditional half of the
 * guidance batch only, and only once there are objects.
 *
 * Which words the background region takes:
 *  - with a marked background phrase, exactly its tokens. Suppression then covers the
 *    objects' and the background's tokens only: a word bound to neither (a style word,
 *    "cinematic") is left alone and speaks to the whole frame. A shot whose objects fill
 *    every region leaves no room for a marked background: it is refused, as too many
 *    objects are;
 *  - without one, where room is left, every word of the prompt no object holds. Every
 *    prompt token but the start/end ones is under suppression: outside its own region's
 *    pixels it gets no attention (so with no room for a background region, the other
 *    words get none at all, as the contract has it).
 */
import { areaOf, boxesForFrames } from './boxes';
import type { Box, SpecBackground, SpecObject } from './spec';
import { tokensInSpan, type Encoding } from './tokenizers/types';

export interface RegionLayout { regions: number; frames: number; height: number; width: number; tokens: number }

export interface RegionInputs {
  /** [R, F, h, w], cell coverage 0..1 */
  masks: Float32Array;
  /** [R, T], 1 where token t belongs to region r */
  tokens: Float32Array;
  /** [R, F], 1 − area of the region in frame f: multiplied by λ while t ≥ τ·T */
  strength: Float32Array;
  /** [T], 1 for every token under control */
  suppress: Float32Array;
  /** the boxes of every object in every generated frame, for the take's metrics */
  boxes: Box[][];
}

export class RegionError extends Error {}

export function buildRegions(
  objects: readonly SpecObject[],
  encoding: Encoding,
  durationFrames: number,
  layout: RegionLayout,
  background: SpecBackground | null = null,
): RegionInputs {
  const { regions: R, frames: F, height: h, width: w, tokens: T } = layout;
  if (objects.length > R) throw new RegionError(`this model controls at most ${R} objects per shot; the shot has ${objects.length}`);
  if (background && objects.length > 0 && objects.length >= R) {
    throw new RegionError(`this model controls at most ${R} regions per shot, and the shot's ${objects.length} actors take them all: `
      + `none is left for the marked background "${background.phrase}" (clear the background or remove an actor)`);
  }
  const masks = new Float32Array(R * F * h * w);
  const tokenMask = new Float32Array(R * T);
  const strength = new Float32Array(R * F);
  const suppress = new Float32Array(T);
  const boxes = objects.map((o) => boxesForFrames(o.keyframes, o.path, durationFrames, F));
  const owned = new Set<number>();

  objects.forEach((object, r) => {
    const ids = tokensInSpan(encoding, object.span);
    if (ids.length === 0) throw new RegionError(`object "${object.phrase}" has no tokens in the prompt`);
    for (const t of ids) {
      tokenMask[r * T + t] = 1;
      suppress[t] = 1;
      owned.add(t);
    }
    boxes[r]!.forEach((box, f) => {
      rasterise(box, masks.subarray((r * F + f) * h * w, (r * F + f + 1) * h * w), h, w);
      strength[r * F + f] = 1 - areaOf(box);
    });
  });
  if (objects.length === 0) return { masks, tokens: tokenMask, strength, suppress, boxes };

  let words: number[];
  if (background) {
    words = tokensInSpan(encoding, background.span).filter((t) => !owned.has(t));
    if (words.length === 0) throw new RegionError(`the background "${background.phrase}" has no tokens in the prompt`);
  } else {
    words = encoding.offsets.flatMap((o, t) => (o !== null && !owned.has(t) ? [t] : []));
  }
  for (const t of words) suppress[t] = 1;
  if (objects.length < R && words.length > 0) {
    const r = objects.length;
    for (const t of words) tokenMask[r * T + t] = 1;
    complement(masks, strength, r, layout);
  }
  return { masks, tokens: tokenMask, strength, suppress, boxes };
}

/** Region `r` (after the objects') as what regions 0..r-1 leave of each frame, with its strength. */
function complement(masks: Float32Array, strength: Float32Array, r: number, { frames: F, height: h, width: w }: RegionLayout): void {
  for (let f = 0; f < F; f++) {
    const plane = masks.subarray((r * F + f) * h * w, (r * F + f + 1) * h * w);
    let covered = 0;
    for (let i = 0; i < h * w; i++) {
      let union = 0;
      for (let o = 0; o < r; o++) union = Math.max(union, masks[(o * F + f) * h * w + i]!);
      plane[i] = 1 - union;
      covered += plane[i]!;
    }
    strength[r * F + f] = 1 - covered / (h * w);
  }
}

/** Writes how much of each latent cell the box covers (0..1) into a [h, w] plane. */
export function rasterise(box: Box, plane: Float32Array, h: number, w: number): void {
  const [x1, y1, x2, y2] = [box[0] * w, box[1] * h, box[2] * w, box[3] * h];
  for (let y = Math.floor(y1); y < Math.min(h, Math.ceil(y2)); y++) {
    const cy = Math.min(y + 1, y2) - Math.max(y, y1);
    for (let x = Math.floor(x1); x < Math.min(w, Math.ceil(x2)); x++) {
      const cx = Math.min(x + 1, x2) - Math.max(x, x1);
      plane[y * w + x] = cx * cy;
    }
  }
}
