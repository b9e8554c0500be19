/**
 * The box an actor occupies at any frame of a shot, from its keyframed boxes and optional
 * path: the engine's own interpolation (`electron/engine/boxes.ts`), so the canvas shows
 * exactly the boxes a clip is generated with. That module is pure (it imports only types),
 * and the renderer's lint rule allows it and nothing else of the engine
 * (`tests/unit/interpolation.test.ts` checks it stays pure). This module adds what only the
 * editor needs: the straight and the curved path a director draws.
 *
 * Boxes are `[x1, y1, x2, y2]` normalised to the frame, origin top-left, clamped to [0, 1].
 */
import type { Box, Keyframe, Point } from '../../../electron/engine/spec';

export { boxAt, boxesForFrames, pointAlong } from '../../../electron/engine/boxes';
export type { Box, Keyframe, Point };
type BoxLike = readonly [number, number, number, number];
type PointLike = readonly [number, number];

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

function clampPoint(p: PointLike): Point {
  return [Math.min(Math.max(p[0], 0), 1), Math.min(Math.max(p[1], 0), 1)];
}
