import { describe, expect, it } from 'vitest';
import { Camera } from '../../electron/engine/spec';
import {
  CAMERA_LIMITS, CAMERA_PRESETS, describeCamera, matchPreset, presetCamera, STATIC_CAMERA, STRENGTHS,
} from '../../renderer/src/camera/presets';
import { endWindow } from '../../renderer/src/camera/crop';

describe('camera presets', () => {
  it('keep the limits the shot schema enforces', () => {
    for (const key of ['cx', 'cy', 'cz'] as const) {
      const { min, max } = CAMERA_LIMITS[key];
      const at = (v: number) => Camera.safeParse({ ...STATIC_CAMERA, [key]: v }).success;
      expect([at(min), at(max), at(min - 0.001), at(max + 0.001)]).toEqual([true, true, false, false]);
    }
  });

  it('give a valid camera for every preset at every strength, the static one the null camera', () => {
    for (const p of CAMERA_PRESETS) for (const s of STRENGTHS) expect(Camera.safeParse(presetCamera(p.id, s.value)).success).toBe(true);
    for (const s of STRENGTHS) expect(presetCamera('static', s.value)).toEqual({ cx: 0, cy: 0, cz: 1 });
    expect(new Set(CAMERA_PRESETS.map((p) => p.id)).size).toBe(CAMERA_PRESETS.length);
  });

  it('move the crop window the way their names say (pan right: window right; tilt up: window up; zoom in: window smaller)', () => {
    const medium = (id: string) => presetCamera(id, 0.5);
    const centre = (id: string) => { const w = endWindow(medium(id)); return [(w[0] + w[2]) / 2, (w[1] + w[3]) / 2, w[2] - w[0]]; };
    expect(centre('pan-right')).toEqual([1, 0.5, 1]);
    expect(centre('pan-left')).toEqual([0, 0.5, 1]);
    expect(centre('tilt-up')).toEqual([0.5, 0, 1]);
    expect(centre('tilt-down')).toEqual([0.5, 1, 1]);
    expect(centre('zoom-in')[2]).toBeCloseTo(1 / 1.41, 10);
    expect(centre('zoom-out')[2]).toBeCloseTo(1 / 0.71, 10);
    expect(medium('pan-left-zoom-in')).toEqual({ cx: -0.5, cy: 0, cz: 1.41 });
    expect(medium('tilt-up-zoom-out')).toEqual({ cx: 0, cy: -0.5, cz: 0.71 });
  });

  it('scale with the strength: strong reaches the ends of the ranges', () => {
    expect(presetCamera('pan-right', 1)).toEqual({ cx: 1, cy: 0, cz: 1 });
    expect(presetCamera('tilt-up', 0.25)).toEqual({ cx: 0, cy: -0.25, cz: 1 });
    expect(presetCamera('zoom-in', 1).cz).toBe(2);
    expect(presetCamera('zoom-out', 1).cz).toBe(0.5);
    expect(presetCamera('zoom-in', 0.25).cz).toBe(1.19);
    expect(Object.is(presetCamera('zoom-in', 0.5).cx, -0)).toBe(false);
  });

  it('refuses an unknown preset or a strength out of (0, 1]', () => {
    expect(() => presetCamera('dolly-zoom', 0.5)).toThrow(/no camera preset "dolly-zoom"/);
    expect(() => presetCamera('pan-left', 0)).toThrow(/strength/);
    expect(() => presetCamera('pan-left', 1.5)).toThrow(/strength/);
    expect(() => presetCamera('pan-left', Number.NaN)).toThrow(/strength/);
  });

  it('recognise a camera that is a preset, and not a custom one', () => {
    expect(matchPreset({ cx: 0.5, cy: 0, cz: 1.41 })).toEqual({ id: 'pan-right-zoom-in', strength: 'medium' });
    expect(matchPreset({ cx: 0, cy: 0.25, cz: 1 })).toEqual({ id: 'tilt-down', strength: 'gentle' });
    expect(matchPreset({ cx: 0, cy: 0, cz: 1 })?.id).toBe('static');
    expect(matchPreset({ cx: 0.3, cy: 0, cz: 1 })).toBeNull();
    for (const p of CAMERA_PRESETS) {
      for (const s of STRENGTHS) {
        if (p.id !== 'static') expect(matchPreset(presetCamera(p.id, s.value))).toEqual({ id: p.id, strength: s.id });
      }
    }
  });

  it('describe a camera in words', () => {
    expect(describeCamera({ cx: 0, cy: 0, cz: 1 })).toBe('static');
    expect(describeCamera({ cx: -0.5, cy: 0.25, cz: 1.41 })).toBe('pan left 0.5 · tilt down 0.25 · zoom in ×1.41');
    expect(describeCamera({ cx: 0, cy: -1, cz: 0.5 })).toBe('tilt up 1 · zoom out ×0.5');
  });
});
