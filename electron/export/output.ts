/**
 * The export's output file and inputs, checked before any work, and the output written
 * under a temporary name beside it, renamed only when complete.
 */
import fs from 'node:fs';
import path from 'node:path';
import { partPath, writeAtomically } from '../media/atomic';
import { ExportError, writeError } from './errors';
import type { ExportPlan } from './plan';
import type { PlannedSound } from './sound-plan';

/**
 * The absolute output path, once it is known that it may be written: an existing file is
 * refused unless `overwrite`, a folder always; the folder is created if missing, and a
 * probe file is written there (and removed), so a read-only place fails now, not after
 * minutes of encoding.
 */
export async function prepareOutput(outPath: string, overwrite: boolean): Promise<string> {
  const target = path.resolve(outPath);
  const existing = await fs.promises.stat(target).catch(() => null);
  if (existing?.isDirectory()) throw new ExportError('UNWRITABLE', `${target} is a folder: give a file name`);
  if (existing && !overwrite) throw new ExportError('EXISTS', `${target} already exists: choose another name or allow replacing it`);
  const probe = partPath(target);
  try {
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    await fs.promises.writeFile(probe, '', { flag: 'wx' });
  } catch (err) {
    throw writeError(err, target);
  } finally {
    await fs.promises.rm(probe, { force: true }).catch(() => undefined);
  }
  return target;
}

/** Every take's and sound's file exists: else one MISSING_MEDIA error naming them all. */
export async function checkInputs(plan: ExportPlan, sounds: readonly PlannedSound[] = []): Promise<void> {
  const missing: string[] = [];
  const isFile = async (f: string): Promise<boolean> => (await fs.promises.stat(f).catch(() => null))?.isFile() ?? false;
  for (const shot of plan.shots) {
    if (shot.take && !(await isFile(shot.take.mediaPath))) missing.push(`${shot.sceneName} / ${shot.name}: its take's file ${shot.take.mediaPath}`);
  }
  for (const sound of sounds) {
    if (!(await isFile(sound.path))) missing.push(`the ${sound.owner}'s sound "${sound.name}": ${sound.path}`);
  }
  if (missing.length > 0) {
    throw new ExportError('MISSING_MEDIA', `${missing.length === 1 ? 'a file is' : `${missing.length} files are`} missing: ${missing.join('; ')}`);
  }
}

/**
 * Runs `write(temp)` and moves the result to `target`; an output that appeared meanwhile
 * is still refused unless `overwrite`. The temporary file goes on any failure or cancel.
 */
export async function publishOutput<T>(target: string, overwrite: boolean, write: (temp: string) => Promise<T>): Promise<T> {
  try {
    return await writeAtomically(target, async (temp) => {
      const result = await write(temp);
      if (!overwrite && fs.existsSync(target)) throw new ExportError('EXISTS', `${target} appeared while exporting: not replaced`);
      return result;
    });
  } catch (err) {
    throw writeError(err, target);
  }
}
