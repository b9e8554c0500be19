/**
 * OpenTimelineIO (`.otio`): the plan as an OTIO JSON document, written by our code
 * against the schema versions OpenTimelineIO 0.18 reads and writes (Timeline.1,
 * Stack.1, Track.1, Clip.2, ExternalReference.1, MissingReference.1, Marker.2,
 * TimeRange.1, RationalTime.1).
 *
 * One video track, one clip per shot in timeline order. A clip's source range is
 * [0, the shot's duration) at the project's rate: a take is encoded at its shot's length
 * and rate, from its first frame. A shot with a take points at the take's video
 * (ExternalReference, a `file://` URL); a shot without one gets a MissingReference and
 * keeps its place and length, so an editor sees the hole the shot will fill. Each clip
 * has one marker on its first frame (name: the prompt; comment: prompt, camera, seed)
 * and the shot's fields under `metadata.directa`. The timeline starts at 01:00:00:00.
 */
import { pathToFileURL } from 'node:url';
import type { ExportPlan, PlannedShot } from '../plan';
import { clip, oneLine, shotMetadata, shotSummaryLines } from './describe';
import { hourOne, otioRate, type Rate } from './time';

type Json = Record<string, unknown>;

export interface OtioOptions {
  /** the timeline's first frame (record start); default 01:00:00:00 (0 where the rate has no timecode) */
  startFrame?: number;
  /** the URL a take's media gets; default its absolute path as a file:// URL */
  mediaUrl?: (shot: PlannedShot & { take: NonNullable<PlannedShot['take']> }) => string;
}

const rationalTime = (value: number, rate: number): Json => ({ OTIO_SCHEMA: 'RationalTime.1', rate, value });

const timeRange = (start: number, duration: number, rate: number): Json => ({
  OTIO_SCHEMA: 'TimeRange.1',
  duration: rationalTime(duration, rate),
  start_time: rationalTime(start, rate),
});

/** The fields every Item (Stack, Track, Clip) carries. */
const item = (schema: string, name: string, metadata: Json, sourceRange: Json | null, markers: Json[]): Json => ({
  OTIO_SCHEMA: schema,
  metadata,
  name,
  source_range: sourceRange,
  effects: [],
  markers,
  enabled: true,
  color: null,
});

function mediaReference(shot: PlannedShot, options: OtioOptions): Json {
  if (!shot.take) {
    return { OTIO_SCHEMA: 'MissingReference.1', metadata: { directa: { reason: 'no take yet' } }, name: '', available_range: null, available_image_bounds: null };
  }
  const url = options.mediaUrl ? options.mediaUrl({ ...shot, take: shot.take }) : pathToFileURL(shot.take.mediaPath).href;
  return {
    OTIO_SCHEMA: 'ExternalReference.1',
    metadata: { directa: { take_id: shot.take.id, model_id: shot.take.modelId, spec_hash: shot.take.specHash } },
    name: `take ${shot.take.id}`,
    available_range: null,
    available_image_bounds: null,
    target_url: url,
  };
}

function marker(shot: PlannedShot, rate: number): Json {
  return {
    OTIO_SCHEMA: 'Marker.2',
    metadata: { directa: { prompt: shot.prompt, camera: { ...shot.camera }, seed: shot.seed } },
    name: clip(oneLine(shot.prompt), 200) || shot.name,
    color: shot.take ? 'YELLOW' : 'RED',
    marked_range: timeRange(0, 0, rate),
    comment: shotSummaryLines(shot).join('\n'),
  };
}

function clipOf(shot: PlannedShot, rate: number, options: OtioOptions): Json {
  return {
    ...item('Clip.2', shot.name, { directa: shotMetadata(shot) }, timeRange(0, shot.durationFrames, rate), [marker(shot, rate)]),
    media_references: { DEFAULT_MEDIA: mediaReference(shot, options) },
    active_media_reference_key: 'DEFAULT_MEDIA',
  };
}

/** The plan as an OTIO Timeline (a plain JSON value). */
export function otioTimeline(plan: ExportPlan, options: OtioOptions = {}): Json {
  const fps: Rate = plan.project.fps;
  const rate = otioRate(fps);
  const track = { ...item('Track.1', 'V1', {}, null, []), children: plan.shots.map((s) => clipOf(s, rate, options)), kind: 'Video' };
  const stack = { ...item('Stack.1', 'tracks', {}, null, []), children: [track] };
  return {
    OTIO_SCHEMA: 'Timeline.1',
    metadata: {
      directa: {
        project_id: plan.project.id,
        project_name: plan.project.name,
        title: plan.title,
        fps: { num: fps.num, den: fps.den },
        width: plan.project.width,
        height: plan.project.height,
        duration_frames: plan.durationFrames,
      },
    },
    name: plan.title,
    global_start_time: rationalTime(options.startFrame ?? hourOne(fps), rate),
    tracks: stack,
  };
}

/** The `.otio` file's text (UTF-8 JSON, as OpenTimelineIO indents it). */
export function otioJson(plan: ExportPlan, options: OtioOptions = {}): string {
  return `${JSON.stringify(otioTimeline(plan, options), null, 4)}\n`;
}
