/**
 * What a drag on the timeline means, as plain arithmetic: where a dragged shot lands, and
 * what duration a dragged edge gives. The component measures the pointer; these decide.
 */
import { snapDuration } from '../lib/snapping';
import { secondsToFrames, framesToSeconds, type Rate } from '../lib/timecode';
import { shotAtFrame, type SceneLayout } from './layout';

/**
 * The gap a dragged shot would drop into at scene frame `frame`: 0 is before the first
 * shot, n after the last. Over a shot, its first half means before it, its second after.
 */
export function dropGap(layout: SceneLayout, frame: number): number {
  const n = layout.starts.length;
  if (frame <= 0 || n === 0) return 0;
  if (frame >= layout.length) return n;
  const at = shotAtFrame(layout, frame)!;
  return at.offset * 2 < layout.durations[at.index]! ? at.index : at.index + 1;
}

/**
 * The index to give `shot.move` for the shot at `from` dropped into gap `gap` (indices of
 * the list without the moved shot), or null when the drop leaves it where it is.
 */
export function moveIndex(from: number, gap: number): number | null {
  const index = gap > from ? gap - 1 : gap;
  return index === from ? null : index;
}

/** The longest a shot may be: the contract's LIMITS.maxDurationFrames (the renderer imports no runtime code of the main process; a test keeps them equal). */
export const MAX_DURATION_FRAMES = 24 * 60 * 60;

export interface EdgeDrag {
  /** the shot's duration when the drag began */
  startDuration: number;
  /** how far the pointer moved, in pixels (right lengthens) */
  deltaPx: number;
  /** pixels per frame */
  zoom: number;
  /** the project's rate, for snapping to whole seconds */
  rate: Rate;
  /** the shortest the shot may be: 1, or one past its objects' last keyframe */
  min: number;
  /** the longest a shot may be */
  max: number;
  /** snap to a whole second when within this many pixels of one (0: whole frames only) */
  secondSnapPx: number;
}

/**
 * The duration a drag of a shot's end edge gives: whole frames always, a whole second when
 * the edge is within `secondSnapPx` of one, and never outside [min, max].
 */
export function edgeDuration(drag: EdgeDrag): number {
  const raw = drag.startDuration + drag.deltaPx / drag.zoom;
  let frames = snapDuration(raw, drag.max);
  if (drag.secondSnapPx > 0) {
    const second = Math.round(framesToSeconds(raw, drag.rate));
    const onSecond = secondsToFrames(second, drag.rate);
    if (second > 0 && Math.abs(onSecond - raw) * drag.zoom <= drag.secondSnapPx) frames = onSecond;
  }
  return Math.min(Math.max(frames, Math.max(1, drag.min)), drag.max);
}

/** The shortest a shot with these objects may be: one frame past the last keyframe of any of them. */
export function minDuration(objects: readonly { keyframes: readonly { frame: number }[] }[]): number {
  let last = -1;
  for (const o of objects) last = Math.max(last, o.keyframes[o.keyframes.length - 1]?.frame ?? -1);
  return last + 1 > 1 ? last + 1 : 1;
}
