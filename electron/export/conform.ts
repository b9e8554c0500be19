/**
 * Conforming a take to its shot (pure): the ffmpeg input options and video filter chain
 * that turn a take of any size, length and rate into exactly the shot's D frames at the
 * project's rate and size.
 *
 * Time first, at the take's own size (cheap), then size:
 *
 * * The take lasts Ts = F / r seconds, the shot Td = D / R. Equal: frames are only
 *   resampled to R (`fps`, nearest frame by time).
 * * Take shorter than the shot, by the project's `shorter` policy:
 *   - stretch: slowed by k = Td / Ts (`setpts`). From k ≥ INTERPOLATE_FROM on, held frames
 *     would show as stutter, so repeated frames are dropped (`mpdecimate`: takes are
 *     encoded at the project rate with their generated frames held) and the gaps are
 *     motion-interpolated (`minterpolate`); below that, frames are held (`fps`).
 *   - hold: played at its speed, its last frame held (`tpad`).
 *   - loop: played again from its start (`-stream_loop`).
 * * Take longer, by the `longer` policy: stretch (sped up by k < 1) or trim (its end cut).
 *
 * Every chain ends with `tpad` + `trim=end_frame=D`, so the count is exactly D whatever
 * the rounding, then scales into the frame keeping the aspect ratio (bars where it
 * differs), square pixels, yuv420p.
 */
import { ffmpegRate, reduce, type Rational } from '../media/rational';
import type { ConformPolicy } from '../store/types';

export type { ConformPolicy };

/** The default policy, the same as the store's default: the take always spans the shot. */
export const DEFAULT_CONFORM: ConformPolicy = { shorter: 'stretch', longer: 'stretch' };

/** Slowing a take by this factor or more motion-interpolates it rather than holding frames. */
export const INTERPOLATE_FROM = 1.5;

export interface TakeInfo {
  frames: number;
  fps: Rational;
}

export interface ConformTarget {
  durationFrames: number;
  fps: Rational;
  width: number;
  height: number;
}

/** What was done to fit the take, for the export's report. */
export type ConformAction = 'exact' | 'stretch' | 'interpolate' | 'hold' | 'loop' | 'trim';

export interface ConformChain {
  action: ConformAction;
  /** input options before this take's `-i` */
  inputArgs: string[];
  /** filters, in order, for the take's video stream */
  filters: string[];
  /** playback speed change: > 1 slows down (k = Td / Ts) */
  factor: Rational;
}

/** Compares Ts = F/r with Td = D/R exactly: negative when the take is shorter. */
function compareDurations(take: TakeInfo, target: ConformTarget): { sign: number; factor: Rational } {
  // Td / Ts = (D × R.den × r.num) / (F × r.den × R.num)
  const num = target.durationFrames * target.fps.den * take.fps.num;
  const den = take.frames * take.fps.den * target.fps.num;
  return { sign: Math.sign(den - num), factor: reduce({ num, den }) };
}

/** scale + pad into W×H keeping the aspect ratio, square pixels, 4:2:0. */
export function fitFilters(width: number, height: number): string[] {
  return [
    `scale=${width}:${height}:force_original_aspect_ratio=decrease:flags=bicubic:out_color_matrix=bt709:out_range=tv`,
    `pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2:color=black`,
    'setsar=1',
    'format=yuv420p',
  ];
}

/** Exactly D frames: clone the last frame if short, cut if long; timestamps from 0. */
export function exactCountFilters(durationFrames: number): string[] {
  return [`tpad=stop_mode=clone:stop=${durationFrames}`, `trim=end_frame=${durationFrames}`, 'setpts=N/FRAME_RATE/TB'];
}

export function conformChain(take: TakeInfo, target: ConformTarget, policy: ConformPolicy = DEFAULT_CONFORM): ConformChain {
  if (!Number.isSafeInteger(take.frames) || take.frames < 1) throw new RangeError(`a take must have frames, got ${take.frames}`);
  if (!Number.isSafeInteger(target.durationFrames) || target.durationFrames < 1) throw new RangeError(`a shot must last at least one frame, got ${target.durationFrames}`);
  const rate = ffmpegRate(target.fps);
  const { sign, factor } = compareDurations(take, target);
  const k = `${factor.num}/${factor.den}`;
  const resample = `fps=fps=${rate}`;
  let action: ConformAction;
  let inputArgs: string[] = [];
  let time: string[];
  if (sign === 0) {
    action = 'exact';
    time = [resample];
  } else if (sign < 0 && policy.shorter === 'stretch') {
    // minterpolate needs 3 frames or more (fewer crash the ffmpeg build we ship), and
    // mpdecimate may drop at most `keep` frames in a row so that 3 or more remain.
    const interpolate = factor.num >= INTERPOLATE_FROM * factor.den && take.frames >= 3;
    const keep = Math.min(4, Math.floor(take.frames / 3) - 1);
    action = interpolate ? 'interpolate' : 'stretch';
    time = interpolate
      ? [...(keep >= 1 ? [`mpdecimate=max=${keep}`] : []), `setpts=(PTS-STARTPTS)*${k}`, `minterpolate=fps=${rate}:mi_mode=mci:mc_mode=aobmc:me_mode=bidir:vsbmc=1`]
      : [`setpts=(PTS-STARTPTS)*${k}`, resample];
  } else if (sign < 0 && policy.shorter === 'loop') {
    action = 'loop';
    inputArgs = ['-stream_loop', '-1'];
    time = [resample];
  } else if (sign < 0) {
    action = 'hold';
    time = [resample];
  } else if (policy.longer === 'stretch') {
    action = 'stretch';
    time = [`setpts=(PTS-STARTPTS)*${k}`, resample];
  } else {
    action = 'trim';
    time = [resample];
  }
  return {
    action,
    inputArgs,
    filters: ['setpts=PTS-STARTPTS', ...time, ...exactCountFilters(target.durationFrames), ...fitFilters(target.width, target.height)],
    factor,
  };
}
