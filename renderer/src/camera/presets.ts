/**
 * Named camera moves for a shot, in the paper's three numbers: `cx, cy ∈ [-1, 1]` (the crop
 * window's travel right/down over the clip, as a fraction of the frame) and `cz ∈ [0.5, 2]`
 * (the first frame's size over the last one's: above 1 zooms in).
 *
 * The names follow the axes Runway's and Kling's camera controls expose (horizontal/pan,
 * vertical/tilt, zoom, and Kling's combined "master shots"); roll and dolly-style moves have
 * no counterpart in the three numbers and are left out. Each preset is a direction per
 * axis; a strength scales it: pans travel `strength` of a frame, zooms scale by
 * `2^strength`, so "strong" reaches the ends of the paper's ranges.
 */

export interface CameraMove {
  cx: number;
  cy: number;
  cz: number;
}

/** The paper's ranges, as the shot's schema enforces them. */
export const CAMERA_LIMITS = {
  cx: { min: -1, max: 1 },
  cy: { min: -1, max: 1 },
  cz: { min: 0.5, max: 2 },
} as const;

export const STATIC_CAMERA: Readonly<CameraMove> = { cx: 0, cy: 0, cz: 1 };

type Direction = -1 | 0 | 1;

export interface CameraPreset {
  id: string;
  label: string;
  /** the same move in Runway's / Kling's words, for a tooltip */
  aka: string;
  /** pan: −1 left, 1 right; tilt: −1 up, 1 down; zoom: 1 in, −1 out */
  pan: Direction;
  tilt: Direction;
  zoom: Direction;
}

export const CAMERA_PRESETS: readonly CameraPreset[] = [
  { id: 'static', label: 'Static', aka: 'Static', pan: 0, tilt: 0, zoom: 0 },
  { id: 'pan-left', label: 'Pan left', aka: 'Horizontal / pan, to the left', pan: -1, tilt: 0, zoom: 0 },
  { id: 'pan-right', label: 'Pan right', aka: 'Horizontal / pan, to the right', pan: 1, tilt: 0, zoom: 0 },
  { id: 'tilt-up', label: 'Tilt up', aka: 'Vertical / tilt, upwards', pan: 0, tilt: -1, zoom: 0 },
  { id: 'tilt-down', label: 'Tilt down', aka: 'Vertical / tilt, downwards', pan: 0, tilt: 1, zoom: 0 },
  { id: 'zoom-in', label: 'Zoom in', aka: 'Zoom, in', pan: 0, tilt: 0, zoom: 1 },
  { id: 'zoom-out', label: 'Zoom out', aka: 'Zoom, out', pan: 0, tilt: 0, zoom: -1 },
  { id: 'pan-left-zoom-in', label: 'Pan left + zoom in', aka: 'Move left and zoom in', pan: -1, tilt: 0, zoom: 1 },
  { id: 'pan-right-zoom-in', label: 'Pan right + zoom in', aka: 'Move right and zoom in', pan: 1, tilt: 0, zoom: 1 },
  { id: 'tilt-up-zoom-out', label: 'Tilt up + zoom out', aka: 'Move up and zoom out', pan: 0, tilt: -1, zoom: -1 },
  { id: 'tilt-down-zoom-out', label: 'Tilt down + zoom out', aka: 'Move down and zoom out', pan: 0, tilt: 1, zoom: -1 },
  { id: 'pan-right-tilt-up', label: 'Pan right + tilt up', aka: 'Horizontal to the right with vertical upwards', pan: 1, tilt: -1, zoom: 0 },
  { id: 'pan-left-tilt-down', label: 'Pan left + tilt down', aka: 'Horizontal to the left with vertical downwards', pan: -1, tilt: 1, zoom: 0 },
];

/** How far a preset goes: the share of each axis's range. */
export const STRENGTHS = [
  { id: 'gentle', label: 'Gentle', value: 0.25 },
  { id: 'medium', label: 'Medium', value: 0.5 },
  { id: 'strong', label: 'Strong', value: 1 },
] as const;
export type StrengthId = (typeof STRENGTHS)[number]['id'];

const round = (v: number): number => Math.round(v * 100) / 100 + 0; // + 0: no −0

/** The camera of a preset at a strength in (0, 1]; values rounded to hundredths, always inside the limits. */
export function presetCamera(id: string, strength: number): CameraMove {
  const preset = CAMERA_PRESETS.find((p) => p.id === id);
  if (!preset) throw new Error(`no camera preset "${id}"`);
  if (!(strength > 0 && strength <= 1)) throw new Error(`a preset's strength must be in (0, 1], not ${strength}`);
  return {
    cx: clamp(round(preset.pan * strength), CAMERA_LIMITS.cx),
    cy: clamp(round(preset.tilt * strength), CAMERA_LIMITS.cy),
    cz: clamp(round(2 ** (preset.zoom * strength)), CAMERA_LIMITS.cz),
  };
}

/** The preset and strength a camera is exactly, or null (a custom move). Static matches at any strength. */
export function matchPreset(camera: CameraMove): { id: string; strength: StrengthId } | null {
  for (const preset of CAMERA_PRESETS) {
    for (const s of STRENGTHS) {
      const c = presetCamera(preset.id, s.value);
      if (c.cx === camera.cx && c.cy === camera.cy && c.cz === camera.cz) return { id: preset.id, strength: s.id };
    }
  }
  return null;
}

/** A camera move in words, e.g. "pan right 0.5 · zoom in ×1.41", or "static". */
export function describeCamera(camera: CameraMove): string {
  const parts: string[] = [];
  if (camera.cx !== 0) parts.push(`pan ${camera.cx > 0 ? 'right' : 'left'} ${Math.abs(camera.cx)}`);
  if (camera.cy !== 0) parts.push(`tilt ${camera.cy > 0 ? 'down' : 'up'} ${Math.abs(camera.cy)}`);
  if (camera.cz !== 1) parts.push(`zoom ${camera.cz > 1 ? 'in' : 'out'} ×${camera.cz}`);
  return parts.length > 0 ? parts.join(' · ') : 'static';
}

function clamp(v: number, range: { min: number; max: number }): number {
  return Math.min(Math.max(v, range.min), range.max);
}
