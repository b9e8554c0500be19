/**
 * CMX3600 EDL (`.edl`): one video event per shot, cuts only, record timecode from
 * 01:00:00:00 at the project's rate.
 *
 * Timecode: 24000/1001 (23.976) counts non-drop at 24 fps, as editors expect, and the
 * header says `FCM: NON-DROP FRAME`; 30000/1001 and 60000/1001 count drop-frame
 * (`FCM: DROP FRAME`, `;` before the frames). Rates that timecode cannot count (12.5,
 * 7.5…) are refused: export OTIO or FCPXML for those.
 *
 * Each event's source is the take's video from 00:00:00:00 for the shot's length (reel
 * `AX`, an auxiliary file source, with `* FROM CLIP NAME:` the shot's name and
 * `* FROM CLIP:` the file's absolute path, which OpenTimelineIO and Resolve read). A
 * shot without a take is a black event (reel `BL`) of its length. Comments carry the
 * prompt as a locator on the source's first frame (`* LOC:`, as OpenTimelineIO reads
 * locators: source timecode) and the camera and seed as `* CAMERA:` / `* SEED:` lines.
 * Text is one line per comment (newlines become spaces); the file is UTF-8 with CRLF
 * line ends. CMX3600 numbers events 001–999, so a plan of more shots is refused.
 */
import { ExportError } from '../errors';
import type { ExportPlan, PlannedShot } from '../plan';
import { clip, describeCamera, oneLine } from './describe';
import { hasTimecode, hourOne, isDropFrame, timecode, type Rate } from './time';

export const EDL_MAX_EVENTS = 999;

export interface EdlOptions {
  /** the record timeline's first frame; default 01:00:00:00 */
  startFrame?: number;
}


function eventLines(shot: PlannedShot, number: number, recordIn: number, rate: Rate): string[] {
  const reel = shot.take ? 'AX' : 'BL';
  const sourceIn = timecode(0, rate);
  const sourceOut = timecode(shot.durationFrames, rate);
  const line = [
    String(number).padStart(3, '0'), '  ', reel.padEnd(8), ' V     C        ',
    sourceIn, ' ', sourceOut, ' ', timecode(recordIn, rate), ' ', timecode(recordIn + shot.durationFrames, rate),
  ].join('');
  // LOC timecodes are read with colons only; frame 0 is the same label in drop-frame
  const locator = `00:00:00:00 ${(shot.take ? 'YELLOW' : 'RED').padEnd(7)} ${clip(oneLine(shot.prompt), 200) || '(no prompt)'}`;
  return [
    line,
    `* FROM CLIP NAME: ${oneLine(shot.name)}`,
    ...(shot.take ? [`* FROM CLIP: ${oneLine(shot.take.mediaPath)}`] : []),
    `* LOC: ${locator}`,
    `* SCENE: ${oneLine(shot.sceneName)}`,
    `* CAMERA: ${describeCamera(shot.camera)} (cx ${shot.camera.cx}, cy ${shot.camera.cy}, cz ${shot.camera.cz})`,
    `* SEED: ${shot.seed}`,
    ...(shot.take ? [] : ['* NO TAKE YET: the shot has not been generated']),
  ];
}

/** The plan as CMX3600 EDL text. */
export function edlText(plan: ExportPlan, options: EdlOptions = {}): string {
  const rate = plan.project.fps;
  if (!hasTimecode(rate)) {
    throw new ExportError('INVALID', `an EDL cannot count ${rate.num}/${rate.den} fps in timecode; export OTIO or FCPXML instead`);
  }
  if (plan.shots.length > EDL_MAX_EVENTS) {
    throw new ExportError('INVALID', `a CMX3600 EDL holds at most ${EDL_MAX_EVENTS} events and this export has ${plan.shots.length} shots; export a scene, or OTIO/FCPXML`);
  }
  const start = options.startFrame ?? hourOne(rate);
  const lines = [`TITLE: ${oneLine(plan.title)}`, `FCM: ${isDropFrame(rate) ? 'DROP FRAME' : 'NON-DROP FRAME'}`, ''];
  plan.shots.forEach((shot, i) => {
    lines.push(...eventLines(shot, i + 1, start + shot.startFrame, rate), '');
  });
  return lines.join('\r\n');
}
