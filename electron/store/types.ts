/**
 * The store's own view of a project. Plain data; the IPC contract checks that these
 * shapes match its schemas when it answers a call.
 */
export type Box = [number, number, number, number];
export type Point = [number, number];

export interface Fps { num: number; den: number }
export interface CameraMove { cx: number; cy: number; cz: number }
export interface SamplerSettings { scheduler: 'ddim' | 'dpmpp-2m'; steps: number | null; guidance: number | null }

/**
 * The sampler a new shot starts with: DPM-Solver++ (2M) comes as close to a 50-step clip in
 * 8-10 steps as DDIM does in 20, with the same control figures (`npm run bench -- --only
 * steps`, BENCHMARKS.md); the column's own default stays 'ddim' for shots made before.
 */
export const NEW_SHOT_SCHEDULER: SamplerSettings['scheduler'] = 'dpmpp-2m';

export interface ShotObjectData {
  phrase: string;
  span: [number, number];
  color: string;
  keyframes: { frame: number; box: Box }[];
  path: Point[] | null;
}
export interface ShotObjectRecord extends ShotObjectData { id: string }

/**
 * Words of the prompt marked as the background: the engine binds the frame outside the
 * actors' boxes to them. Lost (its words gone from the prompt) when `span` no longer
 * selects `phrase`.
 */
export interface BackgroundPhrase {
  phrase: string;
  span: [number, number];
}

export interface ShotFields {
  name: string;
  durationFrames: number;
  prompt: string;
  negativePrompt: string;
  camera: CameraMove;
  seed: number;
  sampler: SamplerSettings;
  modelId: string | null;
  notes: string;
  dialogue: string;
}
export interface ShotRecord extends ShotFields {
  id: string;
  sceneId: string;
  objects: ShotObjectRecord[];
  /** the take the user picked; null: the newest take is the active one */
  activeTakeId: string | null;
  /** the words marked as the background; null: none (every word no actor holds is the background's) */
  background: BackgroundPhrase | null;
}

export interface SceneRecord {
  id: string;
  name: string;
  notes: string;
  shots: ShotRecord[];
}

/** How a take shorter or longer than its shot is fitted to the shot (electron/export/conform.ts). */
export interface ConformPolicy {
  shorter: 'stretch' | 'hold' | 'loop';
  longer: 'stretch' | 'trim';
}

export interface ProjectInfo {
  id: string;
  name: string;
  path: string;
  fps: Fps;
  width: number;
  height: number;
  conform: ConformPolicy;
  updatedAt: string;
}

/**
 * Sound on the timeline: the project's track (sceneId and shotId null), a scene's track, or
 * a shot's clip. Starts `offsetFrames` after its owner's first frame (negative: its
 * beginning is cut), at the project's rate, and sounds until its end or its owner's.
 */
export interface AudioClipRecord {
  id: string;
  sceneId: string | null;
  shotId: string | null;
  /** the name of the file the user added */
  name: string;
  /** the project's copy, relative to its media/ folder */
  file: string;
  /** same-origin URL of the copy (as takes' URLs) */
  url: string;
  offsetFrames: number;
  gainDb: number;
  durationSeconds: number;
}

export interface ProjectSnapshot {
  project: ProjectInfo;
  scenes: SceneRecord[];
  /** the project's sound, scenes' and shots' included */
  audio: AudioClipRecord[];
  /** labels of the edits that undo and redo would act on */
  history: { undo: string | null; redo: string | null };
}

export type StoreErrorCode = 'NOT_FOUND' | 'CONFLICT' | 'INVALID';

/** An expected failure of an edit (unknown id, phrase not in prompt…): nothing was written. */
export class StoreError extends Error {
  constructor(readonly code: StoreErrorCode, message: string) {
    super(message);
    this.name = 'StoreError';
  }
}
