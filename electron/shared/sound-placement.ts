/**
 * Where the project's sounds fall in a sequence of its shots (pure, shared): the export
 * places them with it (electron/export/sound-plan.ts) and the editor's player and timeline
 * with it (renderer/src/export/sound-time.ts), so what is heard while editing is what the
 * export mixes. electron/shared/ holds the modules both processes share (see timecode.ts).
 *
 * The sequence's frame 0 is its first shot's first frame. A sound starts `offsetFrames`
 * after its owner's first frame (negative: its beginning is cut) and sounds only within its
 * owner: the project's track over the whole sequence (a scene played alone hears the part
 * of the track under that scene), a scene's while its shots play, a shot's during the shot;
 * and only while the file lasts.
 */
import type { Rate } from './timecode';

/** A scene of the project, its shots in order (the whole project is laid out from these). */
export interface SoundScene {
  id: string;
  shots: readonly { id: string; durationFrames: number }[];
}

/** A shot of the sequence played or exported, where it starts in that sequence. */
export interface SequenceShot {
  shotId: string;
  start: number;
  durationFrames: number;
}

/** What placing a sound reads of it: its owner (scene and shot null: the project), offset and length. */
export interface SoundClip {
  id: string;
  sceneId: string | null;
  shotId: string | null;
  offsetFrames: number;
  gainDb: number;
  durationSeconds: number;
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
 * the project's `scenes`), in `audio`'s order. Sounds whose owner is not in the sequence,
 * or that end before it or start after, are left out. `length` is the sequence's frames
 * (default: to the end of its last shot).
 */
export function placeSounds(
  scenes: readonly SoundScene[], shots: readonly SequenceShot[], audio: readonly SoundClip[], rate: Rate,
  length = shots.reduce((end, s) => Math.max(end, s.start + s.durationFrames), 0),
): PlacedSound[] {
  const first = shots[0];
  if (!first) return [];
  // where each scene and shot lies in the whole project
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
