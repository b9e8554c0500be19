/**
 * Snapping for the frame canvas and the timeline.
 *
 * Coordinates are normalised to the frame (0–1, origin top-left), as boxes are stored.
 * A coordinate snaps to the nearest guide line (the thirds and the centre by default)
 * that lies within the tolerance; a box being moved snaps by whichever of its edges or
 * its centre is nearest a line, and keeps its size; a box being resized snaps only the
 * edges being dragged. Durations snap to whole frames, at least one.
 */

export type Box = [number, number, number, number];
type BoxLike = readonly [number, number, number, number];

/** The thirds and the centre line. */
export const THIRDS_AND_CENTRE: readonly number[] = [1 / 3, 0.5, 2 / 3];
/** The same plus the frame's own edges. */
export const THIRDS_CENTRE_AND_EDGES: readonly number[] = [0, 1 / 3, 0.5, 2 / 3, 1];

/** A tolerance in normalised units, the same on both axes or per axis. */
export type Tolerance = number | { x: number; y: number };

/** A tolerance of `pixels` on a canvas of `width` × `height` pixels, per axis. */
export function toleranceFromPixels(pixels: number, width: number, height: number): { x: number; y: number } {
  return { x: width > 0 ? pixels / width : 0, y: height > 0 ? pixels / height : 0 };
}

function axis(tolerance: Tolerance, which: 'x' | 'y'): number {
  return typeof tolerance === 'number' ? tolerance : tolerance[which];
}

export interface Snapped {
  value: number;
  /** the line it snapped to, or null when none was within the tolerance */
  line: number | null;
}

/** `value` moved onto the nearest line within `tolerance` (inclusive), or left alone. */
export function snapValue(value: number, tolerance: number, lines: readonly number[] = THIRDS_AND_CENTRE): Snapped {
  let best: number | null = null;
  let bestDistance = Infinity;
  for (const line of lines) {
    const d = Math.abs(value - line);
    if (d <= tolerance + 1e-12 && d < bestDistance) { // inclusive, despite float error (0.5 − 0.49 > 0.01)
      best = line;
      bestDistance = d;
    }
  }
  return best === null ? { value, line: null } : { value: best, line: best };
}

/** The nearest (line − candidate) offset within tolerance over several candidates of one axis, or null. */
function bestOffset(candidates: readonly number[], tolerance: number, lines: readonly number[]): { offset: number; line: number } | null {
  let best: { offset: number; line: number } | null = null;
  for (const c of candidates) {
    const s = snapValue(c, tolerance, lines);
    if (s.line !== null && (best === null || Math.abs(s.line - c) < Math.abs(best.offset))) best = { offset: s.line - c, line: s.line };
  }
  return best;
}

export interface SnappedBox {
  box: Box;
  /** the vertical lines (x) and horizontal lines (y) it snapped to, for drawing guides */
  guides: { x: number[]; y: number[] };
}

export interface SnapBoxOptions {
  tolerance: Tolerance;
  lines?: readonly number[];
  /** smallest width/height a resize may leave (default 0.01) */
  minSize?: number;
}

/**
 * A moved box snapped: on each axis, whichever of its two edges or its centre is nearest
 * a line within the tolerance lands on it; the size is kept, and the box is then shifted
 * back inside the frame if it hangs over.
 */
export function snapMovedBox(box: BoxLike, options: SnapBoxOptions): SnappedBox {
  const lines = options.lines ?? THIRDS_AND_CENTRE;
  const [x1, y1, x2, y2] = box;
  const w = x2 - x1;
  const h = y2 - y1;
  const sx = bestOffset([x1, (x1 + x2) / 2, x2], axis(options.tolerance, 'x'), lines);
  const sy = bestOffset([y1, (y1 + y2) / 2, y2], axis(options.tolerance, 'y'), lines);
  let nx1 = x1 + (sx?.offset ?? 0);
  let ny1 = y1 + (sy?.offset ?? 0);
  nx1 = Math.min(Math.max(nx1, 0), Math.max(1 - w, 0));
  ny1 = Math.min(Math.max(ny1, 0), Math.max(1 - h, 0));
  const out: Box = [nx1, ny1, Math.min(nx1 + w, 1), Math.min(ny1 + h, 1)];
  return {
    box: out,
    guides: {
      x: sx && [out[0], (out[0] + out[2]) / 2, out[2]].some((v) => Math.abs(v - sx.line) < 1e-12) ? [sx.line] : [],
      y: sy && [out[1], (out[1] + out[3]) / 2, out[3]].some((v) => Math.abs(v - sy.line) < 1e-12) ? [sy.line] : [],
    },
  };
}

export type Edge = 'x1' | 'y1' | 'x2' | 'y2';
const EDGE_INDEX: Record<Edge, 0 | 1 | 2 | 3> = { x1: 0, y1: 1, x2: 2, y2: 3 };

/**
 * A resized box snapped: only the edges being dragged (`edges`, e.g. `['x2', 'y2']` for
 * the bottom-right handle) snap, each to its nearest line within the tolerance, and no
 * snap may leave the box smaller than `minSize` or outside the frame.
 */
export function snapResizedBox(box: BoxLike, edges: readonly Edge[], options: SnapBoxOptions): SnappedBox {
  const lines = options.lines ?? THIRDS_AND_CENTRE;
  const minSize = options.minSize ?? 0.01;
  const out: Box = [box[0], box[1], box[2], box[3]].map((v) => Math.min(Math.max(v, 0), 1)) as Box;
  const guides: { x: number[]; y: number[] } = { x: [], y: [] };
  for (const edge of edges) {
    const i = EDGE_INDEX[edge];
    const isX = i === 0 || i === 2;
    const s = snapValue(out[i], axis(options.tolerance, isX ? 'x' : 'y'), lines);
    if (s.line === null) continue;
    const opposite = out[(i + 2) % 4]!;
    const fits = i < 2 ? opposite - s.value >= minSize : s.value - opposite >= minSize;
    if (!fits) continue;
    out[i] = s.value;
    (isX ? guides.x : guides.y).push(s.line);
  }
  return { box: out, guides };
}

/** A duration (in frames, perhaps fractional from a drag) snapped to whole frames, at least 1 (and at most `max`). */
export function snapDuration(frames: number, max = Infinity): number {
  if (!Number.isFinite(frames)) return frames === Infinity && Number.isFinite(max) ? Math.max(1, Math.floor(max)) : 1;
  return Math.min(Math.max(1, Math.round(frames)), Math.max(1, Math.floor(max)));
}

/** A frame position (playhead, frame slider) snapped to a whole frame inside a shot of `durationFrames`. */
export function snapFrame(frame: number, durationFrames: number): number {
  const last = Math.max(0, Math.floor(durationFrames) - 1);
  if (Number.isNaN(frame)) return 0;
  return Math.min(Math.max(Math.round(frame), 0), last);
}
