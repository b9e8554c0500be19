/**
 * Camera projection: a training-free aid that makes the backdrop of a clip one picture seen
 * through the requested camera move.
 *
 * At a denoising step the model's clean-clip estimate x0 [C, F, h, w] is read back into
 * the world: every backdrop cell of frame k (a cell no actor's box covers) sits at a known
 * point of the world, because frame k views the crop window of the camera move
 * (`frameWindow`, the convention the built-in model is trained with). The backdrop cells of
 * all frames make one canvas (each canvas node samples every frame that sees it), and each
 * frame's backdrop is pulled towards that canvas read through its own window:
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
export const DECAY = 0.25;

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

/** Catmull–Rom weight of a sample at distance t: exact at the samples, sharper than linear between them */
function catmullRom(t: number): number {
  const a = Math.abs(t);
  if (a < 1) return (1.5 * a - 2.5) * a * a + 1;
  if (a < 2) return ((-0.5 * a + 2.5) * a - 4) * a + 2;
  return 0;
}

/** up to 16 interpolation taps: lattice indices and weights (reused between calls: no allocation per sample) */
class Taps {
  readonly index = new Int32Array(16);
  readonly weight = new Float64Array(16);
  private readonly across = new Float64Array(4);
  count = 0;

  /**
   * The 4×4 Catmull–Rom taps around point (u, v) of an n×m lattice, those outside it or
   * failing `keep` left out and the rest renormalised; count 0 when nothing is left.
   */
  around(u: number, v: number, n: number, m: number, keep?: Uint8Array): number {
    const u0 = Math.floor(u), v0 = Math.floor(v);
    const wu = this.across;
    for (let du = -1; du <= 2; du++) wu[du + 1] = catmullRom(u - u0 - du);
    let total = 0;
    this.count = 0;
    for (let dv = -1; dv <= 2; dv++) {
      const cv = v0 + dv;
      const wv = catmullRom(v - cv);
      if (wv === 0 || cv < 0 || cv >= m) continue;
      for (let du = -1; du <= 2; du++) {
        const cu = u0 + du;
        const wt = wu[du + 1]! * wv;
        if (wt === 0 || cu < 0 || cu >= n || (keep && keep[cv * n + cu] !== 1)) continue;
        this.index[this.count] = cv * n + cu;
        this.weight[this.count++] = wt;
        total += wt;
      }
    }
    if (Math.abs(total) < 1e-6) return (this.count = 0);
    for (let t = 0; t < this.count; t++) this.weight[t] = this.weight[t]! / total;
    return this.count;
  }

  /** the interpolated value of a lattice stored from `offset` */
  read(data: ArrayLike<number>, offset: number): number {
    let sum = 0;
    for (let t = 0; t < this.count; t++) sum += this.weight[t]! * data[offset + this.index[t]!]!;
    return sum;
  }
}

/**
 * x0 pulled towards one canvas seen through each frame's window (see the module comment).
 * `backdrop` [F, h, w] weighs each cell's part in the canvas (0: an actor's), `pulled` how
 * far each cell is pulled onto it (0: left alone; default: as `backdrop`); `strength` in
 * [0, 1]; `decay` each later frame's weight on the canvas relative to the frame before.
 *
 * The canvas is a lattice through the first frame's cell centres, as fine as the smallest
 * window's cells; each node gathers every frame that sees it, sampled there with
 * Catmull–Rom weights (exact on a frame's own cells, so the first frame of a pan or a
 * zoom-out lands on the canvas unchanged), and each frame reads the canvas back the same
 * way. Bilinear splatting and reading blurred the backdrop by up to a cell at every step,
 * which left the backdrops of dark or sparse scenes too smooth to read a move from.
 */
export function projectBackdrop(x0: ArrayLike<number>, grid: LatentGrid, camera: CameraMove, backdrop: Float32Array,
  strength: number, { decay = DECAY, pulled = backdrop }: { decay?: number; pulled?: Float32Array } = {}): Float32Array {
  const { channels: C, frames: F, height: h, width: w } = grid;
  const out = Float32Array.from(x0);
  if (strength <= 0) return out;
  const windows = Array.from({ length: F }, (_, k) => frameWindow(camera, k, F));
  // canvas nodes: a lattice through the first frame's cell centres, as fine as the smallest window's cells
  const dx = Math.min(...windows.map((v) => (v[2] - v[0]) / w));
  const dy = Math.min(...windows.map((v) => (v[3] - v[1]) / h));
  const ox = 0.5 / w, oy = 0.5 / h;
  const n0 = Math.floor((Math.min(...windows.map((v) => v[0])) - ox) / dx);
  const m0 = Math.floor((Math.min(...windows.map((v) => v[1])) - oy) / dy);
  const cw = Math.ceil((Math.max(...windows.map((v) => v[2])) - ox) / dx) - n0 + 1;
  const ch = Math.ceil((Math.max(...windows.map((v) => v[3])) - oy) / dy) - m0 + 1;
  const plane = h * w;
  const fade = windows.map((_, k) => decay ** k);
  const taps = new Taps();
  const canvas = new Float64Array(C * ch * cw);
  const filled = new Uint8Array(ch * cw);
  const value = new Float64Array(C);
  for (let b = 0; b < ch; b++) {
    for (let a = 0; a < cw; a++) {
      const x = ox + (n0 + a) * dx, y = oy + (m0 + b) * dy;
      let weight = 0;
      value.fill(0);
      for (let k = 0; k < F; k++) {
        // the node in frame k's cell coordinates
        const [x1, y1, x2, y2] = windows[k]!;
        const u = ((x - x1) / (x2 - x1)) * w - 0.5, v = ((y - y1) / (y2 - y1)) * h - 0.5;
        if (u < -0.5 || v < -0.5 || u > w - 0.5 || v > h - 0.5 || fade[k]! <= 0) continue;
        // the frame's say here: its least backdrop-like cell among the nearest four, fading with k
        const uc = Math.min(w - 1, Math.max(0, Math.floor(u))), vc = Math.min(h - 1, Math.max(0, Math.floor(v)));
        const uc1 = u - uc > 1e-6 ? Math.min(w - 1, uc + 1) : uc, vc1 = v - vc > 1e-6 ? Math.min(h - 1, vc + 1) : vc;
        const row = k * plane + vc * w, row1 = k * plane + vc1 * w;
        const m = Math.min(backdrop[row + uc]!, backdrop[row + uc1]!, backdrop[row1 + uc]!, backdrop[row1 + uc1]!) * fade[k]!;
        if (m <= 0 || taps.around(u, v, w, h) === 0) continue;
        for (let c = 0; c < C; c++) value[c] = value[c]! + m * taps.read(x0, (c * F + k) * plane);
        weight += m;
      }
      if (weight <= 1e-6) continue;
      filled[b * cw + a] = 1;
      for (let c = 0; c < C; c++) canvas[c * ch * cw + b * cw + a] = value[c]! / weight;
    }
  }
  for (let k = 0; k < F; k++) {
    const [x1, y1, x2, y2] = windows[k]!;
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        const m = pulled[k * plane + i * w + j]!;
        if (m <= 0) continue;
        const x = x1 + ((j + 0.5) / w) * (x2 - x1), y = y1 + ((i + 0.5) / h) * (y2 - y1);
        if (taps.around((x - ox) / dx - n0, (y - oy) / dy - m0, cw, ch, filled) === 0) continue;
        for (let c = 0; c < C; c++) {
          const index = ((c * F + k) * h + i) * w + j;
          out[index] = out[index]! + strength * m * (taps.read(canvas, c * ch * cw) - out[index]!);
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
