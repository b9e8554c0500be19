/**
 * The export plan: what an export of a scene, a range of shots or the whole project
 * contains, in timeline order. Every exporter (sequence MP4, edit lists, boards, CSV)
 * starts from this one plain value, so they agree on which shots, which takes, and
 * where each shot starts.
 *
 * Time is integer frames at the project's rational rate: a shot's `startFrame` is the
 * sum of the durations of the shots before it in the plan (the plan starts at frame 0),
 * and `durationFrames` is the plan's total.
 *
 * A shot's take is its active take: the one the user picked (`activeTakeId`, when the
 * store records one and it still exists), else its newest take. A shot without a take has
 * `take: null` and is exported as its board (boxes, camera arrow, name).
 */
import path from 'node:path';
import type { Fps, ProjectSnapshot, SceneRecord, ShotObjectRecord, ShotRecord, CameraMove } from '../store/types';

/** Which part of the project to export. A range runs from one shot to another in timeline order, both included, across scenes. */
export type ExportScope =
  | { kind: 'project' }
  | { kind: 'scene'; sceneId: string }
  | { kind: 'range'; fromShotId: string; toShotId: string };

/** A take as the plan needs it. Paths are absolute. */
export interface PlannedTake {
  id: string;
  /** the take's video file */
  mediaPath: string;
  /** its poster image, if it has one */
  posterPath: string | null;
  modelId: string;
  specHash: string;
}

export interface PlannedShot {
  shotId: string;
  name: string;
  sceneId: string;
  sceneName: string;
  /** the scene's position in the project, from 0 */
  sceneIndex: number;
  /** the shot's position in its scene, from 0 */
  indexInScene: number;
  /** the shot's position in the plan, from 0 */
  index: number;
  /** first frame of the shot in the plan, at the project's rate */
  startFrame: number;
  durationFrames: number;
  prompt: string;
  negativePrompt: string;
  camera: CameraMove;
  seed: number;
  modelId: string | null;
  notes: string;
  dialogue: string;
  /** the boxes and paths of the shot's actors and props (what a board draws) */
  objects: ShotObjectRecord[];
  /** the active take, or null: the shot is exported as its board */
  take: PlannedTake | null;
}

export interface ExportPlan {
  project: { id: string; name: string; folder: string; fps: Fps; width: number; height: number };
  scope: ExportScope;
  /** a short name for what is exported: the project's, the scene's, or "first – last" shot names */
  title: string;
  shots: PlannedShot[];
  /** sum of the shots' durations */
  durationFrames: number;
}

/** The takes the store knows, newest first per shot (what `TakeStore.forShot` answers). */
export interface TakeSource {
  /** takes of the shot, newest first; paths relative to the project's media/ folder */
  forShot(shotId: string): readonly { id: string; videoFile: string; posterFile: string | null; modelId: string; specHash: string }[];
}

/** Why a plan cannot be made (unknown scene or shot, nothing to export). */
export class PlanError extends Error {
  override name = 'PlanError';
  constructor(readonly code: 'NOT_FOUND' | 'EMPTY', message: string) {
    super(message);
  }
}

interface Located { scene: SceneRecord; sceneIndex: number; shot: ShotRecord; indexInScene: number }

function allShots(scenes: readonly SceneRecord[]): Located[] {
  return scenes.flatMap((scene, sceneIndex) => scene.shots.map((shot, indexInScene) => ({ scene, sceneIndex, shot, indexInScene })));
}

function selectShots(snapshot: ProjectSnapshot, scope: ExportScope): { shots: Located[]; title: string } {
  const every = allShots(snapshot.scenes);
  if (scope.kind === 'project') return { shots: every, title: snapshot.project.name };
  if (scope.kind === 'scene') {
    const scene = snapshot.scenes.find((s) => s.id === scope.sceneId);
    if (!scene) throw new PlanError('NOT_FOUND', `no scene ${scope.sceneId} in this project`);
    return { shots: every.filter((l) => l.scene.id === scene.id), title: scene.name };
  }
  const from = every.findIndex((l) => l.shot.id === scope.fromShotId);
  const to = every.findIndex((l) => l.shot.id === scope.toShotId);
  if (from < 0) throw new PlanError('NOT_FOUND', `no shot ${scope.fromShotId} in this project`);
  if (to < 0) throw new PlanError('NOT_FOUND', `no shot ${scope.toShotId} in this project`);
  const [a, b] = from <= to ? [from, to] : [to, from];
  const shots = every.slice(a, b + 1);
  const title = shots.length === 1 ? shots[0]!.shot.name : `${shots[0]!.shot.name} – ${shots[shots.length - 1]!.shot.name}`;
  return { shots, title };
}

/** The active take of a shot: the picked one if it still exists, else the newest. */
function activeTake(shot: ShotRecord & { activeTakeId?: string | null }, takes: TakeSource, mediaDir: string): PlannedTake | null {
  const list = takes.forShot(shot.id);
  const picked = (shot.activeTakeId && list.find((t) => t.id === shot.activeTakeId)) || list[0];
  if (!picked) return null;
  return {
    id: picked.id,
    mediaPath: path.join(mediaDir, picked.videoFile),
    posterPath: picked.posterFile === null ? null : path.join(mediaDir, picked.posterFile),
    modelId: picked.modelId,
    specHash: picked.specHash,
  };
}

/** The plan of `scope` in `snapshot`; `takes` answers each shot's takes (a project's `TakeStore`). */
export function buildExportPlan(snapshot: ProjectSnapshot, takes: TakeSource, scope: ExportScope): ExportPlan {
  const { project } = snapshot;
  const mediaDir = path.join(project.path, 'media');
  const { shots: located, title } = selectShots(snapshot, scope);
  if (located.length === 0) {
    throw new PlanError('EMPTY', scope.kind === 'scene' ? `the scene "${title}" has no shots to export` : 'the project has no shots to export');
  }
  let start = 0;
  const shots = located.map(({ scene, sceneIndex, shot, indexInScene }, index): PlannedShot => {
    const planned: PlannedShot = {
      shotId: shot.id, name: shot.name, sceneId: scene.id, sceneName: scene.name, sceneIndex, indexInScene, index,
      startFrame: start, durationFrames: shot.durationFrames,
      prompt: shot.prompt, negativePrompt: shot.negativePrompt, camera: { ...shot.camera }, seed: shot.seed,
      modelId: shot.modelId, notes: shot.notes, dialogue: shot.dialogue, objects: shot.objects,
      take: activeTake(shot, takes, mediaDir),
    };
    start += shot.durationFrames;
    return planned;
  });
  return {
    project: { id: project.id, name: project.name, folder: project.path, fps: { ...project.fps }, width: project.width, height: project.height },
    scope, title, shots, durationFrames: start,
  };
}

/** The plan of `scope` in an open project. */
export function planFromStore(store: { snapshot(): ProjectSnapshot; takes: TakeSource }, scope: ExportScope): ExportPlan {
  return buildExportPlan(store.snapshot(), store.takes, scope);
}
