/**
 * Camera projection: a training-free aid that makes the backdrop of a clip one picture seen
 * through the requested camera move.
 *
 * At a denoising step the model's clean-clip estimate x0 [C, F, h, w] is read back into
 * the world: every backdrop cell of frame k (a cell no actor's box covers) sits at a known
 * point of the world, because frame k views the crop window of the camera move
 * (`frameWindow`, the convention the built-in model is trained with). The cells of all
 * frames are splatted onto one canvas (bilinear weights), and each frame's backdrop is
 * pulled towards that canvas read through its own window:
 *
 *   x0'  = x0 + strength · backdrop · (canvas(window_k) − x0)
 *
 * The model's output is then rewritten so that the scheduler sees x0' at the same noisy
 * sample (`outputFor`). Cells inside the actors' boxes are left to the model and to the
 * object control; the ring of cells around each box is pulled onto the canvas but not
 * used to make it. Frame k's cells weigh DECAY^k on the canvas, so that the canvas is in
 * the main the first frame's backdrop and later frames only fill what the move reveals: a
 * plain mean over the frames averages the model's frame-to-frame differences into a flat
 * wash. With a still camera the backdrop holds still.
 *
 * Why: the built-in model's frames change three to five times more from one frame to the
 * next than its world's clips do, and its last denoising steps undo any coherent layout
 * given to them, so no camera move can be read from its clips; projecting at every step
 * makes the move exact (issue 10, native-models/README.md has the figures). A training-free
 * aid in the spirit of the paper's object control, applied only where a package's
 * `defaults.cameraProjection` asks for it.
 */

/** each later frame's weight on the canvas, relative to the frame before */
export const DECAY = 0.5;

export interface LatentGrid {
  channels: number;
  frames: number;
  height: number;
  width: number;
}

export interface CameraMove {
  cx: number;
  cy: number;
  cz: number;
}

export type Window = [x1: number, y1: number, x2: number, y2: number];

/**
 * The crop window frame k of F views, in units of the first frame: it moves linearly from
 * [0, 0, 1, 1] to the move's end window (centre shifted by cx, cy, size 1/cz).
 */
export function frameWindow(camera: CameraMove, k: number, frames: number): Window {
  const half = 0.5 / camera.cz;
  const end = [camera.cx + 0.5 - half, camera.cy + 0.5 - half, camera.cx + 0.5 + half, camera.cy + 0.5 + half];
  const s = frames > 1 ? k / (frames - 1) : 0;
  const start = [0, 0, 1, 1];
  return [0, 1, 2, 3].map((i) => start[i]! + (end[i]! - start[i]!) * s) as Window;
}

/**
 * The backdrop weight of every cell [F, h, w] from the region masks [R, F, h, w]: 1 minus
 * the largest actor coverage; with `rim`, the minimum of that over each cell's 3×3
 * neighbourhood, so that the cells around an actor count as the actor's too (what the
 * canvas is made from: no actor's colour bleeds into the backdrop).
 */
export function backdropWeights(masks: Float32Array, regions: number, grid: LatentGrid, rim = true): Float32Array {
  const { frames: F, height: h, width: w } = grid;
  const plane = h * w;
  const free = new Float32Array(F * plane).fill(1);
  for (let r = 0; r < regions; r++) {
    for (let k = 0; k < F * plane; k++) free[k] = Math.min(free[k]!, 1 - masks[r * F * plane + k]!);
  }
  if (!rim) return free.map((v) => Math.max(0, v));
  const out = new Float32Array(F * plane);
  for (let f = 0; f < F; f++) {
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        let m = 1;
        for (let di = -1; di <= 1; di++) {
          for (let dj = -1; dj <= 1; dj++) {
            const y = i + di, x = j + dj;
            if (y >= 0 && y < h && x >= 0 && x < w) m = Math.min(m, free[f * plane + y * w + x]!);
          }
        }
        out[f * plane + i * w + j] = Math.max(0, m);
      }
    }
  }
  return out;
}

/**
 * x0 pulled towards one canvas seen through each frame's window (see the module comment).
 * `backdrop` [F, h, w] weighs each cell's part in the canvas (0: an actor's), `pulled` how
 * far each cell is pulled onto it (0: left alone; default: as `backdrop`); `strength` in
 * [0, 1].
 */
export function projectBackdrop(x0: ArrayLike<number>, grid: LatentGrid, camera: CameraMove, backdrop: Float32Array,
  strength: number, decay = DECAY, pulled: Float32Array = backdrop): Float32Array {
  const { channels: C, frames: F, height: h, width: w } = grid;
  const out = Float32Array.from(x0);
  if (strength <= 0) return out;
  const windows = Array.from({ length: F }, (_, k) => frameWindow(camera, k, F));
  // the canvas: the union of the windows, cells as fine as the smallest window's
  const X1 = Math.min(...windows.map((v) => v[0])), Y1 = Math.min(...windows.map((v) => v[1]));
  const X2 = Math.max(...windows.map((v) => v[2])), Y2 = Math.max(...windows.map((v) => v[3]));
  const dx = Math.min(...windows.map((v) => (v[2] - v[0]) / w));
  const dy = Math.min(...windows.map((v) => (v[3] - v[1]) / h));
  const cw = Math.round((X2 - X1) / dx) + 1, ch = Math.round((Y2 - Y1) / dy) + 1;
  const sum = new Float64Array(C * ch * cw);
  const weight = new Float64Array(ch * cw);
  // canvas coordinates of cell (i, j) of frame k: node n sits at X1 + (n + ½)·dx
  const at = (k: number, i: number, j: number): [number, number] => {
    const [x1, y1, x2, y2] = windows[k]!;
    const x = x1 + ((j + 0.5) / w) * (x2 - x1);
    const y = y1 + ((i + 0.5) / h) * (y2 - y1);
    return [(x - X1) / dx - 0.5, (y - Y1) / dy - 0.5];
  };
  // the canvas nodes around a canvas point and their bilinear weights
  const taps = (u: number, v: number): [number, number][] => {
    const u0 = Math.floor(u), v0 = Math.floor(v);
    const fu = u - u0, fv = v - v0;
    const list: [number, number][] = [];
    for (const [du, wu] of [[0, 1 - fu], [1, fu]] as const) {
      for (const [dv, wv] of [[0, 1 - fv], [1, fv]] as const) {
        const cu = u0 + du, cv = v0 + dv;
        if (wu * wv > 1e-9 && cu >= 0 && cu < cw && cv >= 0 && cv < ch) list.push([cv * cw + cu, wu * wv]);
      }
    }
    return list;
  };
  const plane = h * w;
  for (let k = 0; k < F; k++) {
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        const m = backdrop[k * plane + i * w + j]! * decay ** k;
        if (m <= 0) continue;
        for (const [node, tw] of taps(...at(k, i, j))) {
          weight[node] = weight[node]! + m * tw;
          for (let c = 0; c < C; c++) sum[c * ch * cw + node] = sum[c * ch * cw + node]! + m * tw * x0[((c * F + k) * h + i) * w + j]!;
        }
      }
    }
  }
  for (let k = 0; k < F; k++) {
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        const m = pulled[k * plane + i * w + j]!;
        if (m <= 0) continue;
        const read = taps(...at(k, i, j)).filter(([node]) => weight[node]! > 1e-6);
        const total = read.reduce((s, [, tw]) => s + tw, 0);
        if (total <= 0) continue;
        for (let c = 0; c < C; c++) {
          let value = 0;
          for (const [node, tw] of read) value += (tw / total) * (sum[c * ch * cw + node]! / weight[node]!);
          const index = ((c * F + k) * h + i) * w + j;
          out[index] = out[index]! + strength * m * (value - out[index]!);
        }
      }
    }
  }
  return out;
}

/**
 * The model output (ε or v, as the package predicts) that gives the clean estimate `x0` at
 * the noisy sample `sample` for ᾱ = a: the inverse of the schedulers' x0AndEpsilon.
 */
export function outputFor(prediction: 'epsilon' | 'v_prediction', x0: Float32Array, sample: Float32Array, a: number): Float32Array<ArrayBuffer> {
  const sqrtA = Math.sqrt(a), sqrt1mA = Math.sqrt(1 - a);
  const out = new Float32Array(x0.length);
  for (let k = 0; k < x0.length; k++) {
    out[k] = prediction === 'epsilon' ? (sample[k]! - sqrtA * x0[k]!) / sqrt1mA : (sqrtA * sample[k]! - x0[k]!) / sqrt1mA;
  }
  return out;
}
