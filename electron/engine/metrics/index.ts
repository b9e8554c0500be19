/**
 * Control metrics of one take, as the paper measures them: the camera move recovered
 * from the frames against the requested cx, cy, cz (with whether the frames allow a
 * reading at all), and for each object the mean IoU between where it lands and its
 * requested boxes, the share of frames it is found in, and the do-nothing baseline of the
 * object held at its first box (where the model's manifest says how to find objects: the
 * default model's world draws actors in known colours).
 */
import type { Manifest } from '../package/manifest';
import type { Box, ShotSpec } from '../spec';
import { estimateCamera } from './camera-motion';
import type { RgbFrame } from './frames';
import { boxScores, locateColour, type BoxScores } from './objects';

/** One object of the shot: where the locator finds it against its requested boxes (null scores: it cannot be located). */
export interface ObjectMetrics extends Nullable<BoxScores> {
  phrase: string;
  colour: string | null;
}
type Nullable<T> = { [K in keyof T]: T[K] | null };

export interface TakeMetrics {
  /** frames measured */
  frames: number;
  camera: {
    requested: { cx: number; cy: number; cz: number };
    measured: { cx: number; cy: number; cz: number };
    /** |ĉx − cx|, |ĉy − cy|, |log2 ĉz − log2 cz| */
    error: { cx: number; cy: number; log2cz: number };
    /** share of matched image blocks the motion fit kept (low: much independent motion) */
    inliers: number;
    /** share of frame-to-frame steps the estimator could trust (low: textureless or incoherent frames) */
    confidence: number;
    /** false: the frames show too little to read a camera move; `measured` is then the null camera (no claim) */
    reliable: boolean;
  };
  objects: ObjectMetrics[];
  /** mean IoU (missing frames 0) over the objects that could be located, or null */
  meanIou: number | null;
  /** every locator colour the prompt names, and the share of frames it is found in (text fidelity) */
  colours: { colour: string; found: number }[];
}

export function computeMetrics(frames: RgbFrame[], boxes: Box[][], spec: ShotSpec, locator: Manifest['locator']): TakeMetrics {
  const measured = estimateCamera(frames);
  const requested = spec.camera;
  const objects = spec.objects.map((o, i): ObjectMetrics => {
    const colour = locator ? colourIn(o.phrase, Object.keys(locator.colours)) : null;
    const scores = colour && locator ? boxScores(frames, boxes[i] ?? [], locator.colours[colour]!, locator.tolerance) : null;
    return {
      phrase: o.phrase, colour,
      iou: scores?.iou ?? null, iouLocated: scores?.iouLocated ?? null, found: scores?.found ?? null,
      heldIou: scores?.heldIou ?? null, heldIouLocated: scores?.heldIouLocated ?? null,
    };
  });
  const scored = objects.flatMap((o) => (o.iou === null ? [] : [o.iou]));
  const colours = locator
    ? coloursIn(spec.prompt, Object.keys(locator.colours)).map((colour) => ({
      colour,
      found: frames.filter((f) => locateColour(f, locator.colours[colour]!, locator.tolerance) !== null).length / Math.max(1, frames.length),
    }))
    : [];
  return {
    frames: frames.length,
    camera: {
      requested: { ...requested },
      measured: { cx: measured.cx, cy: measured.cy, cz: measured.cz },
      error: {
        cx: Math.abs(measured.cx - requested.cx),
        cy: Math.abs(measured.cy - requested.cy),
        log2cz: Math.abs(Math.log2(measured.cz) - Math.log2(requested.cz)),
      },
      inliers: measured.inliers,
      confidence: measured.confidence,
      reliable: measured.reliable,
    },
    objects,
    meanIou: scored.length ? scored.reduce((a, b) => a + b, 0) / scored.length : null,
    colours,
  };
}

/** Every locator colour a prompt names, once each, matching whole words. */
export function coloursIn(prompt: string, colours: readonly string[]): string[] {
  const words = new Set(prompt.toLowerCase().split(/[^a-z]+/));
  return colours.filter((c) => words.has(c.toLowerCase()));
}

/** The locator colour named in a phrase ("red car" → "red"), matching whole words. */
export function colourIn(phrase: string, colours: readonly string[]): string | null {
  const words = phrase.toLowerCase().split(/[^a-z]+/);
  return colours.find((c) => words.includes(c.toLowerCase())) ?? null;
}
