/**
 * Retiming generated frames onto a shot (pure).
 *
 * The model makes F frames at its own rate (16 at 8 fps); the shot lasts D frames at the
 * project rate (72 at 24000/1001). `retimePlan` says, for each of the D output frames,
 * which source frame(s) to show; `retimeFrames` applies it, so the encoded clip has
 * exactly D frames at the project rate.
 *
 * Output frame k starts at k / targetFps seconds and shows source position s = k × r
 * (in source frames), all in exact integer arithmetic:
 *
 * * fit 'time' (default): r = sourceFps / targetFps. Motion plays at the speed the model
 *   made it; a shot longer than the clip holds the last frame, a shorter one ends early.
 * * fit 'stretch': r = F / D. The whole clip spans the shot (slowed down or sped up), so
 *   the move always finishes as the shot does; the rates do not matter.
 *
 * and the frame is made by:
 *
 * * method 'hold' (default): source frame floor(s), the frame a display would be
 *   showing at that instant (sample-and-hold, start-aligned: output 0 is source 0).
 *   Each source frame lasts as long as it should (8 → 24 fps shows every frame 3
 *   times), frames stay crisp, and the output shares buffers with the input.
 * * method 'blend': a linear cross-fade between floor(s) and floor(s) + 1 weighted by the
 *   fraction of s. Smoother at heavy slow-downs, but fast motion ghosts.
 *
 * Positions past the last source frame show the last frame.
 */
import { assertRational, type Rational } from './rational';

export type RetimeFit = 'time' | 'stretch';
export type RetimeMethod = 'hold' | 'blend';

export interface RetimeOptions {
  /** F: frames generated */
  sourceFrames: number;
  /** the model's rate */
  sourceFps: Rational;
  /** D: the shot's length in frames at `targetFps` */
  targetFrames: number;
  /** the project's rate */
  targetFps: Rational;
  fit?: RetimeFit;
  method?: RetimeMethod;
}

/** Output = source[from] × (1 − weight) + source[to] × weight; `weight` is 0 for a held frame. */
export interface RetimeSample {
  from: number;
  to: number;
  weight: number;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function assertCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`${what} must be a positive whole number, got ${n}`);
}

/** For each of the `targetFrames` output frames, the source frame(s) and weight to use. */
export function retimePlan(options: RetimeOptions): RetimeSample[] {
  const { sourceFrames: F, targetFrames: D, sourceFps, targetFps } = options;
  const fit = options.fit ?? 'time';
  const method = options.method ?? 'hold';
  assertCount(F, 'sourceFrames');
  assertCount(D, 'targetFrames');
  assertRational(sourceFps, 'sourceFps');
  assertRational(targetFps, 'targetFps');
  // r = p / q source frames per output frame, in lowest terms so k × p stays small.
  let [p, q] = fit === 'time' ? [sourceFps.num * targetFps.den, sourceFps.den * targetFps.num] : [F, D];
  const g = gcd(p, q);
  [p, q] = [p / g, q / g];
  if (!Number.isSafeInteger((D - 1) * p)) throw new RangeError('rates too large to retime exactly');

  return Array.from({ length: D }, (_, k): RetimeSample => {
    const n = k * p;
    const rem = n % q;
    const i = (n - rem) / q;
    if (i >= F - 1) return { from: F - 1, to: F - 1, weight: 0 };
    if (method === 'hold' || rem === 0) return { from: i, to: i, weight: 0 };
    return { from: i, to: i + 1, weight: rem / q };
  });
}

/** `a` × (1 − w) + `b` × w per byte, rounded. */
export function blendFrames(a: Uint8Array, b: Uint8Array, w: number): Uint8Array {
  if (a.length !== b.length) throw new RangeError(`cannot blend frames of ${a.length} and ${b.length} bytes`);
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = Math.round(a[i]! + (b[i]! - a[i]!) * w);
  return out;
}

/**
 * The D output frames for `frames` (see the file comment). Held frames are the input
 * buffers themselves (several outputs may share one): treat the result as read-only.
 */
export function retimeFrames(frames: readonly Uint8Array[], options: Omit<RetimeOptions, 'sourceFrames'>): Uint8Array[] {
  const plan = retimePlan({ ...options, sourceFrames: frames.length });
  return plan.map(({ from, to, weight }) => (weight === 0 ? frames[from]! : blendFrames(frames[from]!, frames[to]!, weight)));
}
