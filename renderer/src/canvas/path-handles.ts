/**
 * An actor's path as the director edits it: the points they dragged ("handles") between
 * the first box's centre and the last box's, and the polyline the engine takes: straight
 * with no handles, else the curve through them (`curvedPath`, a fixed number of samples
 * per span, so the handles can be read back from a saved path: every SAMPLES-th point).
 * A path saved by something else (not of that form) is read as a few points along it;
 * editing it then replaces it with the curve through those.
 */
import { centreOf, curvedPath, pointAlong, type Keyframe, type Point } from '../lib/interpolation';

type PointLike = readonly [number, number];

export const SAMPLES_PER_SPAN = 16;
/** The most handles whose curve stays within the 256 points a saved path may have. */
export const MAX_HANDLES = 14;

/** The handles of a saved path (none for a straight one). */
export function handlesOf(path: readonly PointLike[] | null): Point[] {
  if (!path || path.length <= 2) return [];
  const spans = (path.length - 1) / SAMPLES_PER_SPAN;
  if (Number.isInteger(spans)) {
    return Array.from({ length: spans - 1 }, (_, k) => copy(path[(k + 1) * SAMPLES_PER_SPAN]!));
  }
  const points = path.map(copy);
  if (points.length - 2 <= 3) return points.slice(1, -1);
  return [0.25, 0.5, 0.75].map((u) => pointAlong(points, u));
}

/** The points the path passes through: first box's centre, handles, last box's centre. */
export function throughPoints(keyframes: readonly Keyframe[], handles: readonly PointLike[]): Point[] {
  const first = keyframes[0];
  if (!first) throw new Error('an actor needs at least one box');
  return [centreOf(first.box), ...handles.map(copy), centreOf(keyframes[keyframes.length - 1]!.box)];
}

/** The polyline to save for these keyframes and handles. */
export function pathFor(keyframes: readonly Keyframe[], handles: readonly PointLike[]): Point[] {
  if (handles.length > MAX_HANDLES) throw new Error(`a path takes at most ${MAX_HANDLES} points`);
  const through = throughPoints(keyframes, handles);
  return handles.length === 0 ? through : curvedPath(through, SAMPLES_PER_SPAN);
}

/**
 * Where a new handle may be pulled out of each span of the path: the point halfway along
 * span k (on the curve for a path of the curve form, else halfway between its ends).
 * Dragging the k-th one inserts a handle at index k.
 */
export function insertionPoints(path: readonly PointLike[], keyframes: readonly Keyframe[], handles: readonly PointLike[]): Point[] {
  const through = throughPoints(keyframes, handles);
  const curved = handles.length > 0 && path.length === (through.length - 1) * SAMPLES_PER_SPAN + 1;
  return through.slice(1).map((q, k) => {
    if (curved) return copy(path[k * SAMPLES_PER_SPAN + SAMPLES_PER_SPAN / 2]!);
    const p = through[k]!;
    return [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2];
  });
}

function copy(p: PointLike): Point {
  return [p[0], p[1]];
}
