/**
 * Control accuracy over many takes, as `directa eval` reports it (and `render` of a
 * project summarises it): mean camera errors, pan-direction accuracy and mean box IoU.
 * Pure functions over TakeMetrics.
 */
import type { TakeMetrics } from '../engine/metrics';

/** Requested pans at least this large (on cx or cy) count for pan-direction accuracy. */
export const PAN_THRESHOLD = 0.3;

export interface ControlSummary {
  /** takes with metrics (failed ones are left out of every mean) */
  measured: number;
  /** mean |ĉx − cx|, |ĉy − cy| and |log2 ĉz − log2 cz| over the measured takes */
  meanErrorCx: number | null;
  meanErrorCy: number | null;
  meanErrorLog2Cz: number | null;
  /** takes whose requested |cx| or |cy| is at least PAN_THRESHOLD */
  panCases: number;
  /** of those, the ones whose measured move has the sign of the larger requested pan */
  panCorrect: number;
  panAccuracy: number | null;
  /** objects that could be located (their phrase names a locator colour) */
  locatedObjects: number;
  /** mean IoU over those objects */
  meanIou: number | null;
  /** mean share of frames in which each colour the prompt names is found (text fidelity) */
  meanColourFound: number | null;
}

/**
 * Whether the measured pan goes the requested way on the dominant requested axis
 * (the larger of |cx|, |cy|; cx on a tie); null when neither reaches PAN_THRESHOLD.
 */
export function panDirectionCorrect(m: TakeMetrics): boolean | null {
  const { requested, measured } = m.camera;
  if (Math.max(Math.abs(requested.cx), Math.abs(requested.cy)) < PAN_THRESHOLD) return null;
  const axis = Math.abs(requested.cx) >= Math.abs(requested.cy) ? 'cx' : 'cy';
  return Math.sign(measured[axis]) === Math.sign(requested[axis]);
}

export function summarise(takes: readonly TakeMetrics[]): ControlSummary {
  const pans = takes.map(panDirectionCorrect).filter((p): p is boolean => p !== null);
  const ious = takes.flatMap((m) => m.objects.flatMap((o) => (o.iou === null ? [] : [o.iou])));
  const panCorrect = pans.filter(Boolean).length;
  return {
    measured: takes.length,
    meanErrorCx: mean(takes.map((m) => m.camera.error.cx)),
    meanErrorCy: mean(takes.map((m) => m.camera.error.cy)),
    meanErrorLog2Cz: mean(takes.map((m) => m.camera.error.log2cz)),
    panCases: pans.length,
    panCorrect,
    panAccuracy: pans.length ? panCorrect / pans.length : null,
    locatedObjects: ious.length,
    meanIou: mean(ious),
    meanColourFound: mean(takes.flatMap((m) => (m.colours ?? []).map((c) => c.found))),
  };
}

/** The summary as plain text lines. */
export function summaryLines(s: ControlSummary): string[] {
  const pan = s.panAccuracy === null
    ? `n/a (no case requests |cx| or |cy| >= ${PAN_THRESHOLD})`
    : `${fixed(s.panAccuracy)} (${s.panCorrect}/${s.panCases} cases with |cx| or |cy| >= ${PAN_THRESHOLD})`;
  const iou = s.meanIou === null ? 'n/a (no object could be located)' : `${fixed(s.meanIou)} (${s.locatedObjects} located objects)`;
  return [
    `measured takes: ${s.measured}`,
    `mean |cx error|: ${fixed(s.meanErrorCx)}`,
    `mean |cy error|: ${fixed(s.meanErrorCy)}`,
    `mean |log2 cz error|: ${fixed(s.meanErrorLog2Cz)}`,
    `pan-direction accuracy: ${pan}`,
    `mean box IoU: ${iou}`,
    `named colours found: ${s.meanColourFound === null ? 'n/a' : `${fixed(s.meanColourFound)} of frames`}`,
  ];
}

/** One take's camera and objects in a line: requested → measured per axis, and IoU. */
export function metricsLine(m: TakeMetrics): string {
  const { requested: r, measured: e } = m.camera;
  const axis = (name: 'cx' | 'cy' | 'cz') => `${name} ${fixed(r[name])}→${fixed(e[name])}`;
  const iou = m.meanIou === null ? 'IoU n/a' : `IoU ${fixed(m.meanIou)}`;
  return `${axis('cx')}  ${axis('cy')}  ${axis('cz')}  ${iou}`;
}

/** The mean of the finite values (a camera fit that failed gives a non-finite error and is left out). */
function mean(values: readonly number[]): number | null {
  const finite = values.filter(Number.isFinite);
  return finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : null;
}

function fixed(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(3);
}
