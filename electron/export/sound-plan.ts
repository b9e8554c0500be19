/**
 * Where each sound of the project falls in an export (pure): placed by
 * electron/shared/sound-placement.ts, as the editor's player places it, over the plan's
 * shots (the plan's frame 0 is its first shot's first frame), with each sound's file.
 */
import path from 'node:path';
import { placeSounds, type PlacedSound } from '../shared/sound-placement';
import type { ProjectSnapshot } from '../store/types';
import type { ExportPlan } from './plan';

/** A sound placed in the export (frames of the export), with its file. */
export interface PlannedSound extends PlacedSound {
  /** the audio file (absolute) */
  path: string;
  /** the file name the user added */
  name: string;
}

/** The sounds of `snapshot` that fall inside `plan`, in the snapshot's order. */
export function planSound(snapshot: ProjectSnapshot, plan: ExportPlan): PlannedSound[] {
  const shots = plan.shots.map((s) => ({ shotId: s.shotId, start: s.startFrame, durationFrames: s.durationFrames }));
  const placed = placeSounds(snapshot.scenes, shots, snapshot.audio, plan.project.fps, plan.durationFrames);
  const clips = new Map(snapshot.audio.map((clip) => [clip.id, clip]));
  const mediaDir = path.join(snapshot.project.path, 'media');
  return placed.map(({ id, ...where }) => {
    const clip = clips.get(id)!;
    return { id, path: path.join(mediaDir, clip.file), name: clip.name, ...where };
  });
}
