/**
 * Canvas pixels ↔ normalised frame coordinates.
 *
 * The canvas always has the project's aspect, so one normalised unit is as many pixels
 * across as the canvas is wide and as many down as it is high. It shows a `View`: a
 * region in units of the frame, `[0, 0, 1, 1]` when directing actors, wider for the
 * camera preview (whose windows reach outside the first frame).
 */

export interface Size {
  width: number;
  height: number;
}
/** `[x1, y1, x2, y2]` of the frame's units that the canvas shows. */
export type View = readonly [number, number, number, number];
export type Box = [number, number, number, number];
type BoxLike = readonly [number, number, number, number];
type PointLike = readonly [number, number];

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export const FRAME_VIEW: View = [0, 0, 1, 1];

/** The largest whole-pixel size of `aspect` that fits in `available` (at least 1×1). */
export function fitAspect(available: Size, aspect: Size): Size {
  if (!(aspect.width > 0 && aspect.height > 0)) throw new Error('an aspect needs a positive width and height');
  const w = Math.max(available.width, 0);
  const h = Math.max(available.height, 0);
  const ratio = aspect.width / aspect.height;
  const width = Math.min(w, h * ratio);
  return { width: Math.max(1, Math.floor(width)), height: Math.max(1, Math.floor(width / ratio)) };
}

/** A normalised point on a canvas of `size` showing `view`, in pixels. */
export function toPixels(point: PointLike, size: Size, view: View = FRAME_VIEW): [number, number] {
  return [
    ((point[0] - view[0]) / (view[2] - view[0])) * size.width,
    ((point[1] - view[1]) / (view[3] - view[1])) * size.height,
  ];
}

/** A pixel of a canvas of `size` showing `view`, as a normalised point (not clamped). */
export function toNormal(pixel: PointLike, size: Size, view: View = FRAME_VIEW): [number, number] {
  return [
    view[0] + (pixel[0] / size.width) * (view[2] - view[0]),
    view[1] + (pixel[1] / size.height) * (view[3] - view[1]),
  ];
}

/** A normalised box as a pixel rectangle. */
export function boxToRect(box: BoxLike, size: Size, view: View = FRAME_VIEW): Rect {
  const [left, top] = toPixels([box[0], box[1]], size, view);
  const [right, bottom] = toPixels([box[2], box[3]], size, view);
  return { left, top, width: right - left, height: bottom - top };
}

/** A pixel rectangle as a normalised box, clamped to the frame. */
export function rectToBox(rect: Rect, size: Size, view: View = FRAME_VIEW): Box {
  const a = toNormal([rect.left, rect.top], size, view);
  const b = toNormal([rect.left + rect.width, rect.top + rect.height], size, view);
  return [clamp01(Math.min(a[0], b[0])), clamp01(Math.min(a[1], b[1])), clamp01(Math.max(a[0], b[0])), clamp01(Math.max(a[1], b[1]))];
}

/**
 * A view that shows all of `bounds` with `margin` (a share of its larger side) around it,
 * in the canvas's own aspect: equal extents in normalised units, centred on `bounds`.
 */
export function viewAround(bounds: BoxLike, margin = 0.05): View {
  const side = Math.max(bounds[2] - bounds[0], bounds[3] - bounds[1]) * (1 + 2 * margin);
  const cx = (bounds[0] + bounds[2]) / 2;
  const cy = (bounds[1] + bounds[3]) / 2;
  return [cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2];
}

export function clamp01(v: number): number {
  return Math.min(Math.max(v, 0), 1);
}
