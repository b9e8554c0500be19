/**
 * Playback time in whole frames at the project's rational rate. The player does not add
 * a frame per animation tick (ticks drift and skip): it keeps an anchor — the frame and
 * the wall-clock time playback started from at its speed — and asks which frame is due
 * now, so 24000/1001 plays at 23.976 frames per second over any length of time.
 */
import { frameAtSeconds, type Rate } from '../lib/timecode';

export interface ClockAnchor {
  /** the sequence frame playback started from */
  frame: number;
  /** when, in milliseconds of the clock `now` reads (performance.now()) */
  atMs: number;
  /** playback speed, negative backward */
  speed: number;
}

/** The frame due at `nowMs` (not yet wrapped or clamped to the sequence). */
export function frameDue(anchor: ClockAnchor, nowMs: number, rate: Rate): number {
  if (anchor.speed === 0) return anchor.frame;
  const seconds = (Math.max(0, nowMs - anchor.atMs) / 1000) * Math.abs(anchor.speed);
  return anchor.frame + Math.sign(anchor.speed) * frameAtSeconds(seconds, rate);
}

export interface Wrapped {
  frame: number;
  /** playback ran off an end of the sequence without looping: it stops there */
  ended: boolean;
}

/** Keeps a frame inside a sequence of `length` frames: wraps around when looping, else stops at the end it passed. */
export function wrapFrame(frame: number, length: number, loop: boolean): Wrapped {
  if (length <= 0) return { frame: 0, ended: true };
  if (loop) return { frame: ((frame % length) + length) % length, ended: false };
  if (frame >= length) return { frame: length - 1, ended: true };
  if (frame < 0) return { frame: 0, ended: true };
  return { frame, ended: false };
}

/** A frame step (← →, or K with J/L): whole frames, wrapping when looping, else held at the ends. */
export function stepFrame(frame: number, delta: number, length: number, loop: boolean): number {
  return wrapFrame(frame + Math.trunc(delta), length, loop).frame;
}

/**
 * The time to seek a clip at `rate` to for its frame `offset` (a <video>'s currentTime): the
 * middle of the frame, so that the seek lands on that frame whatever the rounding.
 */
export function clipSeconds(offset: number, rate: Rate): number {
  return ((Math.max(0, offset) + 0.5) * rate.den) / rate.num;
}

/** The frame of a clip at `rate` shown at `seconds` of it (a <video>'s currentTime). */
export function clipFrame(seconds: number, rate: Rate): number {
  return frameAtSeconds(Math.max(0, seconds), rate);
}
