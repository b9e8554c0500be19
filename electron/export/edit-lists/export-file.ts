/**
 * How every edit list and board file is written, the same way as the sequence export:
 * the target is checked first (an existing file is refused unless `overwrite`, a
 * read-only folder fails at once), every take's file must exist (one MISSING_MEDIA error
 * names them all), then the file is made under a temporary name beside the target and
 * renamed only when complete. Failures, a full disk and a cancel are ExportErrors
 * (CANCELLED for a cancel), and leave nothing under the target's name.
 */
import { writeError } from '../errors';
import { checkInputs, prepareOutput, publishOutput } from '../output';
import type { ExportPlan } from '../plan';

export interface ExportFileOptions {
  /** replace an existing file (else an EXISTS error) */
  overwrite?: boolean;
  signal?: AbortSignal;
}

/** Checks, then runs `write(temp)` and publishes the result at `outPath`; answers the absolute path written. */
export async function writeExportFile(plan: ExportPlan, outPath: string, options: ExportFileOptions, write: (temp: string) => Promise<void>): Promise<string> {
  const overwrite = options.overwrite ?? false;
  const target = await prepareOutput(outPath, overwrite);
  await checkInputs(plan);
  try {
    options.signal?.throwIfAborted();
  } catch (err) {
    throw writeError(err, target);
  }
  await publishOutput(target, overwrite, async (temp) => {
    await write(temp);
    options.signal?.throwIfAborted();
  });
  return target;
}
