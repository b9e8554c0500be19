/**
 * The renderer's time: SMPTE timecode labels and typed timecode (the shared implementation
 * in electron/shared/timecode.ts, re-exported here), and seconds for display and playback.
 * Time is integer frames at a rational rate (`num/den`: 24000/1001 is 23.976).
 */
import type { Rate } from '../../../electron/shared/timecode';

export {
  canDropFrame, framesToTimecode, isDropFrame, nominalFps, timecodeToFrames, type Rate, type TimecodeOptions,
} from '../../../electron/shared/timecode';

/** Seconds of wall-clock time at the start of frame `frames` (frame 24 at 24000/1001 is 1.001 s). */
export function framesToSeconds(frames: number, rate: Rate): number {
  return (frames * rate.den) / rate.num;
}

/** The nearest whole frame to `seconds` (for durations typed in seconds). */
export function secondsToFrames(seconds: number, rate: Rate): number {
  return Math.round((seconds * rate.num) / rate.den);
}

/** The frame showing at `seconds` of playback (the playhead: the frame that has started). */
export function frameAtSeconds(seconds: number, rate: Rate): number {
  // a hair of tolerance so that exactly k·den/num seconds is frame k despite float error
  return Math.floor((seconds * rate.num) / rate.den + 1e-9);
}

/** Seconds for display: `2.00 s`, `59.96 s`, and `1:02.50` from a minute on. */
export function formatSeconds(frames: number, rate: Rate, decimals = 2): string {
  const seconds = framesToSeconds(frames, rate);
  const sign = seconds < 0 ? '-' : '';
  const abs = Math.abs(seconds);
  const scale = 10 ** decimals;
  const rounded = Math.round(abs * scale) / scale;
  if (rounded < 60) return `${sign}${rounded.toFixed(decimals)} s`;
  const minutes = Math.floor(rounded / 60);
  const rest = (rounded - minutes * 60).toFixed(decimals);
  return `${sign}${minutes}:${rest.padStart(decimals > 0 ? 3 + decimals : 2, '0')}`;
}

/** The rate as editors write it: `24`, `25`, `23.976`, `29.97`, `59.94`. */
export function rateLabel(rate: Rate): string {
  return String(Math.round((rate.num / rate.den) * 1000) / 1000);
}
