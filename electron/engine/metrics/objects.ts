/**
 * Where an object lands in a generated clip, for models whose world draws actors in
 * known colours (the manifest's `locator`): the bounding box of the largest connected
 * group of pixels near the colour, and its IoU against the requested box; beside it the
 * do-nothing baseline of the object held at its first requested box.
 */
import type { RgbFrame } from './frames';

export type Box = [number, number, number, number];

/** The box (normalised) of the largest 4-connected blob within `tolerance` (RGB distance) of `rgb`, or null. */
export function locateColour(frame: RgbFrame, rgb: readonly [number, number, number], tolerance: number, minPixels = 4): Box | null {
  const { width, height, data } = frame;
  const hit = new Uint8Array(width * height);
  for (let i = 0; i < width * height; i++) {
    const d = Math.hypot(data[i * 3]! - rgb[0], data[i * 3 + 1]! - rgb[1], data[i * 3 + 2]! - rgb[2]);
    if (d <= tolerance) hit[i] = 1;
  }
  let best: { n: number; box: [number, number, number, number] } | null = null;
  const stack: number[] = [];
  for (let start = 0; start < hit.length; start++) {
    if (hit[start] !== 1) continue;
    hit[start] = 2;
    stack.push(start);
    let n = 0;
    let [x1, y1, x2, y2] = [width, height, -1, -1];
    while (stack.length) {
      const i = stack.pop()!;
      const x = i % width;
      const y = (i - x) / width;
      n++;
      x1 = Math.min(x1, x); y1 = Math.min(y1, y); x2 = Math.max(x2, x); y2 = Math.max(y2, y);
      for (const j of [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, y > 0 ? i - width : -1, y < height - 1 ? i + width : -1]) {
        if (j >= 0 && hit[j] === 1) {
          hit[j] = 2;
          stack.push(j);
        }
      }
    }
    if (!best || n > best.n) best = { n, box: [x1, y1, x2, y2] };
  }
  if (!best || best.n < minPixels) return null;
  const [x1, y1, x2, y2] = best.box;
  return [x1 / width, y1 / height, (x2 + 1) / width, (y2 + 1) / height];
}

export function iou(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const iy = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const inter = ix * iy;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return union <= 0 ? 0 : inter / union;
}

/** How well one object lands where it was asked to be, over the frames of a clip. */
export interface BoxScores {
  /** mean IoU over all frames, 0 in a frame where the object is not found */
  iou: number;
  /** mean IoU over the frames where it is found; null when it is found in none */
  iouLocated: number | null;
  /** share of frames it is found in */
  found: number;
  /** the do-nothing baseline: the first requested box held for every frame, mean IoU against the requested boxes */
  heldIou: number;
  /** the same baseline over the frames where the object is found (null when none) */
  heldIouLocated: number | null;
}

export function boxScores(frames: readonly RgbFrame[], requested: readonly Box[], rgb: readonly [number, number, number], tolerance: number): BoxScores {
  const n = frames.length;
  if (n === 0) return { iou: 0, iouLocated: null, found: 0, heldIou: 0, heldIouLocated: null };
  const first = requested[0];
  let sum = 0;
  let held = 0;
  let located = 0;
  let heldLocated = 0;
  let hits = 0;
  frames.forEach((frame, f) => {
    const want = requested[f];
    const heldHere = first && want ? iou(first, want) : 0;
    held += heldHere;
    const got = locateColour(frame, rgb, tolerance);
    if (!got) return;
    const score = want ? iou(got, want) : 0;
    hits++;
    sum += score;
    located += score;
    heldLocated += heldHere;
  });
  return {
    iou: sum / n,
    iouLocated: hits ? located / hits : null,
    found: hits / n,
    heldIou: held / n,
    heldIouLocated: hits ? heldLocated / hits : null,
  };
}

/** Mean IoU over frames between where the object is found and where it was asked to be (0 where it is not found). */
export function meanBoxIou(frames: readonly RgbFrame[], requested: readonly Box[], rgb: readonly [number, number, number], tolerance: number): number {
  return boxScores(frames, requested, rgb, tolerance).iou;
}
