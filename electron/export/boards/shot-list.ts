/**
 * The shot list as CSV (RFC 4180): one header row, then one row per shot of the plan in
 * timeline order. Written by csv-stringify: fields holding a comma, a quote, CR or LF are
 * quoted (quotes doubled), records end in CRLF, and the file starts with a UTF-8 byte
 * order mark so that spreadsheets read accented names and emoji as UTF-8.
 *
 * Text that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab
 * or CR) gets a leading `'` by default (`escapeFormulas: false` keeps every byte of the
 * text): a project shared by someone else must not run code on the crew's machines.
 * Numbers are written as numbers and never escaped.
 */
import { stringify } from 'csv-stringify/sync';
import fs from 'node:fs/promises';
import { describeCamera } from '../edit-lists/describe';
import { writeExportFile, type ExportFileOptions } from '../edit-lists/export-file';
import { hasTimecode, timecode } from '../edit-lists/time';
import type { ExportPlan, PlannedShot } from '../plan';

export const SHOT_LIST_COLUMNS = [
  '#', 'Scene', 'Shot in scene', 'Shot', 'Start', 'Start frame', 'Duration (frames)', 'Duration (s)',
  'Prompt', 'Negative prompt', 'Camera', 'Pan x', 'Pan y', 'Zoom', 'Seed', 'Model', 'Notes', 'Dialogue', 'Take', 'Take file',
] as const;

export interface ShotListOptions {
  /** prefix text that starts like a formula with `'`; default true */
  escapeFormulas?: boolean;
}

function row(shot: PlannedShot, plan: ExportPlan): (string | number)[] {
  const fps = plan.project.fps;
  return [
    shot.index + 1, shot.sceneName, shot.indexInScene + 1, shot.name,
    hasTimecode(fps) ? timecode(shot.startFrame, fps) : '', shot.startFrame, shot.durationFrames,
    ((shot.durationFrames * fps.den) / fps.num).toFixed(3),
    shot.prompt, shot.negativePrompt, describeCamera(shot.camera), shot.camera.cx, shot.camera.cy, shot.camera.cz, shot.seed,
    shot.take?.modelId ?? shot.modelId ?? '', shot.notes, shot.dialogue, shot.take?.id ?? '', shot.take?.mediaPath ?? '',
  ];
}

/** The shot list's CSV text (with its byte order mark). */
export function shotListCsv(plan: ExportPlan, options: ShotListOptions = {}): string {
  return stringify([[...SHOT_LIST_COLUMNS], ...plan.shots.map((s) => row(s, plan))], {
    bom: true,
    record_delimiter: 'windows',
    // with a record delimiter given, csv-stringify stops quoting lone CR/LF unless told
    quote_record_delimiter: true,
    escape_formulas: options.escapeFormulas ?? true,
  });
}

/** Writes the shot list to `outPath` (see export-file.ts); answers the path written. */
export async function writeShotListCsv(plan: ExportPlan, outPath: string, options: ShotListOptions & ExportFileOptions = {}): Promise<string> {
  const text = shotListCsv(plan, options);
  return writeExportFile(plan, outPath, options, (temp) => fs.writeFile(temp, text, 'utf8'));
}
