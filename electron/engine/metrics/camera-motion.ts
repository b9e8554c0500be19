/**
 * The camera move a clip actually shows, in the paper's terms (cx, cy, cz), recovered
 * from its frames: block matching between consecutive frames gives motion vectors; a
 * robust fit (least squares, then refits without outliers, so moving actors do not
 * count) of a pan + zoom model gives each frame-to-frame step; the steps compose into the
 * first-to-last move.
 *
 * Convention (as the camera module is trained): the last frame shows the window of the
 * first frame centred at (0.5 + cx, 0.5 + cy) with size 1/cz. In centred, normalised
 * coordinates a point u of the first frame appears at s·u + t in the last, with
 * s = cz and t = −cz·(cx, cy).
 */
import { toGray, type GrayFrame, type RgbFrame } from './frames';

export interface CameraEstimate { cx: number; cy: number; cz: number; /** share of blocks the fit kept, averaged */ inliers: number }

interface Vector { x: number; y: number; dx: number; dy: number }
interface Step { s: number; tx: number; ty: number; inliers: number }

const BLOCK = 8;
const SEARCH = 6;

export function estimateCamera(frames: readonly RgbFrame[]): CameraEstimate {
  if (frames.length < 2) return { cx: 0, cy: 0, cz: 1, inliers: 1 };
  const gray = frames.map((f) => toGray(f));
  let s = 1;
  let tx = 0;
  let ty = 0;
  let inliers = 0;
  for (let k = 0; k + 1 < gray.length; k++) {
    const step = fitStep(blockMotion(gray[k]!, gray[k + 1]!), gray[k]!);
    // compose: u_{k+1} = s_k·u_k + t_k
    s *= step.s;
    tx = step.s * tx + step.tx;
    ty = step.s * ty + step.ty;
    inliers += step.inliers;
  }
  return { cx: -tx / s, cy: -ty / s, cz: s, inliers: inliers / (gray.length - 1) };
}

/** Motion vectors of textured blocks from frame a to frame b, to sub-pixel precision. */
function blockMotion(a: GrayFrame, b: GrayFrame): Vector[] {
  const [gx, gy] = globalShift(a, b);
  const out: Vector[] = [];
  for (let by = 0; by + BLOCK <= a.height; by += BLOCK / 2) {
    for (let bx = 0; bx + BLOCK <= a.width; bx += BLOCK / 2) {
      if (variance(a, bx, by) < 4) continue; // flat: motion is not observable
      const cost = (dx: number, dy: number): number => ssd(a, b, bx, by, dx, dy);
      let best = Infinity;
      let bestDx = 0;
      let bestDy = 0;
      for (let dy = gy - SEARCH; dy <= gy + SEARCH; dy++) {
        for (let dx = gx - SEARCH; dx <= gx + SEARCH; dx++) {
          const c = cost(dx, dy);
          if (c < best) [best, bestDx, bestDy] = [c, dx, dy];
        }
      }
      if (!Number.isFinite(best) || Math.abs(bestDx - gx) === SEARCH || Math.abs(bestDy - gy) === SEARCH) continue;
      const [l, r, u, d] = [cost(bestDx - 1, bestDy), cost(bestDx + 1, bestDy), cost(bestDx, bestDy - 1), cost(bestDx, bestDy + 1)];
      if (![l, r, u, d].every(Number.isFinite)) continue;
      out.push({ x: bx + BLOCK / 2, y: by + BLOCK / 2, dx: bestDx + parabola(l, best, r), dy: bestDy + parabola(u, best, d) });
    }
  }
  return out;
}

/** Whole-frame translation at a quarter of the resolution, scaled back: the prediction the blocks search around. */
function globalShift(a: GrayFrame, b: GrayFrame): [number, number] {
  const [qa, qb] = [quarter(a), quarter(b)];
  const range = Math.ceil(Math.max(qa.width, qa.height) / 3);
  let best = Infinity;
  let shift: [number, number] = [0, 0];
  for (let dy = -range; dy <= range; dy++) {
    for (let dx = -range; dx <= range; dx++) {
      let sum = 0;
      let n = 0;
      for (let y = Math.max(0, -dy); y < Math.min(qa.height, qa.height - dy); y++) {
        for (let x = Math.max(0, -dx); x < Math.min(qa.width, qa.width - dx); x++) {
          const d = qa.data[y * qa.width + x]! - qb.data[(y + dy) * qb.width + x + dx]!;
          sum += d * d;
          n++;
        }
      }
      // at least half the frame must overlap for the comparison to mean anything
      if (n >= (qa.width * qa.height) / 2 && sum / n < best) [best, shift] = [sum / n, [dx * 4, dy * 4]];
    }
  }
  return shift;
}

function quarter(f: GrayFrame): GrayFrame {
  const width = Math.floor(f.width / 4);
  const height = Math.floor(f.height / 4);
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let j = 0; j < 4; j++) for (let i = 0; i < 4; i++) sum += f.data[(y * 4 + j) * f.width + x * 4 + i]!;
      data[y * width + x] = sum / 16;
    }
  }
  return { width, height, data };
}

/** Robust least-squares fit of d = (s − 1)·(p − c) + t over the vectors, in normalised units. */
function fitStep(vectors: Vector[], frame: GrayFrame): Step {
  const cx = frame.width / 2;
  const cy = frame.height / 2;
  let kept = vectors;
  let fit = { a: 0, tx: 0, ty: 0 };
  for (let round = 0; round < 4 && kept.length >= 3; round++) {
    fit = leastSquares(kept, cx, cy);
    const residuals = kept.map((v) => Math.hypot(v.dx - (fit.a * (v.x - cx) + fit.tx), v.dy - (fit.a * (v.y - cy) + fit.ty)));
    const sorted = [...residuals].sort((p, q) => p - q);
    const mad = sorted[Math.floor(sorted.length / 2)]!;
    const limit = Math.max(0.5, 3 * mad);
    const next = kept.filter((_, i) => residuals[i]! <= limit);
    if (next.length === kept.length) break;
    kept = next;
  }
  if (kept.length < 3) return { s: 1, tx: 0, ty: 0, inliers: 0 };
  return { s: 1 + fit.a, tx: fit.tx / frame.width, ty: fit.ty / frame.height, inliers: vectors.length ? kept.length / vectors.length : 0 };
}

function leastSquares(vectors: Vector[], cx: number, cy: number): { a: number; tx: number; ty: number } {
  // Unknowns a, tx, ty; rows: dx = a·(x − cx) + tx and dy = a·(y − cy) + ty.
  let sxx = 0, sx = 0, sy = 0, n = 0, rhsA = 0, rhsX = 0, rhsY = 0;
  for (const v of vectors) {
    const px = v.x - cx;
    const py = v.y - cy;
    sxx += px * px + py * py;
    sx += px;
    sy += py;
    n += 1;
    rhsA += px * v.dx + py * v.dy;
    rhsX += v.dx;
    rhsY += v.dy;
  }
  // Normal equations [[sxx, sx, sy], [sx, n, 0], [sy, 0, n]] · [a, tx, ty] = [rhsA, rhsX, rhsY]
  const denom = sxx - (sx * sx + sy * sy) / n;
  const a = denom === 0 ? 0 : (rhsA - (sx * rhsX + sy * rhsY) / n) / denom;
  return { a, tx: (rhsX - a * sx) / n, ty: (rhsY - a * sy) / n };
}

function ssd(a: GrayFrame, b: GrayFrame, bx: number, by: number, dx: number, dy: number): number {
  if (bx + dx < 0 || by + dy < 0 || bx + dx + BLOCK > b.width || by + dy + BLOCK > b.height) return Infinity;
  let sum = 0;
  for (let y = 0; y < BLOCK; y++) {
    const ra = (by + y) * a.width + bx;
    const rb = (by + y + dy) * b.width + bx + dx;
    for (let x = 0; x < BLOCK; x++) {
      const d = a.data[ra + x]! - b.data[rb + x]!;
      sum += d * d;
    }
  }
  return sum;
}

function variance(f: GrayFrame, bx: number, by: number): number {
  let sum = 0;
  let sq = 0;
  for (let y = 0; y < BLOCK; y++) {
    for (let x = 0; x < BLOCK; x++) {
      const v = f.data[(by + y) * f.width + bx + x]!;
      sum += v;
      sq += v * v;
    }
  }
  const n = BLOCK * BLOCK;
  return sq / n - (sum / n) ** 2;
}

/** Offset of a parabola's minimum through three equally spaced samples, in (−0.5, 0.5). */
function parabola(left: number, centre: number, right: number): number {
  const denom = left - 2 * centre + right;
  return denom <= 0 ? 0 : Math.max(-0.5, Math.min(0.5, (left - right) / (2 * denom)));
}
