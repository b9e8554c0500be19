/**
 * The one table of every call and event between the renderer and the main process.
 *
 * The preload, the router, the browser host and the renderer's client are all derived
 * from `calls` and `events`: a call cannot exist on one side only. Inputs are validated
 * in the main process with these schemas; outputs are checked against them too.
 */
import { z } from 'zod';
import { ShotSpec, UserText } from '../engine/spec';
import {
  DamagedProject, Fps, Id, Job, ModelSummary, Name, ProjectFolder, ProjectState, ProjectSummary, ScenePatch, Take,
  ShotObjectInput, ShotPatch, LIMITS, PromptSpan,
} from './schemas';
import type { RpcError } from './schemas';
import { AudioFilePath, AudioOwner, ExportFormat, ExportJob, ExportOptions, ExportScope, FilePath, GainDb, OffsetFrames } from './export-schemas';
import { ConformPolicy } from './schemas';

const ref = { projectId: Id };
const index = z.int().min(0).max(100000);

export const calls = {
  'app.info': {
    input: z.strictObject({}),
    output: z.strictObject({ version: z.string(), libraryDir: z.string(), host: z.enum(['electron', 'browser']) }),
  },
  'project.list': {
    input: z.strictObject({}),
    output: z.array(ProjectSummary),
  },
  'project.create': {
    input: z.strictObject({
      name: Name,
      fps: Fps.optional(),
      width: z.int().min(64).max(8192).optional(),
      height: z.int().min(64).max(8192).optional(),
    }),
    output: ProjectState,
  },
  'project.get': { input: z.strictObject(ref), output: ProjectState },
  'project.rename': { input: z.strictObject({ ...ref, name: Name }), output: ProjectState },
  'project.delete': { input: z.strictObject(ref), output: z.strictObject({ trashedTo: z.string() }) },
  /** Project folders that did not open (damaged or missing database, newer Directa, copied folder): why, and what to do. */
  'project.damaged': { input: z.strictObject({}), output: z.array(DamagedProject) },
  /** Puts a damaged project's last good backup in place (the damaged file stays beside it) and opens it. */
  'project.restoreBackup': { input: z.strictObject({ folder: ProjectFolder }), output: ProjectState },

  'project.undo': { input: z.strictObject(ref), output: ProjectState },
  'project.redo': { input: z.strictObject(ref), output: ProjectState },

  'scene.create': {
    input: z.strictObject({ ...ref, name: Name.optional(), index: index.optional() }),
    output: ProjectState,
  },
  'scene.update': { input: z.strictObject({ ...ref, sceneId: Id, patch: ScenePatch }), output: ProjectState },
  'scene.duplicate': { input: z.strictObject({ ...ref, sceneId: Id }), output: ProjectState },
  'scene.delete': { input: z.strictObject({ ...ref, sceneId: Id }), output: ProjectState },
  'scene.move': { input: z.strictObject({ ...ref, sceneId: Id, index }), output: ProjectState },

  'shot.create': {
    input: z.strictObject({ ...ref, sceneId: Id, name: Name.optional(), index: index.optional() }),
    output: ProjectState,
  },
  'shot.update': { input: z.strictObject({ ...ref, shotId: Id, patch: ShotPatch }), output: ProjectState },
  'shot.duplicate': { input: z.strictObject({ ...ref, shotId: Id }), output: ProjectState },
  'shot.delete': { input: z.strictObject({ ...ref, shotId: Id }), output: ProjectState },
  /** Deletes shots (the timeline's selection, of any scenes) as one undo step: all or none; undo brings back their takes too. */
  'shot.deleteMany': {
    input: z.strictObject({
      ...ref,
      shotIds: z.array(Id).min(1).max(LIMITS.maxShotsPerCopy)
        .refine((ids) => new Set(ids).size === ids.length, 'a shot must not be listed twice'),
    }),
    output: ProjectState,
  },
  'shot.move': {
    input: z.strictObject({ ...ref, shotId: Id, sceneId: Id, index }),
    output: ProjectState,
  },
  /** Copies shots (in the order given) into a scene at an index, as one undo step: paste, and duplicate across scenes. */
  'shot.copyTo': {
    input: z.strictObject({
      ...ref,
      shotIds: z.array(Id).min(1).max(LIMITS.maxShotsPerCopy)
        .refine((ids) => new Set(ids).size === ids.length, 'a shot must not be listed twice'),
      sceneId: Id,
      index,
    }),
    output: ProjectState,
  },
  'shot.setObjects': {
    input: z.strictObject({ ...ref, shotId: Id, objects: z.array(ShotObjectInput).max(LIMITS.maxObjects) }),
    output: ProjectState,
  },
  /**
   * Marks characters `span` of the shot's prompt as its background (taken on whole words,
   * as a selection is), or clears it (null); one undo step. INVALID_INPUT for a span
   * outside the prompt, holding no word, or taking an actor's words.
   */
  'shot.setBackground': {
    input: z.strictObject({ ...ref, shotId: Id, span: PromptSpan.nullable() }),
    output: ProjectState,
  },
  'shot.spec': {
    input: z.strictObject({ ...ref, shotId: Id }),
    output: z.strictObject({
      hash: z.string().regex(/^[0-9a-f]{64}$/),
      spec: ShotSpec,
    }),
  },

  'model.list': {
    input: z.strictObject({}),
    output: z.strictObject({
      models: z.array(ModelSummary),
      problems: z.array(z.strictObject({ dir: z.string(), problem: z.string() })),
      defaultId: z.string().nullable(),
      userDir: z.string(),
    }),
  },
  /**
   * What a prompt costs a model (null or left out: the default), for the prompt field as
   * the director types: tokens against the limit and the words the model does not know.
   * With `regions` (the shot's actors, and whether a background is marked), the regions
   * they take against the most the model directs, and why that does not fit (null: it
   * fits; `regions` is null when not asked). job.enqueue refuses a shot over either limit
   * with the same figures.
   */
  'prompt.check': {
    input: z.strictObject({
      modelId: UserText.max(LIMITS.nameChars).nullable().optional(),
      prompt: UserText.max(LIMITS.promptChars),
      regions: z.strictObject({ actors: z.int().min(0).max(LIMITS.maxObjects), background: z.boolean() }).optional(),
    }),
    output: z.strictObject({
      modelId: z.string(),
      modelName: z.string(),
      tokens: z.int().min(0),
      limit: z.int().min(0),
      unknownWords: z.array(z.strictObject({ word: z.string(), span: z.tuple([z.int().min(0), z.int().min(0)]) })),
      regions: z.strictObject({
        actors: z.int().min(0),
        background: z.boolean(),
        used: z.int().min(0),
        limit: z.int().min(1),
        problem: z.string().nullable(),
      }).nullable(),
    }),
  },
  /** Queue a shot for generation; a spec that already has a take (or a pending job) is not queued twice. */
  'job.enqueue': {
    input: z.strictObject({ ...ref, shotId: Id }),
    output: z.strictObject({ job: Job.nullable(), take: Take.nullable(), reused: z.boolean() }),
  },
  'job.list': { input: z.strictObject(ref), output: z.array(Job) },
  'job.cancel': { input: z.strictObject({ ...ref, jobId: Id }), output: Job },
  'job.move': { input: z.strictObject({ ...ref, jobId: Id, index }), output: z.array(Job) },
  'take.list': { input: z.strictObject({ ...ref, shotId: Id }), output: z.array(Take) },
  /** Each shot's active take (the picked one, else the newest; null: none), for the sequence player: one call for a whole scene or project. */
  'take.active': {
    input: z.strictObject({
      ...ref,
      shotIds: z.array(Id).max(LIMITS.maxShotsPerCopy).refine((ids) => new Set(ids).size === ids.length, 'a shot must not be listed twice'),
    }),
    output: z.array(z.strictObject({ shotId: Id, take: Take.nullable() })),
  },
  /** Picks the take a shot plays and exports (null: its newest take again); one undo step. */
  'take.setActive': { input: z.strictObject({ ...ref, shotId: Id, takeId: Id.nullable() }), output: ProjectState },

  /**
   * Starts exporting a scene, a range of shots or the project as a file. Checked first:
   * an existing file (CONFLICT unless options.overwrite), a place that cannot be written
   * (CONFLICT), a missing take or sound file (NOT_FOUND); then the job runs, its progress
   * and end sent as export.changed, cancellable with export.cancel.
   */
  'export.start': {
    input: z.strictObject({ ...ref, scope: ExportScope, format: ExportFormat, outPath: FilePath, options: ExportOptions.optional() }),
    output: ExportJob,
  },
  'export.cancel': { input: z.strictObject({ ...ref, jobId: Id }), output: ExportJob },
  /** The project's exports of this session, newest first. */
  'export.list': { input: z.strictObject(ref), output: z.array(ExportJob) },
  /** How exports fit a take shorter or longer than its shot (default: stretch both ways). */
  'project.setConform': { input: z.strictObject({ ...ref, conform: ConformPolicy }), output: ProjectState },
  /** Copies a WAV/MP3/M4A/AAC file into the project as the sound of the project, a scene or a shot (replacing the one it had); undoable. */
  'audio.set': {
    input: z.strictObject({ ...ref, owner: AudioOwner, path: AudioFilePath, offsetFrames: OffsetFrames.optional(), gainDb: GainDb.optional() }),
    output: ProjectState,
  },
  /** Moves a sound on the timeline or changes its level; undoable. */
  'audio.update': {
    input: z.strictObject({ ...ref, audioId: Id, offsetFrames: OffsetFrames.optional(), gainDb: GainDb.optional() })
      .refine((i) => i.offsetFrames !== undefined || i.gainDb !== undefined, 'give offsetFrames or gainDb'),
    output: ProjectState,
  },
  'audio.remove': { input: z.strictObject({ ...ref, audioId: Id }), output: ProjectState },
} as const;

export const events = {
  /** A job was queued, progressed, finished, failed or was cancelled. */
  'job.changed': z.strictObject({ projectId: Id, job: Job }),
  /** Something in a project changed (another window or client may show it). */
  'project.changed': z.strictObject({ projectId: Id }),
  /** The list of projects changed (created, renamed, deleted). */
  'library.changed': z.strictObject({}),
  /** An export started, progressed (at most five times a second), finished, failed or was cancelled. */
  'export.changed': z.strictObject({ projectId: Id, job: ExportJob }),
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<K extends CallName> = z.input<Calls[K]['input']>;
export type CallOutput<K extends CallName> = z.output<Calls[K]['output']>;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.output<Events[K]>;

export const callNames = Object.keys(calls) as CallName[];
export const eventNames = Object.keys(events) as EventName[];

/** Electron channel names: namespaced so nothing else on ipcMain can collide. */
export const callChannel = (name: CallName): string => `directa:call:${name}`;
export const eventChannel = (name: EventName): string => `directa:event:${name}`;

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

/** What the preload exposes as `window.directa`, and what the browser client implements. */
export interface DirectaBridge {
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<RpcResultOf<K>>;
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void;
}
export type RpcResultOf<K extends CallName> =
  | { ok: true; value: CallOutput<K> }
  | { ok: false; error: RpcError };
