/**
 * A take's control figures, read from the metrics the engine stores with it (see
 * electron/engine/metrics/index.ts): the camera move measured from the frames against the
 * one requested, and for each actor how well it kept to its boxes (IoU) against the
 * do-nothing baseline of standing still at its first box. Takes from older versions lack
 * some fields: what is missing reads as null, never as a made-up number.
 */
import type { Take } from '../../../electron/ipc/schemas';

export interface CameraXyz { cx: number; cy: number; cz: number }

export interface CameraFigures {
  requested: CameraXyz | null;
  /** null when the frames could not be read (`reliable: false`) */
  measured: CameraXyz | null;
  error: { cx: number; cy: number; log2cz: number } | null;
  /** false: too little texture to read a move; older takes lack the flag (then true) */
  reliable: boolean;
  confidence: number | null;
}

export interface ActorFigures {
  phrase: string;
  /** mean IoU with its requested boxes over all frames (0 where not found); null: cannot be located */
  iou: number | null;
  /** share of frames the actor was found in */
  found: number | null;
  /** the baseline: its first box held still */
  heldIou: number | null;
  /** whether it followed its boxes better than standing still; null when either is unknown */
  beatsHeld: boolean | null;
}

export interface TakeFigures {
  camera: CameraFigures | null;
  actors: ActorFigures[];
  meanIou: number | null;
  modelId: string;
  provider: string | null;
  /** generation time in seconds */
  seconds: number | null;
  steps: number | null;
}

export function takeFigures(take: Pick<Take, 'metrics' | 'timings' | 'modelId' | 'provider'>): TakeFigures {
  const m = take.metrics;
  const total = take.timings.totalMs;
  return {
    camera: cameraFigures(m.camera),
    actors: Array.isArray(m.objects) ? m.objects.flatMap(actorFigures) : [],
    meanIou: num(m.meanIou),
    modelId: take.modelId,
    provider: take.provider,
    seconds: typeof total === 'number' && Number.isFinite(total) ? total / 1000 : null,
    steps: num(take.timings.steps),
  };
}

function cameraFigures(value: unknown): CameraFigures | null {
  if (!isRecord(value)) return null;
  const reliable = value.reliable !== false;
  const error = isRecord(value.error) && num(value.error.cx) !== null && num(value.error.cy) !== null && num(value.error.log2cz) !== null
    ? { cx: value.error.cx as number, cy: value.error.cy as number, log2cz: value.error.log2cz as number }
    : null;
  return {
    requested: xyz(value.requested),
    measured: reliable ? xyz(value.measured) : null,
    error: reliable ? error : null,
    reliable,
    confidence: num(value.confidence),
  };
}

function actorFigures(value: unknown): ActorFigures[] {
  if (!isRecord(value) || typeof value.phrase !== 'string') return [];
  const iou = num(value.iou);
  const heldIou = num(value.heldIou);
  return [{ phrase: value.phrase, iou, found: num(value.found), heldIou, beatsHeld: iou === null || heldIou === null ? null : iou > heldIou }];
}

function xyz(value: unknown): CameraXyz | null {
  if (!isRecord(value)) return null;
  const [cx, cy, cz] = [num(value.cx), num(value.cy), num(value.cz)];
  return cx === null || cy === null || cz === null ? null : { cx, cy, cz };
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A figure for display: two decimals, or "–" when unknown. */
export function fmt(value: number | null, digits = 2): string {
  return value === null ? '–' : value.toFixed(digits);
}
