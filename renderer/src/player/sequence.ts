/**
 * The sequence the player plays: a scene's shots, or every scene's shots in order, laid end
 * to end by duration. Frame 0 is the first frame of the first shot; a shot occupies
 * `[start, start + duration)`. Pure: the player asks which shot (and which frame inside
 * it) is under a sequence frame, and converts between the sequence and the playhead,
 * which counts frames inside the selected scene.
 */

export interface SequenceScene {
  id: string;
  shots: readonly { id: string; durationFrames: number }[];
}

export interface SequenceEntry {
  sceneId: string;
  shotId: string;
  /** the entry's position in the sequence, from 0 */
  index: number;
  /** first frame of the shot in the sequence */
  start: number;
  durationFrames: number;
  /** first frame of the shot's scene in the sequence (scene-local frame = frame − sceneStart) */
  sceneStart: number;
}

export interface Sequence {
  entries: readonly SequenceEntry[];
  /** total frames */
  length: number;
}

/** Lays out the shots of `scenes` in order (empty scenes contribute nothing). */
export function buildSequence(scenes: readonly SequenceScene[]): Sequence {
  const entries: SequenceEntry[] = [];
  let at = 0;
  for (const scene of scenes) {
    const sceneStart = at;
    for (const shot of scene.shots) {
      const durationFrames = Math.max(1, Math.floor(shot.durationFrames));
      entries.push({ sceneId: scene.id, shotId: shot.id, index: entries.length, start: at, durationFrames, sceneStart });
      at += durationFrames;
    }
  }
  return { entries, length: at };
}

export interface Located {
  entry: SequenceEntry;
  /** the frame inside the shot, 0 ≤ offset < durationFrames */
  offset: number;
}

/** The shot under sequence frame `frame` (clamped into the sequence), or null for an empty one. */
export function locate(sequence: Sequence, frame: number): Located | null {
  const { entries, length } = sequence;
  if (entries.length === 0) return null;
  const f = Math.min(Math.max(0, Math.floor(frame)), length - 1);
  let lo = 0;
  let hi = entries.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (entries[mid]!.start <= f) lo = mid;
    else hi = mid - 1;
  }
  const entry = entries[lo]!;
  return { entry, offset: f - entry.start };
}

/** The sequence frame of a scene-local frame (the playhead's), or null when the scene is not in the sequence. */
export function sequenceFrameOf(sequence: Sequence, sceneId: string, sceneFrame: number): number | null {
  const first = sequence.entries.find((e) => e.sceneId === sceneId);
  if (!first) return null;
  const sceneLength = sequence.entries.filter((e) => e.sceneId === sceneId).reduce((n, e) => n + e.durationFrames, 0);
  return first.sceneStart + Math.min(Math.max(0, Math.floor(sceneFrame)), sceneLength - 1);
}

/** The scene and the scene-local frame under a sequence frame (what the playhead shows). */
export function sceneFrameOf(sequence: Sequence, frame: number): { sceneId: string; frame: number } | null {
  const found = locate(sequence, frame);
  if (!found) return null;
  return { sceneId: found.entry.sceneId, frame: found.entry.start + found.offset - found.entry.sceneStart };
}

/** The first frame of the shot before (−1) or after (+1) the one under `frame`, clamped to the sequence. */
export function shotBoundary(sequence: Sequence, frame: number, direction: -1 | 1): number {
  const found = locate(sequence, frame);
  if (!found) return 0;
  const { entry, offset } = found;
  if (direction < 0) return offset > 0 ? entry.start : (sequence.entries[entry.index - 1]?.start ?? 0);
  return sequence.entries[entry.index + 1]?.start ?? entry.start;
}
