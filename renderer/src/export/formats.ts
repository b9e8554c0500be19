/**
 * The export formats as the dialog offers them: the contract's list, each with its file
 * extension (the main process refuses a path that does not end in it; an image sequence
 * goes into a folder), a label, and what it holds, including where a shot without a take
 * goes. Pure.
 */
import type { CallInput } from '../../../electron/ipc/contract';

export type ExportFormat = CallInput<'export.start'>['format'];

export interface FormatInfo {
  label: string;
  /** what the output's name ends in; '' for png (a folder) */
  extension: string;
  /** one line for the dialog */
  description: string;
  /** where a shot without a take goes */
  withoutTake: string;
  /** the conform policy applies (takes are fitted to their shots frame by frame) */
  conform: boolean;
}

export const FORMATS: Record<ExportFormat, FormatInfo> = {
  mp4: {
    label: 'MP4 video', extension: '.mp4', conform: true,
    description: 'The sequence as one H.264 video with its sound, at the project’s size and rate.',
    withoutTake: 'its board (boxes, camera arrow, name) for its duration',
  },
  otio: {
    label: 'OpenTimelineIO', extension: '.otio', conform: false,
    description: 'An edit list for OpenTimelineIO tools: one clip per shot pointing at its take, prompt, camera and seed as metadata.',
    withoutTake: 'an empty slot of its duration (a clip with no media)',
  },
  otioz: {
    label: 'OpenTimelineIO bundle', extension: '.otioz', conform: false,
    description: 'The OpenTimelineIO edit list with the takes’ media inside one file, to hand over.',
    withoutTake: 'an empty slot of its duration (a clip with no media)',
  },
  edl: {
    label: 'CMX3600 EDL', extension: '.edl', conform: false,
    description: 'A CMX3600 edit decision list, one event per shot, record timecode from 01:00:00:00 (23.976 non-drop, 29.97 drop-frame).',
    withoutTake: 'a black event (an empty slot) of its duration',
  },
  fcpxml: {
    label: 'Final Cut Pro XML', extension: '.fcpxml', conform: false,
    description: 'FCPXML with rational times, one clip per shot, markers with prompt, camera and seed.',
    withoutTake: 'an empty slot (a gap) of its duration',
  },
  pdf: {
    label: 'PDF storyboard', extension: '.pdf', conform: false,
    description: 'A storyboard to print: per shot a frame, name, duration, prompt, camera move, notes and dialogue.',
    withoutTake: 'its board',
  },
  csv: {
    label: 'Shot list (CSV)', extension: '.csv', conform: false,
    description: 'A shot list spreadsheet: one row per shot with its timing and fields.',
    withoutTake: 'its row with the take left empty',
  },
  png: {
    label: 'PNG image sequence', extension: '', conform: true,
    description: 'One PNG per frame at the project’s size, into a folder.',
    withoutTake: 'its board for its duration',
  },
};

export const FORMAT_ORDER: readonly ExportFormat[] = ['mp4', 'otio', 'otioz', 'edl', 'fcpxml', 'pdf', 'csv', 'png'];
