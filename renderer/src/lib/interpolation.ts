/**
 * The box an actor occupies at any frame of a shot, from its keyframed boxes and optional
 * path: the renderer's copy of the engine's interpolation (`electron/engine/boxes.ts`).
 *
 * Why a copy: the renderer may import only types from the main process (ARCHITECTURE.md,
 * and the eslint rule on `renderer/src`), and the engine may import nothing outside
 * itself, so there is no module both may take a function from. The two are kept equal by
 * `tests/unit/interpolation.test.ts`, which runs both on many random keyframe/path sets
 * and demands identical numbers. Change both or neither.
 *
 * Sizes interpolate linearly between keyframes. Centres interpolate linearly between
 * keyframes too, unless a path is given: then the centre travels along the path at
 * constant speed (by arc length) from the first keyframe's frame to the last one's.
 * Before the first keyframe and after the last, the box holds still. Boxes are
 * `[x1, y1, x2, y2]` normalised to the frame, origin top-left, clamped to [0, 1].
 */

/** `[x1, y1, x2, y2]` normalised to the frame (same shape as the engine's `Box`). */
export type Box = [number, number, number, number];
/** `[x, y]` normalised to the frame. */
export type Point = [number, number];
export interface Keyframe {
  frame: number;
  box: Box | readonly [number, number, number, number];
}
type BoxLike = readonly [number, number, number, number];
type PointLike = readonly [number, number];

/** The box at shot frame `frame` (fractional frames allowed). Same numbers as the engine's `boxAt`. */
export function boxAt(keyframes: readonly Keyframe[], path: readonly PointLike[] | null, frame: number): Box {
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
 * generated frame j shows shot frame j·(D−1)/(F−1). Same numbers as the engine's.
 */
export function boxesForFrames(
  keyframes: readonly Keyframe[], path: readonly PointLike[] | null, durationFrames: number, frames: number,
): Box[] {
  const span = Math.max(durationFrames - 1, 0);
  return Array.from({ length: frames }, (_, j) => boxAt(keyframes, path, frames === 1 ? 0 : (j * span) / (frames - 1)));
}

/** The point at fraction `u` ∈ [0, 1] of a polyline's length. Same numbers as the engine's. */
export function pointAlong(path: readonly PointLike[], u: number): Point {
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

/** The centre of a box. */
export function centreOf(box: BoxLike): Point {
  return [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
}

/** The straight path from the first keyframe's centre to the last one's. */
export function straightPath(keyframes: readonly Keyframe[]): Point[] {
  const first = keyframes[0];
  if (!first) throw new Error('an object needs at least one keyframe');
  return [centreOf(first.box), centreOf(keyframes[keyframes.length - 1]!.box)];
}

/**
 * A curved path through `through` (the first keyframe's centre, the points the director
 * dragged, the last keyframe's centre) as the polyline the engine takes: a
 * uniform Catmull-Rom spline sampled `samplesPerSegment` times per span, every point
 * clamped to the frame. Two points give the straight line.
 */
export function curvedPath(through: readonly PointLike[], samplesPerSegment = 16): Point[] {
  if (through.length < 2) throw new Error('a path needs at least two points');
  const pts = through.map((p): Point => [p[0], p[1]]);
  if (pts.length === 2) return pts.map(clampPoint);
  const n = Math.max(1, Math.floor(samplesPerSegment));
  const out: Point[] = [clampPoint(pts[0]!)];
  for (let i = 0; i < pts.length - 1; i++) {
    const p0 = pts[Math.max(i - 1, 0)]!;
    const p1 = pts[i]!;
    const p2 = pts[i + 1]!;
    const p3 = pts[Math.min(i + 2, pts.length - 1)]!;
    for (let s = 1; s <= n; s++) {
      const t = s / n;
      const t2 = t * t;
      const t3 = t2 * t;
      const c = (a: number, b: number, d: number, e: number) =>
        0.5 * (2 * b + (-a + d) * t + (2 * a - 5 * b + 4 * d - e) * t2 + (-a + 3 * b - 3 * d + e) * t3);
      out.push(s === n ? clampPoint(p2) : clampPoint([c(p0[0], p1[0], p2[0], p3[0]), c(p0[1], p1[1], p2[1], p3[1])]));
    }
  }
  return out;
}

function size(box: BoxLike): [number, number] {
  return [box[2] - box[0], box[3] - box[1]];
}

function clampPoint(p: PointLike): Point {
  return [Math.min(Math.max(p[0], 0), 1), Math.min(Math.max(p[1], 0), 1)];
}

function clampBox(box: Box): Box {
  return box.map((v) => Math.min(Math.max(v, 0), 1)) as Box;
}
