/**
 * The sequence player's sound: where the project's sounds fall in what it plays (a scene,
 * or the whole project), placed exactly as an export places them (the shared
 * electron/shared/sound-placement.ts, re-exported here), the time inside each sound's file
 * at a frame of that sequence, and an <audio> element's volume. Pure.
 */
import type { PlacedSound } from '../../../electron/shared/sound-placement';
import type { Rate } from '../lib/timecode';

export { placeSounds, type PlacedSound, type SequenceShot, type SoundScene } from '../../../electron/shared/sound-placement';

/**
 * The time in the sound's file (seconds) heard at sequence frame `frame` (fractional
 * frames allowed), or null when the sound is silent there (outside its owner, before its
 * start or after its end).
 */
export function soundSeconds(sound: PlacedSound, frame: number, rate: Rate): number | null {
  if (frame < sound.fromFrame || frame >= sound.toFrame) return null;
  const seconds = ((frame - sound.startFrame) * rate.den) / rate.num;
  if (seconds < 0 || seconds >= sound.durationSeconds) return null;
  return seconds;
}

/** The frames a placed sound is heard in, [from, to): its owner's span cut to where its file plays. */
export function heardFrames(sound: PlacedSound, rate: Rate): [number, number] {
  const end = sound.startFrame + (sound.durationSeconds * rate.num) / rate.den;
  return [Math.max(sound.fromFrame, sound.startFrame), Math.min(sound.toFrame, end)];
}

/** An <audio> element's volume for a gain in dB: 0 dB is 1; above 0 dB the element cannot go (the export applies it). */
export function volumeOf(gainDb: number): number {
  return Math.min(1, Math.max(0, 10 ** (gainDb / 20)));
}
