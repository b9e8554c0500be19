/**
 * One box per generated frame from an object's keyframes and optional path.
 *
 * Sizes interpolate linearly between keyframes. Centres interpolate linearly between
 * keyframes too, unless a path is given: then the centre travels along the path at
 * constant speed (by arc length) from the first keyframe's frame to the last one's.
 * Before the first keyframe and after the last, the box holds still.
 */
import type { Box, Keyframe, Point } from './spec';

/** The box at shot frame `frame` (fractional frames allowed). */
export function boxAt(keyframes: readonly Keyframe[], path: readonly Point[] | null, frame: number): Box {
  const first = keyframes[0];
  if (!first) throw new Error('an object needs at least one keyframe');
  const last = keyframes[keyframes.length - 1]!;
  const f = Math.min(Math.max(frame, first.frame), last.frame);
  let k = 0;
  while (k < keyframes.length - 2 && keyframes[k + 1]!.frame <= f) k++;
  const a = keyframes[k]!;
  const b = keyframes[Math.min(k + 1, keyframes.length - 1)]!;
  const t = b.frame === a.frame ? 0 : (f - a.frame) / (b.frame - a.frame);

  const [aw, ah] = size(a.box);
  const [bw, bh] = size(b.box);
  const w = aw + (bw - aw) * t;
  const h = ah + (bh - ah) * t;

  let centre: Point;
  if (path && path.length >= 2 && last.frame > first.frame) {
    centre = pointAlong(path, (f - first.frame) / (last.frame - first.frame));
  } else {
    const [acx, acy] = centreOf(a.box);
    const [bcx, bcy] = centreOf(b.box);
    centre = [acx + (bcx - acx) * t, acy + (bcy - acy) * t];
  }
  return clampBox([centre[0] - w / 2, centre[1] - h / 2, centre[0] + w / 2, centre[1] + h / 2]);
}

/**
 * Boxes for `frames` generated frames that span a shot of `durationFrames`:
 * generated frame j shows shot frame j·(D−1)/(F−1).
 */
export function boxesForFrames(keyframes: readonly Keyframe[], path: readonly Point[] | null, durationFrames: number, frames: number): Box[] {
  const span = Math.max(durationFrames - 1, 0);
  return Array.from({ length: frames }, (_, j) => boxAt(keyframes, path, frames === 1 ? 0 : (j * span) / (frames - 1)));
}

/** The point at fraction `u` ∈ [0, 1] of a polyline's length. */
export function pointAlong(path: readonly Point[], u: number): Point {
  const lengths = [0];
  for (let i = 1; i < path.length; i++) lengths.push(lengths[i - 1]! + Math.hypot(path[i]![0] - path[i - 1]![0], path[i]![1] - path[i - 1]![1]));
  const total = lengths[lengths.length - 1]!;
  if (total === 0) return [path[0]![0], path[0]![1]];
  const target = Math.min(Math.max(u, 0), 1) * total;
  let i = 1;
  while (i < path.length - 1 && lengths[i]! < target) i++;
  const segment = lengths[i]! - lengths[i - 1]!;
  const s = segment === 0 ? 0 : (target - lengths[i - 1]!) / segment;
  const p = path[i - 1]!;
  const q = path[i]!;
  return [p[0] + (q[0] - p[0]) * s, p[1] + (q[1] - p[1]) * s];
}

export function areaOf(box: Box): number {
  const [w, h] = size(box);
  return w * h;
}

function size(box: Box): [number, number] {
  return [box[2] - box[0], box[3] - box[1]];
}

function centreOf(box: Box): Point {
  return [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
}

function clampBox(box: Box): Box {
  return box.map((v) => Math.min(Math.max(v, 0), 1)) as Box;
}
