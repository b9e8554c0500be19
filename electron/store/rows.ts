/** Mapping between SQLite rows and the store's records. */
import type { BackgroundPhrase, ConformPolicy, ProjectInfo, SamplerSettings, ShotObjectRecord, ShotRecord } from './types';

export interface ProjectRow {
  id: string; name: string; fps_num: number; fps_den: number; width: number; height: number;
  conform_shorter: ConformPolicy['shorter']; conform_longer: ConformPolicy['longer'];
  created_at: string; updated_at: string;
}
export interface SceneRow { id: string; position: number; name: string; notes: string }
export interface ShotRow {
  id: string; scene_id: string; position: number; name: string; duration_frames: number;
  prompt: string; negative_prompt: string; cam_x: number; cam_y: number; cam_z: number;
  seed: number; scheduler: string; steps: number | null; guidance: number | null;
  model_id: string | null; notes: string; dialogue: string; active_take_id: string | null;
  background_phrase: string | null; background_start: number | null; background_end: number | null;
}
export interface ObjectRow {
  id: string; shot_id: string; position: number; phrase: string; span_start: number; span_end: number;
  color: string; keyframes: string; path: string | null;
}

export function projectInfo(row: ProjectRow, path: string): ProjectInfo {
  return {
    id: row.id,
    name: row.name,
    path,
    fps: { num: row.fps_num, den: row.fps_den },
    width: row.width,
    height: row.height,
    conform: { shorter: row.conform_shorter, longer: row.conform_longer },
    updatedAt: row.updated_at,
  };
}

export function shotRecord(row: ShotRow, objects: ShotObjectRecord[]): ShotRecord {
  return {
    id: row.id,
    sceneId: row.scene_id,
    name: row.name,
    durationFrames: row.duration_frames,
    prompt: row.prompt,
    negativePrompt: row.negative_prompt,
    camera: { cx: row.cam_x, cy: row.cam_y, cz: row.cam_z },
    seed: row.seed,
    sampler: { scheduler: row.scheduler as SamplerSettings['scheduler'], steps: row.steps, guidance: row.guidance },
    modelId: row.model_id,
    notes: row.notes,
    dialogue: row.dialogue,
    objects,
    activeTakeId: row.active_take_id,
    background: backgroundOf(row),
  };
}

function backgroundOf(row: ShotRow): BackgroundPhrase | null {
  if (row.background_phrase === null || row.background_start === null || row.background_end === null) return null;
  return { phrase: row.background_phrase, span: [row.background_start, row.background_end] };
}

export function objectRecord(row: ObjectRow): ShotObjectRecord {
  return {
    id: row.id,
    phrase: row.phrase,
    span: [row.span_start, row.span_end],
    color: row.color,
    keyframes: JSON.parse(row.keyframes) as ShotObjectRecord['keyframes'],
    path: row.path === null ? null : (JSON.parse(row.path) as ShotObjectRecord['path']),
  };
}

/** Columns of `shots` for each editable field, as SQL parameters. */
export function shotColumns(f: Partial<ShotRecord>): Record<string, unknown> {
  const c: Record<string, unknown> = {};
  if (f.name !== undefined) c.name = f.name;
  if (f.durationFrames !== undefined) c.duration_frames = f.durationFrames;
  if (f.prompt !== undefined) c.prompt = f.prompt;
  if (f.negativePrompt !== undefined) c.negative_prompt = f.negativePrompt;
  if (f.camera !== undefined) Object.assign(c, { cam_x: f.camera.cx, cam_y: f.camera.cy, cam_z: f.camera.cz });
  if (f.seed !== undefined) c.seed = f.seed;
  if (f.sampler !== undefined) {
    Object.assign(c, { scheduler: f.sampler.scheduler, steps: f.sampler.steps, guidance: f.sampler.guidance });
  }
  if (f.modelId !== undefined) c.model_id = f.modelId;
  if (f.notes !== undefined) c.notes = f.notes;
  if (f.dialogue !== undefined) c.dialogue = f.dialogue;
  if (f.background !== undefined) Object.assign(c, backgroundColumns(f.background));
  return c;
}

/** The background columns of `shots` for a background phrase, or for none. */
export function backgroundColumns(b: BackgroundPhrase | null): { background_phrase: string | null; background_start: number | null; background_end: number | null } {
  return { background_phrase: b?.phrase ?? null, background_start: b?.span[0] ?? null, background_end: b?.span[1] ?? null };
}
