/**
 * Where each sound of the project falls in an export (pure). The plan's frame 0 is its
 * first shot's first frame; a sound starts `offsetFrames` after its owner's first frame
 * and sounds only within its owner: the project's track over the whole export, a scene's
 * track while that scene's shots play, a shot's clip during that shot.
 */
import path from 'node:path';
import type { ProjectSnapshot } from '../store/types';
import type { ExportPlan } from './plan';

export interface PlannedSound {
  id: string;
  /** the audio file (absolute) */
  path: string;
  /** the file name the user added */
  name: string;
  owner: 'project' | 'scene' | 'shot';
  /** where the sound's own start falls in the export, in frames (negative: before it) */
  startFrame: number;
  /** the frames of the export it may sound in: [fromFrame, toFrame) */
  fromFrame: number;
  toFrame: number;
  gainDb: number;
  durationSeconds: number;
}

/** The sounds of `snapshot` that fall inside `plan`, in the snapshot's order. */
export function planSound(snapshot: ProjectSnapshot, plan: ExportPlan): PlannedSound[] {
  const first = plan.shots[0];
  if (!first) return [];
  // Absolute positions of scenes and shots in the whole project.
  const sceneSpan = new Map<string, [number, number]>();
  const shotStart = new Map<string, number>();
  let at = 0;
  for (const scene of snapshot.scenes) {
    const from = at;
    for (const shot of scene.shots) {
      shotStart.set(shot.id, at);
      at += shot.durationFrames;
    }
    sceneSpan.set(scene.id, [from, at]);
  }
  const origin = shotStart.get(first.shotId) ?? 0;
  const planned = new Map(plan.shots.map((s) => [s.shotId, s]));
  const mediaDir = path.join(snapshot.project.path, 'media');

  const sounds: PlannedSound[] = [];
  for (const clip of snapshot.audio) {
    let owner: PlannedSound['owner'];
    let span: [number, number];
    if (clip.shotId !== null) {
      const shot = planned.get(clip.shotId);
      if (!shot) continue;
      owner = 'shot';
      span = [shot.startFrame, shot.startFrame + shot.durationFrames];
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
    const toFrame = Math.min(plan.durationFrames, span[1]);
    const startFrame = span[0] + clip.offsetFrames;
    const endFrame = startFrame + (clip.durationSeconds * plan.project.fps.num) / plan.project.fps.den;
    if (toFrame <= fromFrame || endFrame <= fromFrame || startFrame >= toFrame) continue;
    sounds.push({
      id: clip.id, path: path.join(mediaDir, clip.file), name: clip.name, owner, startFrame, fromFrame, toFrame,
      gainDb: clip.gainDb, durationSeconds: clip.durationSeconds,
    });
  }
  return sounds;
}
