/**
 * The camera move as the model sees it: each frame of the clip is a crop window on the
 * first frame's view, moving linearly from the full frame `[0, 0, 1, 1]` to the last
 * frame's window, centred at `(0.5 + cx, 0.5 + cy)` with sides `1 / cz` (the paper's
 * training crops; `native-models/directa_models/camera_coords.py` `frame_windows`).
 * Windows are in units of the first frame and may reach outside it (a pan of 1 ends a
 * whole frame away).
 *
 * Generated frame j of F shows shot frame j·(D−1)/(F−1), so shot frame f sits at
 * f/(D−1) of the move, whatever the model's frame count.
 */
import type { CameraMove } from './presets';

/** `[x1, y1, x2, y2]` in units of the first frame. */
export type Window = [number, number, number, number];
type BoxLike = readonly [number, number, number, number];
type PointLike = readonly [number, number];

export const FULL_FRAME: Readonly<Window> = [0, 0, 1, 1];

/** The last frame's window. */
export function endWindow(camera: CameraMove): Window {
  const half = 0.5 / camera.cz;
  return [0.5 + camera.cx - half, 0.5 + camera.cy - half, 0.5 + camera.cx + half, 0.5 + camera.cy + half];
}

/** The window at fraction `t` ∈ [0, 1] of the clip (clamped). */
export function cropWindow(camera: CameraMove, t: number): Window {
  const u = Number.isNaN(t) ? 0 : Math.min(Math.max(t, 0), 1);
  const end = endWindow(camera);
  return FULL_FRAME.map((s, i) => s + (end[i]! - s) * u) as Window;
}

/** The window at shot frame `frame` of a shot `durationFrames` long. */
export function windowAtFrame(camera: CameraMove, frame: number, durationFrames: number): Window {
  const span = Math.max(durationFrames - 1, 0);
  return cropWindow(camera, span === 0 ? 0 : frame / span);
}

/** The smallest window holding every frame's window (they move linearly: the first's and the last's). */
export function moveBounds(camera: CameraMove): Window {
  const end = endWindow(camera);
  return [Math.min(0, end[0]), Math.min(0, end[1]), Math.max(1, end[2]), Math.max(1, end[3])];
}

/** A point normalised to a frame (as boxes are) in the first frame's units, for a frame seen through `window`. */
export function pointToFirstFrame(window: BoxLike, point: PointLike): [number, number] {
  return [window[0] + point[0] * (window[2] - window[0]), window[1] + point[1] * (window[3] - window[1])];
}

/** A box normalised to a frame, in the first frame's units, for a frame seen through `window`. */
export function boxToFirstFrame(window: BoxLike, box: BoxLike): Window {
  const [x1, y1] = pointToFirstFrame(window, [box[0], box[1]]);
  const [x2, y2] = pointToFirstFrame(window, [box[2], box[3]]);
  return [x1, y1, x2, y2];
}
