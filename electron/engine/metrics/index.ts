/**
 * Control metrics of one take, as the paper measures them: the camera move recovered
 * from the frames against the requested cx, cy, cz, and for each object the mean IoU
 * between where it lands and its requested boxes (where the model's manifest says how to
 * find objects: the default model's world draws actors in known colours).
 */
import type { Manifest } from '../package/manifest';
import type { Box, ShotSpec } from '../spec';
import { estimateCamera } from './camera-motion';
import type { RgbFrame } from './frames';
import { locateColour, meanBoxIou } from './objects';

export interface TakeMetrics {
  camera: {
    requested: { cx: number; cy: number; cz: number };
    measured: { cx: number; cy: number; cz: number };
    /** |ĉx − cx|, |ĉy − cy|, |log2 ĉz − log2 cz| */
    error: { cx: number; cy: number; log2cz: number };
    /** share of image blocks the motion fit kept (low: little texture or much independent motion) */
    inliers: number;
  };
  objects: { phrase: string; colour: string | null; iou: number | null }[];
  /** mean IoU over the objects that could be located, or null */
  meanIou: number | null;
  /** every locator colour the prompt names, and the share of frames it is found in (text fidelity) */
  colours: { colour: string; found: number }[];
}

export function computeMetrics(frames: RgbFrame[], boxes: Box[][], spec: ShotSpec, locator: Manifest['locator']): TakeMetrics {
  const measured = estimateCamera(frames);
  const requested = spec.camera;
  const objects = spec.objects.map((o, i) => {
    const colour = locator ? colourIn(o.phrase, Object.keys(locator.colours)) : null;
    const iou = colour && locator ? meanBoxIou(frames, boxes[i] ?? [], locator.colours[colour]!, locator.tolerance) : null;
    return { phrase: o.phrase, colour, iou };
  });
  const scored = objects.flatMap((o) => (o.iou === null ? [] : [o.iou]));
  const colours = locator
    ? coloursIn(spec.prompt, Object.keys(locator.colours)).map((colour) => ({
      colour,
      found: frames.filter((f) => locateColour(f, locator.colours[colour]!, locator.tolerance) !== null).length / Math.max(1, frames.length),
    }))
    : [];
  return {
    camera: {
      requested: { ...requested },
      measured: { cx: measured.cx, cy: measured.cy, cz: measured.cz },
      error: {
        cx: Math.abs(measured.cx - requested.cx),
        cy: Math.abs(measured.cy - requested.cy),
        log2cz: Math.abs(Math.log2(measured.cz) - Math.log2(requested.cz)),
      },
      inliers: measured.inliers,
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
