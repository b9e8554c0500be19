/**
 * Where the project's sounds fall in what the sequence player plays (a scene, or the whole
 * project), the same way an export places them (electron/export/sound-plan.ts), and the
 * time inside each sound's file at a frame of that sequence. Pure.
 *
 * The sequence's frame 0 is its first shot's first frame. A sound starts `offsetFrames`
 * after its owner's first frame (negative: its beginning is cut) and sounds only within its
 * owner: the project's track over the whole sequence (a scene played alone hears the part
 * of the track under that scene), a scene's while its shots play, a shot's during the shot;
 * and only while the file lasts.
 */
import type { AudioClip } from '../../../electron/ipc/schemas';
import type { Rate } from '../lib/timecode';

export interface SoundScene {
  id: string;
  shots: readonly { id: string; durationFrames: number }[];
}

/** A shot of the sequence the player plays, where it starts in that sequence. */
export interface SequenceShot {
  shotId: string;
  start: number;
  durationFrames: number;
}

export interface PlacedSound {
  id: string;
  owner: 'project' | 'scene' | 'shot';
  /** the sequence frame the sound's own start falls on (negative: before the sequence starts) */
  startFrame: number;
  /** the frames it may sound in: [fromFrame, toFrame) */
  fromFrame: number;
  toFrame: number;
  gainDb: number;
  durationSeconds: number;
}

/**
 * The sounds of `audio` that fall inside a sequence of `shots` (in playing order, from
 * the project's `scenes`), in `audio`'s order. Sounds whose owner is not in the
 * sequence, or that end before it or start after, are left out.
 */
export function placeSounds(
  scenes: readonly SoundScene[], shots: readonly SequenceShot[], audio: readonly AudioClip[], rate: Rate,
): PlacedSound[] {
  const first = shots[0];
  if (!first) return [];
  const length = shots.reduce((end, s) => Math.max(end, s.start + s.durationFrames), 0);
  const sceneSpan = new Map<string, [number, number]>();
  const shotAt = new Map<string, number>();
  let at = 0;
  for (const scene of scenes) {
    const from = at;
    for (const shot of scene.shots) {
      shotAt.set(shot.id, at);
      at += shot.durationFrames;
    }
    sceneSpan.set(scene.id, [from, at]);
  }
  const origin = (shotAt.get(first.shotId) ?? 0) - first.start;
  const inSequence = new Map(shots.map((s) => [s.shotId, s]));

  const placed: PlacedSound[] = [];
  for (const clip of audio) {
    let owner: PlacedSound['owner'];
    let span: [number, number];
    if (clip.shotId !== null) {
      const shot = inSequence.get(clip.shotId);
      if (!shot) continue;
      owner = 'shot';
      span = [shot.start, shot.start + shot.durationFrames];
    } else if (clip.sceneId !== null) {
      const scene = sceneSpan.get(clip.sceneId);
      if (!scene) continue;
      owner = 'scene';
      span = [scene[0] - origin, scene[1] - origin];
    } else {
      owner = 'project';
      span = [-origin, at - origin];
    }
    const fromFrame = Math.max(0, span[0]);
    const toFrame = Math.min(length, span[1]);
    const startFrame = span[0] + clip.offsetFrames;
    const endFrame = startFrame + (clip.durationSeconds * rate.num) / rate.den;
    if (toFrame <= fromFrame || endFrame <= fromFrame || startFrame >= toFrame) continue;
    placed.push({ id: clip.id, owner, startFrame, fromFrame, toFrame, gainDb: clip.gainDb, durationSeconds: clip.durationSeconds });
  }
  return placed;
}

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
