/**
 * The camera move a clip actually shows, in the paper's terms (cx, cy, cz), recovered
 * from its frames: block matching between consecutive frames gives motion vectors
 * (integer search, then Lucas–Kanade to sub-pixel precision); a robust fit (RANSAC, then
 * least squares on the vectors that agree, so moving actors do not count) of a pan + zoom
 * model gives each frame-to-frame step; the steps compose into the first-to-last move.
 *
 * Convention (as the camera module is trained): the last frame shows the window of the
 * first frame centred at (0.5 + cx, 0.5 + cy) with size 1/cz. In centred, normalised
 * coordinates a point u of the first frame appears at s·u + t in the last, with
 * s = cz and t = −cz·(cx, cy).
 *
 * What makes a reading trustworthy, and what used to go wrong without it:
 * - A block counts only where its match is distinctive: the best displacement must cost
 *   clearly less than every displacement two or more pixels away. A flat block (a pale
 *   sky, noise on a blank frame) or a block on a straight edge (the aperture problem)
 *   matches equally well along a line or everywhere; its "best" match is chance.
 * - A match must be a true interior minimum of the displacements searched. Near the frame
 *   border the search is cut off on the outer side, so chance matches of blocks there
 *   point inwards on every side: that read as a zoom-out (cz 0.9 on still generated
 *   clips, compounding over the steps). A minimum against the cut is now dropped.
 * - Sub-pixel displacements come from Lucas–Kanade steps, which read exactly zero where
 *   the frames agree; a parabola through the matching costs does not (its costs at ±1
 *   differ by the texture just outside the block), a small bias that 15 steps compound.
 * - The whole-frame shift that centres the block search is used only where it is clearly
 *   better than no shift: a search over shifts by mean difference favours small overlaps
 *   on noise (fewer pixels, more extreme minima), which sent blank clips on large
 *   confident pans.
 * - Each step's fit is trusted only with enough distinctive blocks, spread over the frame,
 *   most of them agreeing; `confidence` is the share of trusted steps and `reliable`
 *   says whether the reading can be scored at all. Untrusted steps are replaced by the
 *   mean of the trusted ones (the camera model moves steadily); below RELIABLE_CONFIDENCE
 *   the estimate is the null camera, flagged unreliable: no claim.
 */
import { toGray, type GrayFrame, type RgbFrame } from './frames';

export interface CameraEstimate {
  cx: number;
  cy: number;
  cz: number;
  /** share of distinctive blocks the fit kept, averaged over the trusted steps (0 when none) */
  inliers: number;
  /** share of frame-to-frame steps whose fit is trusted (enough distinctive, agreeing, spread-out blocks) */
  confidence: number;
  /** whether the reading means anything: confidence ≥ RELIABLE_CONFIDENCE; when not, cx, cy, cz are the null camera (no claim) */
  reliable: boolean;
}

interface Vector { x: number; y: number; dx: number; dy: number }
interface Model { a: number; tx: number; ty: number }
interface Step { s: number; tx: number; ty: number; inliers: number; trusted: boolean }

const BLOCK = 8;
const STRIDE = BLOCK / 2;
/** block search radius around the predicted shift, in working pixels */
const SEARCH = 6;
/** blocks with less grey-level variance are not even searched */
const MIN_VARIANCE = 4;
/** a match is distinctive when its cost is at most this share of the best one ≥ 2 px away… */
const DISTINCT_RATIO = 0.5;
/** …and lower than it by at least this rms grey-level difference per pixel */
const MIN_CONTRAST = 1;
/** the whole-frame shift is used when its cost is at most this share of no shift's */
const SHIFT_RATIO = 0.6;
/** a vector agrees with a model when it is at most this far from it, in working pixels */
const INLIER_PX = 0.6;
/** Lucas–Kanade refinements of a block's sub-pixel displacement, at most */
const LK_ITERATIONS = 4;
/** model hypotheses tried per step */
const HYPOTHESES = 200;
/** a step is trusted with at least this many kept blocks… */
const MIN_BLOCKS = 10;
/** …being at least this share of the distinctive ones… */
const MIN_INLIER_SHARE = 0.5;
/** …spread with an rms distance from their centroid of at least this share of the frame height */
const MIN_SPREAD = 0.2;
/** a clip's reading is reliable when at least this share of its steps is trusted */
export const RELIABLE_CONFIDENCE = 0.75;

export function estimateCamera(frames: readonly RgbFrame[]): CameraEstimate {
  if (frames.length < 2) return { cx: 0, cy: 0, cz: 1, inliers: 1, confidence: 1, reliable: true };
  const gray = frames.map((f) => toGray(f));
  const steps: Step[] = [];
  for (let k = 0; k + 1 < gray.length; k++) steps.push(fitStep(blockMotion(gray[k]!, gray[k + 1]!), gray[k]!));
  const trusted = steps.filter((st) => st.trusted);
  const confidence = trusted.length / steps.length;
  if (trusted.length === 0) return { cx: 0, cy: 0, cz: 1, inliers: 0, confidence, reliable: false };
  const fill: Step = {
    s: Math.exp(trusted.reduce((a, st) => a + Math.log(st.s), 0) / trusted.length),
    tx: trusted.reduce((a, st) => a + st.tx, 0) / trusted.length,
    ty: trusted.reduce((a, st) => a + st.ty, 0) / trusted.length,
    inliers: 0,
    trusted: false,
  };
  let s = 1;
  let tx = 0;
  let ty = 0;
  for (const step of steps.map((st) => (st.trusted ? st : fill))) {
    // compose: u_{k+1} = s_k·u_k + t_k
    s *= step.s;
    tx = step.s * tx + step.tx;
    ty = step.s * ty + step.ty;
  }
  const inliers = trusted.reduce((a, st) => a + st.inliers, 0) / trusted.length;
  // no claim without enough trusted steps: the null camera, flagged
  if (confidence < RELIABLE_CONFIDENCE) return { cx: 0, cy: 0, cz: 1, inliers, confidence, reliable: false };
  return { cx: -tx / s, cy: -ty / s, cz: s, inliers, confidence, reliable: true };
}

/** Motion vectors of the blocks of frame a whose match in frame b is distinctive, to sub-pixel precision. */
export function blockMotion(a: GrayFrame, b: GrayFrame): Vector[] {
  const [gx, gy] = globalShift(a, b);
  const side = 2 * SEARCH + 1;
  const costs = new Float64Array(side * side);
  const minGap = BLOCK * BLOCK * MIN_CONTRAST * MIN_CONTRAST;
  const out: Vector[] = [];
  for (let by = 0; by + BLOCK <= a.height; by += STRIDE) {
    for (let bx = 0; bx + BLOCK <= a.width; bx += STRIDE) {
      if (variance(a, bx, by) < MIN_VARIANCE) continue;
      let best = Infinity;
      let bi = 0;
      let bj = 0;
      for (let j = 0; j < side; j++) {
        for (let i = 0; i < side; i++) {
          const c = ssd(a, b, bx, by, gx + i - SEARCH, gy + j - SEARCH);
          costs[j * side + i] = c;
          if (c < best) [best, bi, bj] = [c, i, j];
        }
      }
      // an interior minimum: not on the search's edge, not against the frame's edge
      if (bi === 0 || bj === 0 || bi === side - 1 || bj === side - 1) continue;
      const neighbours = [costs[bj * side + bi - 1]!, costs[bj * side + bi + 1]!, costs[(bj - 1) * side + bi]!, costs[(bj + 1) * side + bi]!];
      if (!neighbours.every(Number.isFinite)) continue;
      // distinctive: every displacement two or more pixels away costs clearly more
      let runnerUp = Infinity;
      for (let j = 0; j < side; j++) {
        for (let i = 0; i < side; i++) {
          if (Math.max(Math.abs(i - bi), Math.abs(j - bj)) >= 2) runnerUp = Math.min(runnerUp, costs[j * side + i]!);
        }
      }
      if (!Number.isFinite(runnerUp) || runnerUp - best < minGap || best > DISTINCT_RATIO * runnerUp) continue;
      const dx = gx + bi - SEARCH;
      const dy = gy + bj - SEARCH;
      const fine = subPixel(a, b, bx, by, dx, dy);
      if (fine) out.push({ x: bx + BLOCK / 2, y: by + BLOCK / 2, dx: dx + fine[0], dy: dy + fine[1] });
    }
  }
  return out;
}

/**
 * Whole-frame translation from a to b at half resolution, scaled back: the prediction the
 * blocks search around. No shift unless a shift is clearly better than none.
 */
export function globalShift(a: GrayFrame, b: GrayFrame): [number, number] {
  const [ha, hb] = [half(a), half(b)];
  const rx = Math.ceil(ha.width / 4);
  const ry = Math.ceil(ha.height / 4);
  const still = meanSquaredDifference(ha, hb, 0, 0);
  let best = still;
  let shift: [number, number] = [0, 0];
  for (let dy = -ry; dy <= ry; dy++) {
    for (let dx = -rx; dx <= rx; dx++) {
      const cost = meanSquaredDifference(ha, hb, dx, dy);
      if (cost < best) [best, shift] = [cost, [dx * 2, dy * 2]];
    }
  }
  return best <= SHIFT_RATIO * still ? shift : [0, 0];
}

function meanSquaredDifference(a: GrayFrame, b: GrayFrame, dx: number, dy: number): number {
  let sum = 0;
  let n = 0;
  for (let y = Math.max(0, -dy); y < Math.min(a.height, a.height - dy); y++) {
    for (let x = Math.max(0, -dx); x < Math.min(a.width, a.width - dx); x++) {
      const d = a.data[y * a.width + x]! - b.data[(y + dy) * b.width + x + dx]!;
      sum += d * d;
      n++;
    }
  }
  return n > 0 ? sum / n : Infinity;
}

function half(f: GrayFrame): GrayFrame {
  const width = Math.floor(f.width / 2);
  const height = Math.floor(f.height / 2);
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * 2 * f.width + x * 2;
      data[y * width + x] = (f.data[i]! + f.data[i + 1]! + f.data[i + f.width]! + f.data[i + f.width + 1]!) / 4;
    }
  }
  return { width, height, data };
}

/**
 * Robust fit of d = (s − 1)·(p − c) + t over the vectors, in normalised units, and whether
 * to trust it. RANSAC (deterministic samples of two vectors) finds the model most vectors
 * agree with to within INLIER_PX, so a large actor moving on its own cannot drag the
 * fit the way it drags a least-squares start; least squares on the agreeing vectors then
 * refines it.
 */
export function fitStep(vectors: readonly Vector[], frame: GrayFrame): Step {
  const cx = frame.width / 2;
  const cy = frame.height / 2;
  const untrusted: Step = { s: 1, tx: 0, ty: 0, inliers: 0, trusted: false };
  if (vectors.length < 3) return untrusted;
  const agreeing = (m: Model): Vector[] => vectors.filter((v) => residual(v, m, cx, cy) <= INLIER_PX);
  let best: Vector[] = [];
  let seed = 0x9e3779b9;
  const pick = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed % vectors.length;
  };
  for (let h = 0; h < HYPOTHESES; h++) {
    const p = vectors[pick()]!;
    const q = vectors[pick()]!;
    if (Math.hypot(p.x - q.x, p.y - q.y) < BLOCK) continue;
    const support = agreeing(leastSquares([p, q], cx, cy));
    if (support.length > best.length) best = support;
  }
  if (best.length < 3) return untrusted;
  let fit = leastSquares(best, cx, cy);
  for (let round = 0; round < 3; round++) {
    const next = agreeing(fit);
    if (next.length < 3) break;
    fit = leastSquares(next, cx, cy);
    if (next.length === best.length) break;
    best = next;
  }
  const inliers = best.length / vectors.length;
  const trusted = best.length >= MIN_BLOCKS && inliers >= MIN_INLIER_SHARE && spread(best) >= MIN_SPREAD * frame.height;
  return { s: 1 + fit.a, tx: fit.tx / frame.width, ty: fit.ty / frame.height, inliers, trusted };
}

function residual(v: Vector, m: Model, cx: number, cy: number): number {
  return Math.hypot(v.dx - (m.a * (v.x - cx) + m.tx), v.dy - (m.a * (v.y - cy) + m.ty));
}

/** Root-mean-square distance of the vectors' positions from their centroid. */
function spread(vectors: readonly Vector[]): number {
  const mx = vectors.reduce((a, v) => a + v.x, 0) / vectors.length;
  const my = vectors.reduce((a, v) => a + v.y, 0) / vectors.length;
  return Math.sqrt(vectors.reduce((a, v) => a + (v.x - mx) ** 2 + (v.y - my) ** 2, 0) / vectors.length);
}

function leastSquares(vectors: readonly Vector[], cx: number, cy: number): Model {
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

/**
 * The sub-pixel rest of a block's displacement beyond the integer match (dx, dy):
 * Lucas–Kanade steps with the mean gradient of both frames, b sampled bilinearly. It is
 * zero where the frames agree at the integer match (a parabola through the matching costs
 * is not: its costs at ±1 differ by the texture just outside the block, a bias that the
 * steps compound). Null when the block's gradients do not pin both axes down or the rest
 * leaves the pixel.
 */
function subPixel(a: GrayFrame, b: GrayFrame, bx: number, by: number, dx: number, dy: number): [number, number] | null {
  let fx = 0;
  let fy = 0;
  for (let iteration = 0; iteration < LK_ITERATIONS; iteration++) {
    let gxx = 0, gxy = 0, gyy = 0, ex = 0, ey = 0;
    for (let y = by; y < by + BLOCK; y++) {
      for (let x = bx; x < bx + BLOCK; x++) {
        const [u, v] = [x + dx + fx, y + dy + fy];
        const gx = (at(a, x + 1, y) - at(a, x - 1, y) + bilinear(b, u + 1, v) - bilinear(b, u - 1, v)) / 4;
        const gy = (at(a, x, y + 1) - at(a, x, y - 1) + bilinear(b, u, v + 1) - bilinear(b, u, v - 1)) / 4;
        const e = bilinear(b, u, v) - at(a, x, y);
        gxx += gx * gx;
        gxy += gx * gy;
        gyy += gy * gy;
        ex += gx * e;
        ey += gy * e;
      }
    }
    const det = gxx * gyy - gxy * gxy;
    if (!(det > 1e-6 * (gxx + gyy) ** 2)) return null;
    const stepX = -(gyy * ex - gxy * ey) / det;
    const stepY = -(gxx * ey - gxy * ex) / det;
    fx += stepX;
    fy += stepY;
    if (Math.abs(fx) > 1 || Math.abs(fy) > 1) return null;
    if (Math.abs(stepX) < 0.01 && Math.abs(stepY) < 0.01) break;
  }
  return [fx, fy];
}

/** A grey frame sampled between pixels, clamped to its edges. */
function bilinear(f: GrayFrame, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const [wx, wy] = [x - x0, y - y0];
  const top = at(f, x0, y0) * (1 - wx) + at(f, x0 + 1, y0) * wx;
  const bottom = at(f, x0, y0 + 1) * (1 - wx) + at(f, x0 + 1, y0 + 1) * wx;
  return top * (1 - wy) + bottom * wy;
}

/** A pixel of a grey frame, clamped to its edges. */
function at(f: GrayFrame, x: number, y: number): number {
  return f.data[Math.min(f.height - 1, Math.max(0, y)) * f.width + Math.min(f.width - 1, Math.max(0, x))]!;
}
