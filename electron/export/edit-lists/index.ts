/**
 * Edit lists of an export plan: OpenTimelineIO (`.otio`, `.otioz` with media), CMX3600
 * EDL and FCPXML 1.8. Each is a pure function of the plan to text, plus a writer that
 * checks the target and the takes and puts the file in place atomically.
 */
import fs from 'node:fs/promises';
import type { ExportPlan } from '../plan';
import { edlText } from './edl';
import { fcpxmlText } from './fcpxml';
import { otioJson } from './otio';
import { writeOtioz } from './otioz';
import { writeExportFile, type ExportFileOptions } from './export-file';

export { edlText, EDL_MAX_EVENTS } from './edl';
export { fcpxmlText, FCPXML_VERSION } from './fcpxml';
export { otioJson, otioTimeline } from './otio';
export { writeOtioz, bundledMediaPath } from './otioz';
export { writeExportFile, type ExportFileOptions } from './export-file';
export { describeCamera } from './describe';

export type EditListFormat = 'otio' | 'otioz' | 'edl' | 'fcpxml';

export const EDIT_LIST_EXTENSIONS: Record<EditListFormat, string> = { otio: '.otio', otioz: '.otioz', edl: '.edl', fcpxml: '.fcpxml' };

/** The file's text for the text formats (everything but otioz, which bundles media). */
export function editListText(plan: ExportPlan, format: Exclude<EditListFormat, 'otioz'>): string {
  if (format === 'otio') return otioJson(plan);
  if (format === 'edl') return edlText(plan);
  return fcpxmlText(plan);
}

/**
 * Writes the plan as `format` to `outPath` (see export-file.ts: checked first, existing
 * files refused unless `overwrite`, missing takes named, written under a temporary name);
 * answers the path written. A format that cannot hold the plan (an EDL at 12.5 fps, of
 * more than 999 shots) is an INVALID ExportError before anything is written.
 */
export async function writeEditList(plan: ExportPlan, format: EditListFormat, outPath: string, options: ExportFileOptions = {}): Promise<string> {
  if (format === 'otioz') return writeOtioz(plan, outPath, options);
  const text = editListText(plan, format);
  return writeExportFile(plan, outPath, options, (temp) => fs.writeFile(temp, text, 'utf8'));
}
