/**
 * Runtime schemas for the values that cross the IPC boundary.
 *
 * Every object schema is strict: an unknown key is an error, never silently dropped.
 * Limits are generous for a director and small enough that a hostile or broken
 * caller cannot make the main process store megabytes in one field.
 */
import { z } from 'zod';
import { Camera, Keyframe, Point, Scheduler, SpecObject, UserText } from '../engine/spec';

export const LIMITS = {
  nameChars: 200,
  promptChars: 2000,
  notesChars: 20000,
  maxDurationFrames: 24 * 60 * 60, // an hour at 24 fps; a shot is never longer
  maxObjects: 8,
  maxKeyframes: 64,
  maxPathPoints: 256,
  maxSeed: 2 ** 32 - 1,
  /** shots one paste may copy (a whole long scene, not an unbounded list) */
  maxShotsPerCopy: 2000,
} as const;

export const Id = z.uuid();
export type Id = z.infer<typeof Id>;

export const Name = UserText.trim().min(1, 'name must not be empty').max(LIMITS.nameChars);

/** A frame rate as a rational, e.g. 24000/1001 for 23.976. */
export const Fps = z.strictObject({
  num: z.int().min(1).max(240000),
  den: z.int().min(1).max(10000),
}).refine((f) => f.num / f.den >= 1 && f.num / f.den <= 240, 'fps must be between 1 and 240');
export type Fps = z.infer<typeof Fps>;

export { Box, Camera, Keyframe, Point, Scheduler, UserText } from '../engine/spec';

export const Color = z.string().regex(/^#[0-9a-f]{6}$/i, 'colour must be #rrggbb');

export const Sampler = z.strictObject({
  scheduler: Scheduler,
  /** null: the model's default */
  steps: z.int().min(1).max(200).nullable(),
  guidance: z.number().min(0).max(30).nullable(),
});
export type Sampler = z.infer<typeof Sampler>;

/** An actor or prop: bound to a phrase of the prompt by character span. */
export const ShotObjectInput = z.strictObject({
  phrase: UserText.min(1).max(LIMITS.nameChars),
  span: z.tuple([z.int().min(0), z.int().min(0)])
    .refine(([a, b]) => b > a, 'span end must be after its start'),
  color: Color,
  keyframes: z.array(Keyframe.extend({ frame: z.int().min(0).max(LIMITS.maxDurationFrames) })).min(1).max(LIMITS.maxKeyframes)
    .refine((ks) => ks.every((k, i) => i === 0 || k.frame > ks[i - 1]!.frame), 'keyframes must be in increasing frame order'),
  path: z.array(Point).min(2).max(LIMITS.maxPathPoints).nullable(),
});
export type ShotObjectInput = z.infer<typeof ShotObjectInput>;

export const ShotObject = ShotObjectInput.safeExtend({ id: Id });
export type ShotObject = z.infer<typeof ShotObject>;

/** Characters `[start, end)` of a shot's prompt (UTF-16 code units, end exclusive). */
export const PromptSpan = z.tuple([z.int().min(0).max(LIMITS.promptChars), z.int().min(0).max(LIMITS.promptChars)])
  .refine(([a, b]) => b > a, 'span end must be after its start');

/**
 * Words of the prompt marked as the background: the model binds them to the frame outside
 * the actors' boxes. Lost (its words gone from the prompt) when `span` no longer selects `phrase`.
 */
export const BackgroundPhrase = z.strictObject({ phrase: UserText.min(1).max(LIMITS.promptChars), span: PromptSpan });
export type BackgroundPhrase = z.infer<typeof BackgroundPhrase>;

export const Shot = z.strictObject({
  id: Id,
  sceneId: Id,
  name: Name,
  durationFrames: z.int().min(1).max(LIMITS.maxDurationFrames),
  prompt: UserText.max(LIMITS.promptChars),
  negativePrompt: UserText.max(LIMITS.promptChars),
  camera: Camera,
  seed: z.int().min(0).max(LIMITS.maxSeed),
  sampler: Sampler,
  modelId: UserText.max(LIMITS.nameChars).nullable(),
  notes: UserText.max(LIMITS.notesChars),
  dialogue: UserText.max(LIMITS.notesChars),
  objects: z.array(ShotObject),
  /** the take the user picked; null: the newest take is the active one */
  activeTakeId: Id.nullable(),
  /** the words marked as the background; null: none (every word no actor holds is the background's) */
  background: BackgroundPhrase.nullable(),
});
export type Shot = z.infer<typeof Shot>;

/** A patch changes something: a key whose value is `undefined` (kept by structured clone over IPC) changes nothing. */
function changesSomething(patch: Record<string, unknown>): boolean {
  return Object.values(patch).some((v) => v !== undefined);
}

/** The fields of a shot a user edits directly; every one optional in a patch. */
export const ShotPatch = Shot.pick({
  name: true,
  durationFrames: true,
  prompt: true,
  negativePrompt: true,
  camera: true,
  seed: true,
  sampler: true,
  modelId: true,
  notes: true,
  dialogue: true,
}).partial().refine(changesSomething, 'patch must change at least one field');
export type ShotPatch = z.infer<typeof ShotPatch>;

export const Scene = z.strictObject({
  id: Id,
  name: Name,
  notes: UserText.max(LIMITS.notesChars),
  shots: z.array(Shot),
});
export type Scene = z.infer<typeof Scene>;

export const ScenePatch = z.strictObject({
  name: Name.optional(),
  notes: UserText.max(LIMITS.notesChars).optional(),
}).refine(changesSomething, 'patch must change at least one field');
export type ScenePatch = z.infer<typeof ScenePatch>;

/** How a take shorter or longer than its shot is fitted to the shot's duration when exported. */
export const ConformPolicy = z.strictObject({
  /** stretch: slowed to fill the shot (motion-interpolated when slowed a lot); hold: its last frame held; loop: played again */
  shorter: z.enum(['stretch', 'hold', 'loop']),
  /** stretch: sped up to fit; trim: its end cut */
  longer: z.enum(['stretch', 'trim']),
});
export type ConformPolicy = z.infer<typeof ConformPolicy>;

export const ProjectSummary = z.strictObject({
  id: Id,
  name: Name,
  path: z.string(),
  fps: Fps,
  width: z.int(),
  height: z.int(),
  conform: ConformPolicy,
  updatedAt: z.string(),
});
export type ProjectSummary = z.infer<typeof ProjectSummary>;

/** A project folder's name in the library, e.g. "Film.directa": a name, never a path. */
export const ProjectFolder = UserText.min(1).max(300)
  .refine((f) => /^[^/\\]+\.directa$/.test(f), 'must be a project folder name, like "Film.directa"');

/** A project folder that did not open: why, what the user can do, and the backup a restore would use. */
export const DamagedProject = z.strictObject({
  folder: z.string(),
  path: z.string(),
  reason: z.string(),
  advice: z.string(),
  /** null: restoring is not offered (no good backup, or not a damaged file) */
  backup: z.strictObject({ takenAt: z.string() }).nullable(),
});
export type DamagedProject = z.infer<typeof DamagedProject>;

/** Audio files the user may add (what ffmpeg decodes and a <audio> element plays). */
export const AUDIO_EXTENSIONS = ['.wav', '.mp3', '.m4a', '.aac'] as const;

/**
 * Sound on the timeline: the project's track (sceneId and shotId null), a scene's, or a
 * shot's clip. It starts `offsetFrames` (project rate) after its owner's first frame
 * (negative: its beginning is cut) and sounds until it ends or its owner does.
 */
export const AudioClip = z.strictObject({
  id: Id,
  sceneId: Id.nullable(),
  shotId: Id.nullable(),
  /** the file name the user added */
  name: z.string(),
  /** the project's copy, relative to its media/ folder */
  file: z.string(),
  /** same-origin URL of the copy, for playback */
  url: z.string(),
  offsetFrames: z.int(),
  gainDb: z.number(),
  durationSeconds: z.number(),
});
export type AudioClip = z.infer<typeof AudioClip>;

/** A project with everything in it: what every edit answers with. */
export const ProjectState = z.strictObject({
  project: ProjectSummary,
  scenes: z.array(Scene),
  /** the sound of the project, its scenes and shots */
  audio: z.array(AudioClip),
  /** what Undo and Redo would act on, e.g. "Edit prompt"; null when nothing */
  history: z.strictObject({ undo: z.string().nullable(), redo: z.string().nullable() }),
});
export type ProjectState = z.infer<typeof ProjectState>;

export const JobStatus = z.enum(['queued', 'running', 'done', 'failed', 'cancelled']);

/** A generation job as the UI sees it (its spec stays in the main process). */
export const Job = z.strictObject({
  id: Id,
  shotId: Id.nullable(),
  specHash: z.string(),
  status: JobStatus,
  progress: z.number().min(0).max(1),
  error: z.string().nullable(),
  takeId: Id.nullable(),
  attempts: z.int(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type Job = z.infer<typeof Job>;

/** A generated clip. URLs are same-origin paths, in Electron and in the browser host alike. */
export const Take = z.strictObject({
  id: Id,
  shotId: Id,
  specHash: z.string(),
  modelId: z.string(),
  videoUrl: z.string(),
  posterUrl: z.string().nullable(),
  thumbUrls: z.array(z.string()),
  provider: z.string().nullable(),
  timings: z.record(z.string(), z.number()),
  metrics: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  /** what the take was asked for (its spec's camera and actors, at the shot's frames), to draw over it; null when its spec does not read */
  requested: z.strictObject({ camera: Camera, durationFrames: z.int().min(1), objects: z.array(SpecObject) }).nullable(),
});
export type Take = z.infer<typeof Take>;

export const ModelSummary = z.strictObject({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  source: z.string(),
  dir: z.string(),
  shipped: z.boolean(),
  width: z.int(),
  height: z.int(),
  frames: z.int(),
  fps: z.number(),
  /** the most regions (one per actor, one for a marked background once there is an actor) it directs per shot */
  maxRegions: z.int().min(1),
  defaults: z.strictObject({ steps: z.int(), guidance: z.number() }),
  eval: z.record(z.string(), z.unknown()).nullable(),
});
export type ModelSummary = z.infer<typeof ModelSummary>;

export const ErrorCode = z.enum(['INVALID_INPUT', 'NOT_FOUND', 'CONFLICT', 'UNKNOWN_CALL', 'INTERNAL']);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const RpcError = z.strictObject({
  code: ErrorCode,
  message: z.string(),
  /** where in the input the problem is, for INVALID_INPUT */
  issues: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional(),
  /** the precise cause where a caller can act on it (an export's EXISTS: offer to replace; UNWRITABLE, MISSING_MEDIA, DISK_FULL) */
  reason: z.string().optional(),
});
export type RpcError = z.infer<typeof RpcError>;

export type RpcResult<T> = { ok: true; value: T } | { ok: false; error: RpcError };
