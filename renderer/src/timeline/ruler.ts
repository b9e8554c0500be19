/**
 * The ruler above the timeline: tick marks at whole seconds (or frames when zoomed far in),
 * spaced so that labels never crowd, and only those in view.
 */
import { framesToTimecode, nominalFps, secondsToFrames, type Rate } from '../lib/timecode';

export interface Tick {
  frame: number;
  /** x in content pixels (frame × zoom) */
  x: number;
  /** a labelled (major) tick */
  major: boolean;
  label: string;
}

/** Tick spacings in seconds, from fine to coarse. */
const SECOND_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600];
/** Frame spacings used when even one second is wider than the spacing wanted. */
const FRAME_STEPS = [1, 2, 5, 10];

/**
 * The ticks between content pixels `from` and `to`: labelled ones at least `minLabelPx`
 * apart (each with its timecode), and unlabelled ones in between where there is room.
 */
export function rulerTicks(rate: Rate, zoom: number, from: number, to: number, minLabelPx = 90): Tick[] {
  if (zoom <= 0 || to <= from) return [];
  const fps = nominalFps(rate);
  const secondPx = (rate.num / rate.den) * zoom;
  // the label step: whole frames when a second is very wide, else whole seconds
  let major: { frames: (i: number) => number; every: number } | null = null;
  if (secondPx > minLabelPx * 2) {
    const step = FRAME_STEPS.find((f) => f * zoom >= minLabelPx && f < fps);
    if (step !== undefined) major = { frames: (i) => i * step, every: step * zoom };
  }
  if (major === null) {
    const seconds = SECOND_STEPS.find((s) => s * secondPx >= minLabelPx) ?? SECOND_STEPS[SECOND_STEPS.length - 1]!;
    major = { frames: (i) => secondsToFrames(i * seconds, rate), every: seconds * secondPx };
  }
  const minor = major.every >= 40 ? 5 : 1; // minor ticks between labels where they fit
  const ticks: Tick[] = [];
  const first = Math.max(0, Math.floor(from / major.every) - 1);
  const last = Math.ceil(to / major.every) + 1;
  for (let i = first; i <= last; i++) {
    const frame = major.frames(i);
    const next = major.frames(i + 1);
    for (let k = 0; k < minor; k++) {
      const f = frame + ((next - frame) * k) / minor;
      const x = f * zoom;
      if (x < from || x > to) continue;
      ticks.push({ frame: Math.round(f), x, major: k === 0, label: k === 0 ? framesToTimecode(frame, rate) : '' });
    }
  }
  return ticks;
}
