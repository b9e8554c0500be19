/**
 * Schemas of the export calls and of sound on the timeline (issue 13). Kept beside
 * schemas.ts so the contract reads as one table; the same strictness and limits.
 */
import { z } from 'zod';
import { UserText } from '../engine/spec';
import { AUDIO_EXTENSIONS, ConformPolicy, Id, LIMITS } from './schemas';

/** An absolute path on the machine that runs Directa (what a file chooser answers). */
export const FilePath = UserText.min(1).max(4096)
  .refine((p) => !p.includes('\0'), 'a path must not hold a NUL character')
  .refine((p) => /^(\/|[A-Za-z]:[\\/]|\\\\[^\\])/.test(p), 'must be an absolute path');

/** Which part of the project: all of it, one scene, or the shots from one to another in timeline order. */
export const ExportScope = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('project') }),
  z.strictObject({ kind: z.literal('scene'), sceneId: Id }),
  z.strictObject({ kind: z.literal('range'), fromShotId: Id, toShotId: Id }),
]);

export const ExportFormat = z.enum(['mp4', 'otio', 'otioz', 'edl', 'fcpxml', 'pdf', 'csv', 'png']);

export const ExportOptions = z.strictObject({
  /** replace the file if it exists (else the export is refused with CONFLICT) */
  overwrite: z.boolean().optional(),
  /** mp4: this export's conform policy rather than the project's */
  conform: ConformPolicy.optional(),
  /** mp4: text drawn into the frames */
  burnIn: z.strictObject({ label: z.boolean(), timecode: z.boolean(), dialogue: z.boolean() }).optional(),
  /** mp4: mix the project's sound in; default true */
  sound: z.boolean().optional(),
});

export const ExportJob = z.strictObject({
  id: Id,
  projectId: Id,
  format: ExportFormat,
  scope: ExportScope,
  outPath: z.string(),
  status: z.enum(['running', 'done', 'failed', 'cancelled']),
  progress: z.number().min(0).max(1),
  /** what runs now: "shot 3/12", "joining", "done" */
  stage: z.string(),
  error: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ExportJob = z.infer<typeof ExportJob>;

/** Whose sound: the project's track, a scene's, or a shot's clip. */
export const AudioOwner = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('project') }),
  z.strictObject({ kind: z.literal('scene'), sceneId: Id }),
  z.strictObject({ kind: z.literal('shot'), shotId: Id }),
]);

/** Where a sound starts after its owner's first frame (negative: its start is cut); a day either way at most. */
export const OffsetFrames = z.int().min(-LIMITS.maxDurationFrames * 24).max(LIMITS.maxDurationFrames * 24);
export const GainDb = z.number().min(-60).max(12);

/** An audio file the user adds: an absolute path ending in one of the accepted extensions. */
export const AudioFilePath = FilePath.refine(
  (p) => AUDIO_EXTENSIONS.some((ext) => p.toLowerCase().endsWith(ext)),
  `must be a ${AUDIO_EXTENSIONS.join(', ')} file`,
);
