/**
 * A shot's board as one RGB24 frame (pure): what an export shows for a shot that has no
 * take. A neutral frame with thirds, each actor's box at its first keyframe and its path
 * in the actor's colour, and the camera move: an arrow from the centre along the pan and
 * the last frame's window (centred at 0.5 + (cx, cy), 1/cz of the frame) dashed. The
 * shot's name is drawn on it by ffmpeg (drawtext), which has the fonts.
 */
import type { CameraMove, ShotObjectRecord } from '../store/types';

type Rgb = readonly [number, number, number];

const BACKGROUND: Rgb = [48, 50, 54];
const THIRDS: Rgb = [70, 73, 78];
const CAMERA: Rgb = [235, 235, 235];

class Canvas {
  readonly data: Uint8Array;
  constructor(readonly width: number, readonly height: number, fill: Rgb) {
    this.data = new Uint8Array(width * height * 3);
    for (let i = 0; i < width * height; i++) this.data.set(fill, i * 3);
  }

  /** A filled square of side `size` centred on (x, y), in pixels. */
  dot(x: number, y: number, size: number, rgb: Rgb): void {
    const half = size / 2;
    const x0 = Math.max(0, Math.round(x - half));
    const y0 = Math.max(0, Math.round(y - half));
    const x1 = Math.min(this.width, Math.round(x + half) || 1);
    const y1 = Math.min(this.height, Math.round(y + half) || 1);
    for (let j = y0; j < Math.max(y1, y0 + 1) && j < this.height; j++) {
      for (let i = x0; i < Math.max(x1, x0 + 1) && i < this.width; i++) this.data.set(rgb, (j * this.width + i) * 3);
    }
  }

  /** A line from (x0, y0) to (x1, y1) in pixels; `dash` > 0 draws dashes of that length. */
  line(x0: number, y0: number, x1: number, y1: number, size: number, rgb: Rgb, dash = 0): void {
    const length = Math.hypot(x1 - x0, y1 - y0);
    const steps = Math.max(1, Math.ceil(length));
    for (let s = 0; s <= steps; s++) {
      if (dash > 0 && Math.floor((s / steps) * length / dash) % 2 === 1) continue;
      this.dot(x0 + ((x1 - x0) * s) / steps, y0 + ((y1 - y0) * s) / steps, size, rgb);
    }
  }

  rect(x0: number, y0: number, x1: number, y1: number, size: number, rgb: Rgb, dash = 0): void {
    this.line(x0, y0, x1, y0, size, rgb, dash);
    this.line(x1, y0, x1, y1, size, rgb, dash);
    this.line(x1, y1, x0, y1, size, rgb, dash);
    this.line(x0, y1, x0, y0, size, rgb, dash);
  }
}

function hexRgb(color: string): Rgb {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  return m ? [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)] : CAMERA;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** The board of a shot at `width`×`height`, RGB24. */
export function boardFrame(shot: { camera: CameraMove; objects: readonly ShotObjectRecord[] }, width: number, height: number): Uint8Array {
  const c = new Canvas(width, height, BACKGROUND);
  const stroke = Math.max(1, Math.round(Math.min(width, height) / 180));
  const px = (x: number): number => clamp(x, 0, 1) * (width - 1);
  const py = (y: number): number => clamp(y, 0, 1) * (height - 1);

  for (const t of [1 / 3, 2 / 3]) {
    c.line(px(t), 0, px(t), height - 1, 1, THIRDS);
    c.line(0, py(t), width - 1, py(t), 1, THIRDS);
  }

  for (const o of shot.objects) {
    const rgb = hexRgb(o.color);
    const first = o.keyframes[0];
    if (first) c.rect(px(first.box[0]), py(first.box[1]), px(first.box[2]), py(first.box[3]), stroke * 2, rgb);
    const path = o.path ?? [];
    for (let i = 1; i < path.length; i++) c.line(px(path[i - 1]![0]), py(path[i - 1]![1]), px(path[i]![0]), py(path[i]![1]), stroke, rgb, stroke * 4);
  }

  const { cx, cy, cz } = shot.camera;
  const [ex, ey] = [0.5 + cx, 0.5 + cy];
  const half = 0.5 / cz;
  if (cx !== 0 || cy !== 0 || cz !== 1) c.rect(px(ex - half), py(ey - half), px(ex + half), py(ey + half), stroke, CAMERA, stroke * 6);
  if (cx !== 0 || cy !== 0) {
    const [x0, y0, x1, y1] = [px(0.5), py(0.5), px(ex), py(ey)];
    c.line(x0, y0, x1, y1, stroke * 2, CAMERA);
    const angle = Math.atan2(y1 - y0, x1 - x0);
    const head = Math.min(width, height) / 24;
    for (const side of [-1, 1]) {
      c.line(x1, y1, x1 - head * Math.cos(angle + side * 0.5), y1 - head * Math.sin(angle + side * 0.5), stroke * 2, CAMERA);
    }
  } else {
    c.dot(px(0.5), py(0.5), stroke * 5, CAMERA);
  }
  return c.data;
}
