/**
 * Time as edit lists write it. Directa's time is integer frames at a rational rate;
 * each format wants it in its own form:
 *
 * * OTIO: `RationalTime { value: frames, rate }` with the rate as a double (24000/1001
 *   is written as the double nearest 23.976…, exactly what OTIO itself writes).
 * * FCPXML: rational seconds, `frames × den / num` in lowest terms with an `s` suffix
 *   (`1001/24000s` is one frame at 23.976; `2s` two seconds). Never a decimal.
 * * CMX3600: SMPTE timecode counted at the nominal rate (the rate rounded). 23.976
 *   counts non-drop at 24 (its labels run 3.6 s an hour slow of the wall clock, which is
 *   what every editor expects); 29.97 and 59.94 count drop-frame (`;` before the frames):
 *   frame numbers 0–1 (0–3 at 59.94) are skipped each minute except every tenth. The labels
 *   are electron/shared/timecode.ts's, the same the editor shows; this adds the checks an
 *   export needs (whole non-negative frames, a rate timecode can count) and hour one.
 */
import { droppedPerMinute, framesToTimecode, isDropFrame as dropFrameRate, nominalFps, type Rate } from '../../shared/timecode';

export type { Rate };

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Throws a RangeError unless `frames` is a whole, non-negative, safe number. */
export function assertFrames(frames: number, what = 'frames'): void {
  if (!Number.isSafeInteger(frames) || frames < 0) throw new RangeError(`${what} must be a whole number of frames, got ${frames}`);
}

/** Throws a RangeError unless the rate is a positive fraction of safe integers. */
export function assertRate(rate: Rate): void {
  const ok = (n: number) => Number.isSafeInteger(n) && n > 0;
  if (!ok(rate.num) || !ok(rate.den)) throw new RangeError(`frame rate must be positive integers num/den, got ${rate.num}/${rate.den}`);
}

/** The rate as OTIO stores it (a double). */
export function otioRate(rate: Rate): number {
  assertRate(rate);
  return rate.num / rate.den;
}

/** `frames` at `rate` as FCPXML rational seconds: `1001/24000s`, `2s`, `0s`. */
export function rationalSeconds(frames: number, rate: Rate): string {
  assertFrames(frames);
  assertRate(rate);
  const num = frames * rate.den;
  if (!Number.isSafeInteger(num)) throw new RangeError(`${frames} frames at ${rate.num}/${rate.den} is too long to write exactly`);
  if (num === 0) return '0s';
  const g = gcd(num, rate.num);
  const [n, d] = [num / g, rate.num / g];
  return d === 1 ? `${n}s` : `${n}/${d}s`;
}

/** Whether timecode can name every frame at this rate: whole rates and the NTSC n×1000/1001 ones. */
export function hasTimecode(rate: Rate): boolean {
  assertRate(rate);
  const nominal = nominalFps(rate);
  return rate.num === nominal * rate.den || rate.num * 1001 === nominal * 1000 * rate.den;
}

/** Whether timecode at this rate is drop-frame: the NTSC multiples of 30 (29.97, 59.94), not 23.976. */
export function isDropFrame(rate: Rate): boolean {
  assertRate(rate);
  return dropFrameRate(rate);
}

/**
 * Frame `frames` (0 is 00:00:00:00) as `HH:MM:SS:FF`, or `HH:MM:SS;FF` in drop-frame.
 * Throws for rates that timecode cannot count (see `hasTimecode`).
 */
export function timecode(frames: number, rate: Rate): string {
  assertFrames(frames);
  if (!hasTimecode(rate)) {
    throw new RangeError(`timecode cannot count ${rate.num}/${rate.den} fps: only whole rates and 1000/1001 ones (23.976, 29.97, 59.94) have it`);
  }
  return framesToTimecode(frames, rate);
}

/** The frame that timecode 01:00:00:00 names (where editors start a record timeline). */
export function hourOne(rate: Rate): number {
  // 60 minutes, of which 54 skipped `drop` labels in drop-frame
  return hasTimecode(rate) ? nominalFps(rate) * 3600 - 54 * droppedPerMinute(rate) : 0;
}
