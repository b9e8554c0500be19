/**
 * Control accuracy over many takes, as `directa eval` reports it (and `render` of a
 * project summarises it), each figure beside what doing nothing scores on the same takes.
 * Pure functions over TakeMetrics; summary-lines.ts prints them.
 *
 * The structure (`ControlSummary`, version 2; the eval report's `summary` and the
 * manifest's `eval` carry it):
 * - `camera`: the takes that ask for a camera move (requested ≠ the null camera 0, 0, 1).
 *   A reading the estimator flags unreliable (frames too textureless or incoherent to read)
 *   is counted (`unreliable`) and scored as what the take shows: no readable move, the
 *   null camera. So a model cannot improve its figures by making unreadable clips. Every
 *   camera figure is over the takes with a reading (`scored`), and so is its baseline: a
 *   still clip, which reads the null camera, so its errors are |cx|, |cy|, |log2 cz| of
 *   the request. Pan direction counts each axis of a scored case whose
 *   requested |c| ≥ PAN_THRESHOLD once, right when the measured move on that axis has the
 *   requested sign; its baseline is a coin toss (0.5: a still camera shows no direction).
 * - `still`: the takes that ask for the null camera: drift, the mean |ĉx|, |ĉy|, |log2 ĉz|
 *   measured on the reliable ones (a still camera: 0).
 * - `boxes`: the objects the locator can find (their phrase names a palette colour): IoU
 *   with frames where the object is not found counted as 0, against the object held at its
 *   first requested box; IoU over the frames where it is found (pooled over those frames),
 *   against the held box on the same frames; the share of frames the objects are found in,
 *   pooled, per colour, and how many are never found (no do-nothing baseline: a held box is
 *   always "found").
 * - `colours`: per palette colour, over the takes whose prompt names it, the share of their
 *   frames it is found in (pooled over frames).
 * Means over nothing are null. Takes recorded before these fields existed count as
 * reliable readings and are left out of the figures they lack.
 */
import type { TakeMetrics } from '../engine/metrics';

/** Requested pans at least this large (per axis) count for pan direction. */
export const PAN_THRESHOLD = 0.3;
export const SUMMARY_VERSION = 2;
/** The pan-direction baseline: a coin toss per axis. */
export const PAN_BASELINE = 0.5;

/** A figure beside its do-nothing baseline on the same takes. */
export interface Figure {
  value: number | null;
  baseline: number | null;
  /** which way is better: 'lower' for errors, 'higher' for IoU and shares */
  better: 'lower' | 'higher';
  /** whether the value is clearly better than the baseline (by CLEAR_MARGIN of it); null when either is missing */
  beatsBaseline: boolean | null;
}

export interface CameraSummary {
  /** takes that ask for a camera move */
  cases: number;
  /** of those, readings flagged unreliable: scored as the null camera (no readable move) */
  unreliable: number;
  /** the takes the figures are over */
  scored: number;
  /** mean |ĉx − cx|; baseline: a still clip (mean |cx|) */
  errorCx: Figure;
  errorCy: Figure;
  /** mean |log2 ĉz − log2 cz|; baseline: mean |log2 cz| */
  errorLog2Cz: Figure;
  /** axes with requested |c| ≥ PAN_THRESHOLD, those measured with the requested sign, and their share (baseline PAN_BASELINE) */
  pan: { axes: number; right: number; share: Figure };
}

export interface StillSummary {
  /** takes that ask for the null camera */
  cases: number;
  unreliable: number;
  scored: number;
  /** mean |ĉx|, |ĉy|, |log2 ĉz| over the scored ones (a still camera: 0) */
  driftCx: number | null;
  driftCy: number | null;
  driftLog2Cz: number | null;
}

export interface BoxSummary {
  /** objects the locator can find */
  objects: number;
  /** mean IoU per object, frames without it counted 0; baseline: each object held at its first requested box */
  iou: Figure;
  /** IoU pooled over the frames where objects are found; baseline: the held box on those frames */
  iouLocated: Figure & { frames: number };
  /** share of frames the objects are found in (pooled over frames) */
  found: number | null;
  /** objects found in no frame */
  neverFound: number;
  /** the same share per object colour */
  foundByColour: { colour: string; objects: number; found: number }[];
}

export interface ColourFound { colour: string; takes: number; frames: number; found: number }

export interface ControlSummary {
  version: typeof SUMMARY_VERSION;
  /** takes with metrics (failed ones are left out of everything) */
  measured: number;
  camera: CameraSummary;
  still: StillSummary;
  boxes: BoxSummary;
  /** palette colours the prompts name: the share of those takes' frames each is found in, and pooled over all */
  colours: { found: number | null; byColour: ColourFound[] };
}

type Axis = 'cx' | 'cy';

/** Whether a take asks for a camera move (anything but the null camera). */
export function asksForMove(m: TakeMetrics): boolean {
  const { cx, cy, cz } = m.camera.requested;
  return cx !== 0 || cy !== 0 || cz !== 1;
}

/** Whether the take's camera reading can be scored (takes recorded before the flag existed count as reliable). */
export function readable(m: TakeMetrics): boolean {
  const e = m.camera.error;
  return (m.camera.reliable as boolean | undefined) !== false && [e.cx, e.cy, e.log2cz].every(Number.isFinite);
}

/** Whether the take has finite camera figures (reliable or not). */
function hasReading(m: TakeMetrics): boolean {
  const e = m.camera.error;
  return [e.cx, e.cy, e.log2cz].every(Number.isFinite);
}

/** An unreliable reading scored as what the clip shows: the null camera. */
function asShown(m: TakeMetrics): TakeMetrics {
  if (readable(m)) return m;
  const { requested } = m.camera;
  const error = { cx: Math.abs(requested.cx), cy: Math.abs(requested.cy), log2cz: Math.abs(Math.log2(requested.cz)) };
  return { ...m, camera: { ...m.camera, measured: { cx: 0, cy: 0, cz: 1 }, error } };
}

/** The pan axes of a take: each axis whose requested |c| ≥ PAN_THRESHOLD, and whether the measured move has its sign. */
export function panAxes(m: TakeMetrics): { axis: Axis; right: boolean }[] {
  const { requested, measured } = m.camera;
  return (['cx', 'cy'] as const)
    .filter((axis) => Math.abs(requested[axis]) >= PAN_THRESHOLD)
    .map((axis) => ({ axis, right: Math.sign(measured[axis]) === Math.sign(requested[axis]) }));
}

export function summarise(takes: readonly TakeMetrics[]): ControlSummary {
  return {
    version: SUMMARY_VERSION,
    measured: takes.length,
    camera: cameraSummary(takes.filter(asksForMove)),
    still: stillSummary(takes.filter((m) => !asksForMove(m))),
    boxes: boxSummary(takes),
    colours: colourSummary(takes),
  };
}

function cameraSummary(cases: readonly TakeMetrics[]): CameraSummary {
  const scored = cases.filter(hasReading).map(asShown);
  const pans = scored.flatMap(panAxes);
  const right = pans.filter((p) => p.right).length;
  const req = (m: TakeMetrics) => m.camera.requested;
  return {
    cases: cases.length,
    unreliable: cases.filter((m) => !readable(m)).length,
    scored: scored.length,
    errorCx: figure(mean(scored.map((m) => m.camera.error.cx)), mean(scored.map((m) => Math.abs(req(m).cx))), 'lower'),
    errorCy: figure(mean(scored.map((m) => m.camera.error.cy)), mean(scored.map((m) => Math.abs(req(m).cy))), 'lower'),
    errorLog2Cz: figure(mean(scored.map((m) => m.camera.error.log2cz)), mean(scored.map((m) => Math.abs(Math.log2(req(m).cz)))), 'lower'),
    pan: { axes: pans.length, right, share: figure(pans.length ? right / pans.length : null, PAN_BASELINE, 'higher') },
  };
}

function stillSummary(cases: readonly TakeMetrics[]): StillSummary {
  const scored = cases.filter(readable);
  const measured = scored.map((m) => m.camera.measured);
  return {
    cases: cases.length,
    unreliable: cases.length - scored.length,
    scored: scored.length,
    driftCx: mean(measured.map((c) => Math.abs(c.cx))),
    driftCy: mean(measured.map((c) => Math.abs(c.cy))),
    driftLog2Cz: mean(measured.map((c) => Math.abs(Math.log2(c.cz)))),
  };
}

function boxSummary(takes: readonly TakeMetrics[]): BoxSummary {
  const objects = takes.flatMap((m) => m.objects
    .filter((o) => num(o.iou) !== null)
    .map((o) => ({ colour: o.colour ?? '?', frames: framesOf(m), iou: o.iou!, held: num(o.heldIou), found: num(o.found), located: num(o.iouLocated), heldLocated: num(o.heldIouLocated) })));
  const withFound = objects.filter((o) => o.found !== null);
  const locatedFrames = (o: (typeof objects)[number]) => o.found! * o.frames;
  const located = withFound.filter((o) => o.found! > 0 && o.located !== null);
  const heldKnown = objects.every((o) => o.held !== null);
  const heldLocatedKnown = located.every((o) => o.heldLocated !== null);
  const colours = [...new Set(withFound.map((o) => o.colour))];
  return {
    objects: objects.length,
    iou: figure(mean(objects.map((o) => o.iou)), heldKnown ? mean(objects.map((o) => o.held!)) : null, 'higher'),
    iouLocated: {
      ...figure(weighted(located.map((o) => [o.located!, locatedFrames(o)])), heldLocatedKnown ? weighted(located.map((o) => [o.heldLocated!, locatedFrames(o)])) : null, 'higher'),
      frames: Math.round(located.reduce((a, o) => a + locatedFrames(o), 0)),
    },
    found: weighted(withFound.map((o) => [o.found!, o.frames])),
    neverFound: withFound.filter((o) => o.found === 0).length,
    foundByColour: colours.map((colour) => {
      const of = withFound.filter((o) => o.colour === colour);
      return { colour, objects: of.length, found: weighted(of.map((o) => [o.found!, o.frames]))! };
    }),
  };
}

function colourSummary(takes: readonly TakeMetrics[]): ControlSummary['colours'] {
  const named = takes.flatMap((m) => (m.colours ?? []).map((c) => ({ colour: c.colour, found: c.found, frames: framesOf(m) })));
  const colours = [...new Set(named.map((c) => c.colour))];
  return {
    found: weighted(named.map((c) => [c.found, c.frames])),
    byColour: colours.map((colour) => {
      const of = named.filter((c) => c.colour === colour);
      return { colour, takes: of.length, frames: of.reduce((a, c) => a + c.frames, 0), found: weighted(of.map((c) => [c.found, c.frames]))! };
    }),
  };
}

/**
 * How much better than its baseline a figure must be to count as beating it: a tenth of the
 * baseline (an error under 0.9× the still camera's, an IoU or share over 1.1× the held box's
 * or the coin toss's). A model that scores what doing nothing scores, give or take the
 * noise of a hundred cases, does not beat it.
 */
export const CLEAR_MARGIN = 0.1;

export function figure(value: number | null, baseline: number | null, better: Figure['better']): Figure {
  const beatsBaseline = value === null || baseline === null ? null
    : better === 'lower' ? value < baseline * (1 - CLEAR_MARGIN) : value > baseline * (1 + CLEAR_MARGIN);
  return { value, baseline, better, beatsBaseline };
}

/** A take's frame count (takes recorded before it was stored weigh as one frame each). */
function framesOf(m: TakeMetrics): number {
  return num(m.frames) ?? 1;
}

function num(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The mean of the finite values, or null. */
function mean(values: readonly number[]): number | null {
  const finite = values.filter(Number.isFinite);
  return finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : null;
}

/** The weighted mean of [value, weight] pairs, or null when the weights sum to 0. */
function weighted(pairs: readonly [number, number][]): number | null {
  const total = pairs.reduce((a, [, w]) => a + w, 0);
  return total > 0 ? pairs.reduce((a, [v, w]) => a + v * w, 0) / total : null;
}
