/**
 * A shot's board: what the player shows for a shot without a take, and what a take's
 * overlay draws over the clip. Pure geometry in pixels of a `width` × `height` frame:
 * each actor's box at a frame (the engine's interpolation, so the board moves as the clip
 * would), its path, and the camera move as an arrow (pan) and the end framing (zoom).
 * `paint.ts` draws it on a canvas.
 */
import { boxAt, type Keyframe, type Point } from '../lib/interpolation';

export interface BoardObject {
  phrase: string;
  /** `#rrggbb`; null: a neutral colour */
  color: string | null;
  keyframes: readonly Keyframe[];
  path: readonly Point[] | null;
}

export interface BoardCamera { cx: number; cy: number; cz: number }

export interface BoardInput {
  objects: readonly BoardObject[];
  camera: BoardCamera;
}

export interface Rect { x: number; y: number; w: number; h: number }
export type Xy = [number, number];

export interface BoardActor extends Rect {
  color: string;
  label: string;
  /** the path the centre follows, in pixels (null: straight between keyframes) */
  path: Xy[] | null;
}

export interface BoardArrow {
  from: Xy;
  to: Xy;
  /** the two ends of the arrow head's strokes (each drawn from `to`) */
  head: [Xy, Xy];
}

export interface BoardDrawing {
  width: number;
  height: number;
  actors: BoardActor[];
  /** the pan, from the frame's centre towards where the camera goes; null when it does not pan */
  arrow: BoardArrow | null;
  /** the framing at the end of a zoom in, or at the start of a zoom out, as a rectangle inside the frame; null without zoom */
  zoomWindow: Rect | null;
  /** the camera move in words: "pan right · zoom in 1.5×", "static" */
  cameraLabel: string;
}

const NEUTRAL = '#c8ccd6';
/** moves smaller than this read as none */
const STILL = 0.005;

export function boardAt(input: BoardInput, frame: number, width: number, height: number): BoardDrawing {
  const px = ([x, y]: readonly [number, number]): Xy => [x * width, y * height];
  const actors = input.objects.map((o): BoardActor => {
    const [x1, y1, x2, y2] = boxAt(o.keyframes, o.path, frame);
    return {
      x: x1 * width, y: y1 * height, w: (x2 - x1) * width, h: (y2 - y1) * height,
      color: o.color ?? NEUTRAL, label: o.phrase, path: o.path ? o.path.map(px) : null,
    };
  });
  return { width, height, actors, ...cameraMarks(input.camera, width, height) };
}

/** The pan arrow (reaching the frame's edge at a full-frame pan), the zoom window, and the words for the move. */
export function cameraMarks(camera: BoardCamera, width: number, height: number): Pick<BoardDrawing, 'arrow' | 'zoomWindow' | 'cameraLabel'> {
  const centre: Xy = [width / 2, height / 2];
  const pans = Math.abs(camera.cx) >= STILL || Math.abs(camera.cy) >= STILL;
  const to: Xy = [centre[0] + (camera.cx * width) / 2, centre[1] + (camera.cy * height) / 2];
  const arrow = pans ? { from: centre, to, head: arrowHead(centre, to) } : null;
  const zooms = Math.abs(Math.log2(camera.cz)) >= STILL;
  // zoom in: the last frame shows 1/cz of the first, around where the pan ends;
  // zoom out: the first frame is cz of the last, drawn around the centre
  const scale = camera.cz >= 1 ? 1 / camera.cz : camera.cz;
  const around = camera.cz >= 1 ? to : centre;
  const w = width * scale;
  const h = height * scale;
  const zoomWindow = zooms
    ? { x: clamp(around[0] - w / 2, 0, width - w), y: clamp(around[1] - h / 2, 0, height - h), w, h }
    : null;
  return { arrow, zoomWindow, cameraLabel: cameraWords(camera) };
}

export function cameraWords(camera: BoardCamera): string {
  const words: string[] = [];
  if (camera.cx >= STILL) words.push('pan right');
  if (camera.cx <= -STILL) words.push('pan left');
  if (camera.cy >= STILL) words.push('tilt down');
  if (camera.cy <= -STILL) words.push('tilt up');
  if (Math.log2(camera.cz) >= STILL) words.push(`zoom in ${round(camera.cz)}×`);
  if (Math.log2(camera.cz) <= -STILL) words.push(`zoom out ${round(camera.cz)}×`);
  return words.length ? words.join(' · ') : 'static';
}

function arrowHead(from: Xy, to: Xy): [Xy, Xy] {
  const angle = Math.atan2(to[1] - from[1], to[0] - from[0]);
  const size = Math.min(14, Math.hypot(to[0] - from[0], to[1] - from[1]) * 0.4);
  const wing = (turn: number): Xy => [to[0] - size * Math.cos(angle + turn), to[1] - size * Math.sin(angle + turn)];
  return [wing(Math.PI / 7), wing(-Math.PI / 7)];
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), Math.max(lo, hi));
}

function round(v: number): string {
  return String(Math.round(v * 100) / 100);
}
