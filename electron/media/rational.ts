/**
 * Rational frame rates. Time in Directa is integer frames at a rational rate
 * (24000/1001 is 23.976), never milliseconds; this module is the media side's small
 * toolbox for those rates. `Rational` is structurally the same as the contract's `Fps`,
 * so callers pass theirs straight in without this module importing the contract.
 */

/** A positive rate as `num / den` (frames per second), both positive integers. */
export interface Rational {
  num: number;
  den: number;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Throws a RangeError unless `r` is a positive rational of safe integers. */
export function assertRational(r: Rational, what = 'fps'): void {
  const ok = (n: number): boolean => Number.isSafeInteger(n) && n > 0;
  if (!ok(r.num) || !ok(r.den)) throw new RangeError(`${what} must be positive integers num/den, got ${r.num}/${r.den}`);
}

/** The same rate in lowest terms. */
export function reduce(r: Rational): Rational {
  assertRational(r);
  const g = gcd(r.num, r.den);
  return { num: r.num / g, den: r.den / g };
}

/** `num/den`, the form ffmpeg's `-framerate` and `-r` accept. */
export function ffmpegRate(r: Rational): string {
  assertRational(r);
  return `${r.num}/${r.den}`;
}

/**
 * A rate given as a plain number (a model manifest's `fps: 8`) as a rational: integers
 * exactly, NTSC-style rates (23.976…, 29.97…) as n×1000/1001, anything else by continued
 * fractions with a denominator of at most 10 000.
 */
export function rationalFromNumber(x: number): Rational {
  if (!Number.isFinite(x) || x <= 0) throw new RangeError(`fps must be a positive number, got ${x}`);
  if (Number.isInteger(x)) return { num: x, den: 1 };
  const ntsc = Math.round((x * 1001) / 1000);
  if (Math.abs((ntsc * 1000) / 1001 - x) < 1e-6 * x) return reduce({ num: ntsc * 1000, den: 1001 });
  // Continued fraction convergents h/k of x, stopping before k exceeds the bound.
  let [h0, h1, k0, k1] = [0, 1, 1, 0];
  let rest = x;
  for (let i = 0; i < 64; i++) {
    const a = Math.floor(rest);
    const [h2, k2] = [a * h1 + h0, a * k1 + k0];
    if (k2 > 10_000) break;
    [h0, h1, k0, k1] = [h1, h2, k1, k2];
    if (Math.abs(h1 / k1 - x) < 1e-12 * x || rest === a) break;
    rest = 1 / (rest - a);
  }
  return reduce({ num: h1, den: k1 });
}

/** Whether two rates are the same number (6/2 equals 3/1). */
export function sameRate(a: Rational, b: Rational): boolean {
  return a.num * b.den === b.num * a.den;
}
