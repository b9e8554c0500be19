/**
 * The object-control inputs of the UNet (see MODEL_PACKAGE.md) for one clip:
 * one region per object (its per-frame boxes and its phrase's tokens) and, where room is
 * left, a background region (the complement of the boxes, bound to every other word of
 * the prompt). Every prompt token but the start/end ones is under suppression once there
 * are objects: outside its own region's pixels it gets no attention (so with no room for
 * a background region, the other words get none at all, as the contract has it).
 * They apply to the conditional half of the guidance batch only.
 */
import { areaOf, boxesForFrames } from './boxes';
import type { Box, SpecObject } from './spec';
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
): RegionInputs {
  const { regions: R, frames: F, height: h, width: w, tokens: T } = layout;
  if (objects.length > R) throw new RegionError(`this model controls at most ${R} objects per shot; the shot has ${objects.length}`);
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

  const background = encoding.offsets.flatMap((o, t) => (o !== null && !owned.has(t) ? [t] : []));
  if (objects.length > 0) for (const t of background) suppress[t] = 1;
  if (objects.length > 0 && objects.length < R && background.length > 0) {
    const r = objects.length;
    for (const t of background) tokenMask[r * T + t] = 1;
    for (let f = 0; f < F; f++) {
      const plane = masks.subarray((r * F + f) * h * w, (r * F + f + 1) * h * w);
      let covered = 0;
      for (let i = 0; i < h * w; i++) {
        let union = 0;
        for (let o = 0; o < objects.length; o++) union = Math.max(union, masks[(o * F + f) * h * w + i]!);
        plane[i] = 1 - union;
        covered += plane[i]!;
      }
      strength[r * F + f] = 1 - covered / (h * w);
    }
  }
  return { masks, tokens: tokenMask, strength, suppress, boxes };
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
