/**
 * SMPTE timecode at a rational rate, the one implementation both processes use: the
 * renderer's labels and typed timecode (renderer/src/lib/timecode.ts re-exports this) and
 * the export's EDL, burn-in and boards (electron/export/edit-lists/time.ts builds on it).
 *
 * electron/shared/ holds the pure modules the main process and the renderer share: each
 * imports nothing outside this folder, no Node and no DOM (eslint.config.js lets the
 * renderer import them and holds them to that; tests/unit/shared-modules.test.ts checks it).
 *
 * Time is integer frames at `num/den` fps, as the project stores it (24000/1001 is 23.976).
 * Labels count frames at the nominal rate (the rate rounded: 24 for 23.976, 30 for 29.97).
 * At 29.97 and 59.94 (and other 1001-based multiples of 30) the labels are drop-frame per
 * SMPTE 12M: frame numbers 0 and 1 (0–3 at 59.94) are skipped at the start of every minute
 * except each tenth, so the label stays on the wall clock; a `;` before the frames marks
 * it. 23.976 is shown non-drop (`:`), as editors show it: its labels run 3.6 s an hour
 * slow of the wall clock, which is what every NLE and EDL expects.
 */

/** A frame rate as a fraction, e.g. `{ num: 24000, den: 1001 }`. */
export interface Rate {
  num: number;
  den: number;
}

export interface TimecodeOptions {
  /** Force drop-frame labels on (where the rate allows it) or off. Default: per SMPTE, on for 29.97/59.94. */
  dropFrame?: boolean;
}

/** The rate the labels count at: 24 for 24000/1001, 30 for 30000/1001, 25 for 25. */
export function nominalFps(rate: Rate): number {
  return Math.max(1, Math.round(rate.num / rate.den));
}

/** Whether the rate can carry drop-frame labels (a 1001-based multiple of 30 fps). */
export function canDropFrame(rate: Rate): boolean {
  const nominal = nominalFps(rate);
  return rate.num * 1001 === nominal * 1000 * rate.den && nominal % 30 === 0;
}

/** Whether labels at this rate are drop-frame (by default: 29.97 and 59.94, not 23.976). */
export function isDropFrame(rate: Rate, options: TimecodeOptions = {}): boolean {
  return canDropFrame(rate) && (options.dropFrame ?? true);
}

/** Frame numbers skipped each minute in drop-frame labels: 2 at 29.97, 4 at 59.94; 0 for non-drop. */
export function droppedPerMinute(rate: Rate, options: TimecodeOptions = {}): number {
  return isDropFrame(rate, options) ? nominalFps(rate) / 15 : 0;
}

/** Digits of the frames field: 2 up to 100 fps, 3 above. */
function frameDigits(nominal: number): number {
  return Math.max(2, String(nominal - 1).length);
}

/**
 * `HH:MM:SS:FF` (or `HH:MM:SS;FF` drop-frame) for frame `frames` (0 is 00:00:00:00).
 * Negative frames get a leading `-`. Hours do not wrap at 24.
 */
export function framesToTimecode(frames: number, rate: Rate, options: TimecodeOptions = {}): string {
  if (!Number.isInteger(frames)) throw new Error(`frames must be an integer, got ${frames}`);
  const sign = frames < 0 ? '-' : '';
  let f = Math.abs(frames);
  const nominal = nominalFps(rate);
  const drop = droppedPerMinute(rate, options);
  if (drop > 0) {
    // each ten minutes hold 9 minutes that skipped `drop` labels: add the skipped labels back
    const perMinute = nominal * 60 - drop;
    const perTenMinutes = nominal * 600 - drop * 9;
    const tens = Math.floor(f / perTenMinutes);
    const rest = f % perTenMinutes;
    f += drop * 9 * tens + (rest > drop ? drop * Math.floor((rest - drop) / perMinute) : 0);
  }
  const ff = f % nominal;
  const totalSeconds = Math.floor(f / nominal);
  const ss = totalSeconds % 60;
  const mm = Math.floor(totalSeconds / 60) % 60;
  const hh = Math.floor(totalSeconds / 3600);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${sign}${two(hh)}:${two(mm)}:${two(ss)}${drop > 0 ? ';' : ':'}${String(ff).padStart(frameDigits(nominal), '0')}`;
}

/**
 * The frame a typed timecode names, or null when it is not one. Accepts `HH:MM:SS:FF`
 * and shorter right-aligned forms (`SS:FF`, `MM:SS:FF`, or just frames), with `:`, `;`
 * or `.` between fields, and a leading `-`. Fields other than the first must be in range
 * (seconds and minutes < 60, frames < the nominal rate); in drop-frame, a label that
 * does not exist (00:01:00;00 at 29.97) is null.
 */
export function timecodeToFrames(text: string, rate: Rate, options: TimecodeOptions = {}): number | null {
  const trimmed = text.trim();
  const m = /^(-?)(\d+(?:[:;.]\d+){0,3})$/.exec(trimmed);
  if (!m) return null;
  const negative = m[1] === '-';
  const parts = m[2]!.split(/[:;.]/).map(Number);
  const typed = parts.length;
  while (parts.length < 4) parts.unshift(0);
  const [hh, mm, ss, ff] = parts as [number, number, number, number];
  const nominal = nominalFps(rate);
  // every field but the leading one must be in range
  if (typed >= 2 && ff >= nominal) return null;
  if (typed >= 3 && ss >= 60) return null;
  if (typed >= 4 && mm >= 60) return null;
  const drop = droppedPerMinute(rate, options);
  let frames: number;
  if (typed === 1) {
    frames = ff;
  } else {
    const labelSeconds = (hh * 60 + mm) * 60 + ss;
    const totalMinutes = Math.floor(labelSeconds / 60);
    if (drop > 0 && labelSeconds % 60 === 0 && ff < drop && totalMinutes % 10 !== 0) return null;
    frames = labelSeconds * nominal + ff - drop * (totalMinutes - Math.floor(totalMinutes / 10));
  }
  if (!Number.isSafeInteger(frames)) return null;
  return negative ? -frames : frames;
}
