/**
 * Where the shots of a scene lie on the timeline: time in whole frames, space in pixels.
 *
 * A shot starts where the previous one ends; its width is its duration times the zoom
 * (pixels per frame), so x is always `frame × zoom` and the playhead, the ruler and the
 * clips agree at any zoom. Lookups are binary searches over the start frames, so a scene
 * of thousands of shots costs the same per lookup as one of ten.
 */

export interface SceneLayout {
  /** start frame of each shot (the first is 0) */
  readonly starts: readonly number[];
  /** duration in frames of each shot */
  readonly durations: readonly number[];
  /** the scene's length in frames */
  readonly length: number;
}

/** The layout of shots of these durations, in order. */
export function layoutScene(durations: readonly number[]): SceneLayout {
  const starts = new Array<number>(durations.length);
  let at = 0;
  durations.forEach((d, i) => {
    starts[i] = at;
    at += d;
  });
  return { starts, durations: [...durations], length: at };
}

/** The index of the last shot that starts at or before `frame` (−1 when none does). */
function lastStartingAtOrBefore(starts: readonly number[], frame: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! <= frame) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** The shot under scene frame `frame` and the frame inside it, or null past the end or in an empty scene. */
export function shotAtFrame(layout: SceneLayout, frame: number): { index: number; offset: number } | null {
  if (frame < 0 || frame >= layout.length) return null;
  const index = lastStartingAtOrBefore(layout.starts, frame);
  return index < 0 ? null : { index, offset: frame - layout.starts[index]! };
}

/** The scene frame at which shot `index` starts (the scene's length for an index past the end). */
export function shotStartFrame(layout: SceneLayout, index: number): number {
  return index >= layout.starts.length ? layout.length : layout.starts[Math.max(0, index)] ?? 0;
}

/** Zoom limits, in pixels per frame. */
export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 40;

export function clampZoom(zoom: number): number {
  return Number.isFinite(zoom) ? Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom)) : MIN_ZOOM;
}

/** The zoom at which `length` frames fill `width` pixels (within the limits). */
export function fitZoom(length: number, width: number): number {
  return length > 0 && width > 0 ? clampZoom(width / length) : clampZoom(4);
}

/**
 * The zoom a scene opens at: the whole scene in `width` pixels, unless its shots would then
 * be narrower than `readablePx` on average (a long scene): then that width for an average shot.
 */
export function openingZoom(layout: SceneLayout, width: number, readablePx = 48): number {
  const fit = fitZoom(layout.length, width);
  const n = layout.starts.length;
  if (n === 0) return fit;
  return Math.max(fit, clampZoom((readablePx * n) / layout.length));
}

/**
 * Zooming by `factor` around the pixel `anchor` of the viewport (the pointer, or the
 * playhead): the frame under the anchor stays under it. Answers the new zoom and scroll.
 */
export function zoomAround(
  view: { zoom: number; scroll: number },
  factor: number,
  anchor: number,
): { zoom: number; scroll: number } {
  const zoom = clampZoom(view.zoom * factor);
  const frame = (view.scroll + anchor) / view.zoom;
  return { zoom, scroll: Math.max(0, frame * zoom - anchor) };
}

/** The scene frame at viewport pixel `x` (not rounded). */
export function frameAtX(x: number, view: { zoom: number; scroll: number }): number {
  return (view.scroll + x) / view.zoom;
}

/**
 * The shots to render: those that overlap the viewport `[scroll, scroll + width]` widened
 * by `overscan` pixels on each side. `end` is exclusive; an empty range has start = end.
 */
export function visibleRange(
  layout: SceneLayout,
  view: { zoom: number; scroll: number; width: number },
  overscan = 0,
): { start: number; end: number } {
  const n = layout.starts.length;
  if (n === 0 || view.zoom <= 0) return { start: 0, end: 0 };
  const fromFrame = (view.scroll - overscan) / view.zoom;
  const toFrame = (view.scroll + view.width + overscan) / view.zoom;
  // the first shot that ends after fromFrame
  let start = Math.max(0, lastStartingAtOrBefore(layout.starts, fromFrame));
  if (start < n && layout.starts[start]! + layout.durations[start]! <= fromFrame) start++;
  // the first shot that starts at or after toFrame
  let end = lastStartingAtOrBefore(layout.starts, toFrame) + 1;
  if (end > 0 && layout.starts[end - 1]! >= toFrame) end--;
  return { start: Math.min(start, n), end: Math.max(Math.min(start, n), Math.min(end, n)) };
}

/** The scroll that brings frame `frame` into view with `margin` pixels to spare (unchanged when it is in view). */
export function scrollToShow(
  frame: number,
  view: { zoom: number; scroll: number; width: number },
  margin = 0,
): number {
  const x = frame * view.zoom;
  const m = Math.min(margin, view.width / 2);
  if (x < view.scroll + m) return Math.max(0, x - m);
  if (x > view.scroll + view.width - m) return Math.max(0, x - view.width + m);
  return view.scroll;
}

/**
 * The rows of a list of `count` rows, each `rowHeight` pixels, to render for a box
 * scrolled to `scrollTop` showing `height` pixels, with `overscan` rows beyond each side.
 * `end` is exclusive.
 */
export function rowWindow(count: number, rowHeight: number, scrollTop: number, height: number, overscan = 0): { start: number; end: number } {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const start = Math.min(count, Math.max(0, Math.floor(scrollTop / rowHeight) - overscan));
  const end = Math.min(count, Math.max(start, Math.ceil((scrollTop + Math.max(0, height)) / rowHeight) + overscan));
  return { start, end };
}
