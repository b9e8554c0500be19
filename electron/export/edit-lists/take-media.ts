/**
 * Every take an export points at must exist: checked before anything is written, so a
 * missing file is named (with its shot) instead of failing halfway or exporting a hole.
 */
import fs from 'node:fs';
import type { ExportPlan } from '../plan';

/** A take's video is missing: the export names the shot and the file, and writes nothing. */
export class MissingMediaError extends Error {
  override name = 'MissingMediaError';
  readonly code = 'MISSING_MEDIA';
  constructor(readonly shotName: string, readonly file: string) {
    super(`the take of shot "${shotName}" has no video file at ${file}`);
  }
}

/** Throws MissingMediaError for the first shot whose take's video is not a readable file. */
export async function assertTakeMedia(plan: ExportPlan): Promise<void> {
  for (const shot of plan.shots) {
    if (!shot.take) continue;
    const stat = await fs.promises.stat(shot.take.mediaPath).catch(() => null);
    if (!stat?.isFile()) throw new MissingMediaError(shot.name, shot.take.mediaPath);
  }
}

