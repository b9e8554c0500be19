/**
 * The figures of the steps benchmark (steps.ts), pure: which cases it draws, the image
 * error of a clip against its reference, the figures of one sampler setting over the cases
 * (image error, time, and the engine's control summary), and the rule that picks the
 * cheapest setting that gives the reference's result.
 */
import { summarise } from '../../electron/cli/summary';
import type { TakeMetrics } from '../../electron/engine/metrics';
import type { SchedulerName } from '../../electron/engine/schedulers';
import type { ShotSpec } from '../../electron/engine/spec';

export type CaseKind = 'camera' | 'boxes' | 'both' | 'neither';
const KINDS: readonly CaseKind[] = ['camera', 'boxes', 'both', 'neither'];

/** What a case asks for: a camera move (anything but 0, 0, 1), boxes, both or neither. */
export function caseKind(spec: ShotSpec): CaseKind {
  const { cx, cy, cz } = spec.camera;
  const move = cx !== 0 || cy !== 0 || cz !== 1;
  const boxes = spec.objects.length > 0;
  return move && boxes ? 'both' : move ? 'camera' : boxes ? 'boxes' : 'neither';
}

/**
 * `count` cases, the kinds taken in turn (camera, boxes, both, then neither) and each kind in
 * file order, so that any count draws the kinds as evenly as the file allows; the chosen
 * cases keep their file order.
 */
export function pickCases<C extends { spec: ShotSpec }>(cases: readonly C[], count: number): C[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`the number of cases must be a whole number of at least 1, got ${count}`);
  const queues = KINDS.map((kind) => cases.filter((c) => caseKind(c.spec) === kind));
  const chosen = new Set<C>();
  while (chosen.size < Math.min(count, cases.length)) {
    for (const queue of queues) {
      const next = queue.shift();
      if (next !== undefined && chosen.size < count) chosen.add(next);
    }
  }
  return cases.filter((c) => chosen.has(c));
}

/**
 * Image error of a clip against its reference, frame by frame (RGB24, same size): the mean
 * over frames of each frame's PSNR in dB, and the mean absolute difference in 8-bit levels
 * over every value. A frame equal to its reference has no finite PSNR: its squared error is
 * counted as one level in one value, the least an 8-bit frame can differ by (about 99 dB
 * at 256×144), so that the mean stays finite and a near-copy still scores above any real
 * difference.
 */
export function imageError(frames: readonly Uint8Array[], reference: readonly Uint8Array[]): { psnr: number; mae: number } {
  if (frames.length !== reference.length || frames.length === 0) {
    throw new RangeError(`the clip has ${frames.length} frames, its reference ${reference.length}: both need the same number, at least one`);
  }
  let psnrSum = 0;
  let absSum = 0;
  let values = 0;
  for (const [f, frame] of frames.entries()) {
    const ref = reference[f]!;
    if (frame.length !== ref.length || frame.length === 0) throw new RangeError(`frame ${f} has ${frame.length} values, its reference ${ref.length}`);
    let sq = 0;
    for (let i = 0; i < frame.length; i++) {
      const d = frame[i]! - ref[i]!;
      sq += d * d;
      absSum += Math.abs(d);
    }
    const mse = Math.max(sq, 1) / frame.length;
    psnrSum += 10 * Math.log10((255 * 255) / mse);
    values += frame.length;
  }
  return { psnr: psnrSum / frames.length, mae: absSum / values };
}

export interface Setting { sampler: SchedulerName; steps: number }

export const settingLabel = (s: Setting): string => `${s.sampler} ${s.steps}`;

/** One case generated at one setting: its time, image error against the reference (null: it is the reference) and control metrics. */
export interface Run { seconds: number; error: { psnr: number; mae: number } | null; metrics: TakeMetrics }

/** A setting's figures over the cases. */
export interface Row {
  setting: Setting;
  cases: number;
  /** mean seconds per clip (text, denoising and decoding) */
  seconds: number;
  /** mean over the cases of each clip's mean PSNR against its reference, and the lowest case's; null for the reference */
  psnr: number | null;
  worstPsnr: number | null;
  /** mean absolute error in 8-bit levels; null for the reference */
  mae: number | null;
  /** camera error per axis over the cases that ask for a move (unreadable readings scored as no move, as `directa eval`) */
  camera: { cx: number | null; cy: number | null; log2cz: number | null; cases: number; unreadable: number };
  /** box IoU (frames without the object count 0) over the objects the locator can find, and the share of frames they are found in */
  boxes: { iou: number | null; found: number | null; objects: number };
}

const mean = (xs: readonly number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

export function settingRow(setting: Setting, runs: readonly Run[]): Row {
  const errors = runs.flatMap((r) => (r.error ? [r.error] : []));
  const control = summarise(runs.map((r) => r.metrics));
  return {
    setting,
    cases: runs.length,
    seconds: mean(runs.map((r) => r.seconds)) ?? 0,
    psnr: mean(errors.map((e) => e.psnr)),
    worstPsnr: errors.length ? Math.min(...errors.map((e) => e.psnr)) : null,
    mae: mean(errors.map((e) => e.mae)),
    camera: {
      cx: control.camera.errorCx.value, cy: control.camera.errorCy.value, log2cz: control.camera.errorLog2Cz.value,
      cases: control.camera.cases, unreadable: control.camera.unreliable,
    },
    boxes: { iou: control.boxes.iou.value, found: control.boxes.found, objects: control.boxes.objects },
  };
}

/** What a setting must give to count as the reference's result. */
export interface Rule {
  /** mean PSNR against the reference, at least (dB) */
  minPsnr: number;
  /** box IoU at most this far below the reference's */
  iouTolerance: number;
  /** camera error at most this far above the reference's, on every axis */
  cameraTolerance: number;
}

export const DEFAULT_RULE: Rule = { minPsnr: 30, iouTolerance: 0.02, cameraTolerance: 0.03 };

export function ruleText(rule: Rule): string {
  return `the fewest steps (between samplers at the same steps, the higher PSNR) whose mean PSNR against the reference is at least ${rule.minPsnr} dB, `
    + `whose box IoU is at most ${rule.iouTolerance} below the reference's and whose camera error is at most ${rule.cameraTolerance} above the reference's on every axis `
    + '(a figure the reference lacks is not asked for; one the setting lacks where the reference has it fails)';
}

/** Why a setting misses the rule against the reference row (empty: it meets it). */
export function misses(row: Row, reference: Row, rule: Rule): string[] {
  const out: string[] = [];
  if (row.psnr === null || row.psnr < rule.minPsnr) out.push(`PSNR ${row.psnr === null ? 'unknown' : row.psnr.toFixed(1)} < ${rule.minPsnr} dB`);
  const refIou = reference.boxes.iou;
  if (refIou !== null && (row.boxes.iou === null || row.boxes.iou < refIou - rule.iouTolerance)) {
    out.push(`IoU ${row.boxes.iou?.toFixed(3) ?? 'unknown'} < ${(refIou - rule.iouTolerance).toFixed(3)}`);
  }
  for (const axis of ['cx', 'cy', 'log2cz'] as const) {
    const ref = reference.camera[axis];
    const got = row.camera[axis];
    if (ref !== null && (got === null || got > ref + rule.cameraTolerance)) out.push(`camera ${axis} error ${got?.toFixed(3) ?? 'unknown'} > ${(ref + rule.cameraTolerance).toFixed(3)}`);
  }
  return out;
}

/** The cheapest row that meets the rule: fewest steps, then the higher PSNR; null when none does. */
export function cheapest(rows: readonly Row[], reference: Row, rule: Rule): Row | null {
  const meeting = rows.filter((r) => misses(r, reference, rule).length === 0);
  meeting.sort((a, b) => a.setting.steps - b.setting.steps || (b.psnr ?? -Infinity) - (a.psnr ?? -Infinity));
  return meeting[0] ?? null;
}
