/**
 * Every export format behind one call: the sequence MP4 (sequence.ts), the edit lists
 * (edit-lists/), the storyboard PDF and shot list CSV (boards/). Each checks its output
 * (exists? writable?) and its inputs before writing, and writes under a temporary name.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writePngSequence, writeShotListCsv, writeStoryboardPdf } from './boards';
import { writeEditList, type EditListFormat } from './edit-lists';
import { ExportError, writeError } from './errors';
import { checkInputs, prepareOutput } from './output';
import type { ExportPlan } from './plan';
import { exportSequence, type SequenceResult, type SequenceSettings } from './sequence';

export const EXPORT_FORMATS = ['mp4', 'otio', 'otioz', 'edl', 'fcpxml', 'pdf', 'csv', 'png'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The formats this build can write. */
export const AVAILABLE_FORMATS: readonly ExportFormat[] = EXPORT_FORMATS;

/** What a format's output path must end in; '' for png, whose output is a folder. */
export const FORMAT_EXTENSIONS: Record<ExportFormat, string> = {
  mp4: '.mp4', otio: '.otio', otioz: '.otioz', edl: '.edl', fcpxml: '.fcpxml', pdf: '.pdf', csv: '.csv', png: '',
};

/** An export: its format and output, and for mp4 the sequence's settings (png follows the conform policy too). */
export interface ExportRequest extends SequenceSettings {
  format: ExportFormat;
  outPath: string;
  overwrite?: boolean;
  signal?: AbortSignal;
  /** 0 to 1, with what runs now */
  onProgress?: (fraction: number, stage: string) => void;
}

export interface ExportOutcome {
  file: string;
  /** the sequence's details, for mp4 */
  sequence?: SequenceResult;
}

const EDIT_LISTS = new Set<string>(['otio', 'otioz', 'edl', 'fcpxml']);

/** Writes `plan` as `request.format`; throws an ExportError when it cannot. */
export async function writeExport(plan: ExportPlan, request: ExportRequest): Promise<ExportOutcome> {
  const { format, signal } = request;
  const overwrite = request.overwrite ?? false;
  const progress = (fraction: number, stage: string): void => request.onProgress?.(fraction, stage);
  if (!AVAILABLE_FORMATS.includes(format)) throw new ExportError('INVALID', `exporting as ${format} is not available in this version`);
  if (format === 'mp4') {
    // exportSequence takes a setting left undefined as one not given
    const sequence = await exportSequence(plan, {
      outPath: request.outPath, overwrite, conform: request.conform, burnIn: request.burnIn, sound: request.sound,
      preset: request.preset, signal, onProgress: (p) => progress(p.fraction, p.stage),
    });
    return { file: sequence.file, sequence };
  }
  const target = format === 'png' ? await preparePngFolder(request.outPath, overwrite) : await prepareOutput(request.outPath, overwrite);
  await checkInputs(plan);
  progress(0, `writing ${format}`);
  try {
    const options = { overwrite, ...(signal ? { signal } : {}) };
    if (EDIT_LISTS.has(format)) {
      await writeEditList(plan, format as EditListFormat, target, options);
    } else if (format === 'pdf') {
      await writeStoryboardPdf(plan, target, { ...options, onProgress: (done, total) => progress(done / total, 'drawing boards') });
    } else if (format === 'csv') {
      await writeShotListCsv(plan, target, options);
    } else {
      await writePngSequence(plan, target, {
        ...options, ...(request.conform ? { conform: request.conform } : {}),
        onProgress: (frames, total) => progress(frames / total, 'writing frames'),
      });
    }
  } catch (err) {
    throw writeError(err, target);
  }
  progress(1, 'done');
  return { file: target };
}

/**
 * A PNG sequence goes into a folder: one that exists must be empty unless `overwrite`
 * (a file there is refused), and its parent must be writable (probed now, like a file).
 */
export async function preparePngFolder(outDir: string, overwrite: boolean): Promise<string> {
  const target = path.resolve(outDir);
  const stat = await fs.promises.stat(target).catch(() => null);
  if (stat && !stat.isDirectory()) throw new ExportError('EXISTS', `${target} is a file: an image sequence needs a folder`);
  if (stat && !overwrite && (await fs.promises.readdir(target)).length > 0) {
    throw new ExportError('EXISTS', `${target} is not empty: choose another folder or allow replacing it`);
  }
  await prepareOutput(`${target}.png-check`, true);
  return target;
}
