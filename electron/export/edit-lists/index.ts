/**
 * Edit lists of an export plan: OpenTimelineIO (`.otio`, `.otioz` with media), CMX3600
 * EDL and FCPXML 1.8. Each is a pure function of the plan to text, plus a writer that
 * puts it at a path atomically (temporary name beside it, renamed at the end), so an
 * interrupted export never leaves a partial file under the final name.
 */
import { writeFileAtomically } from '../../media/atomic';
import type { ExportPlan } from '../plan';
import { edlText } from './edl';
import { fcpxmlText } from './fcpxml';
import { otioJson } from './otio';
import { writeOtioz } from './otioz';
import { assertTakeMedia } from './take-media';

export { edlText, EdlError, EDL_MAX_EVENTS } from './edl';
export { fcpxmlText, FCPXML_VERSION } from './fcpxml';
export { otioJson, otioTimeline } from './otio';
export { writeOtioz, bundledMediaPath } from './otioz';
export { assertTakeMedia, MissingMediaError } from './take-media';
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
 * Writes the plan as `format` to `outPath`, atomically. Throws before writing anything
 * when the plan cannot be written: a take's video is missing (MissingMediaError), or the
 * format cannot hold the plan (EdlError).
 */
export async function writeEditList(plan: ExportPlan, format: EditListFormat, outPath: string, options: { signal?: AbortSignal } = {}): Promise<void> {
  if (format === 'otioz') return writeOtioz(plan, outPath, options);
  const text = editListText(plan, format);
  await assertTakeMedia(plan);
  options.signal?.throwIfAborted();
  await writeFileAtomically(outPath, Buffer.from(text, 'utf8'));
}
