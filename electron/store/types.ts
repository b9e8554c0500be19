/**
 * The store's own view of a project. Plain data; the IPC contract checks that these
 * shapes match its schemas when it answers a call.
 */
export type Box = [number, number, number, number];
export type Point = [number, number];

export interface Fps { num: number; den: number }
export interface CameraMove { cx: number; cy: number; cz: number }
export interface SamplerSettings { scheduler: 'ddim' | 'dpmpp-2m'; steps: number | null; guidance: number | null }

export interface ShotObjectData {
  phrase: string;
  span: [number, number];
  color: string;
  keyframes: { frame: number; box: Box }[];
  path: Point[] | null;
}
export interface ShotObjectRecord extends ShotObjectData { id: string }

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
}

export interface SceneRecord {
  id: string;
  name: string;
  notes: string;
  shots: ShotRecord[];
}

export interface ProjectInfo {
  id: string;
  name: string;
  path: string;
  fps: Fps;
  width: number;
  height: number;
  updatedAt: string;
}

export interface ProjectSnapshot {
  project: ProjectInfo;
  scenes: SceneRecord[];
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
