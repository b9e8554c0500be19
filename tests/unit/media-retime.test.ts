/** Retiming generated frames onto a shot: hand-computed plans for every case. */
import { describe, expect, it } from 'vitest';
import { blendFrames, retimeFrames, retimePlan, type RetimeOptions } from '../../electron/media/retime';

const fps = (num: number, den = 1) => ({ num, den });
/** The source frame each output frame holds (for plans without blending). */
const held = (o: RetimeOptions) => retimePlan(o).map((s) => {
  expect(s.weight).toBe(0);
  expect(s.to).toBe(s.from);
  return s.from;
});

describe('retimePlan, fit "time", method "hold" (the defaults)', () => {
  it('D = F at the same rate is the identity', () => {
    expect(held({ sourceFrames: 5, sourceFps: fps(24), targetFrames: 5, targetFps: fps(24) })).toEqual([0, 1, 2, 3, 4]);
  });

  it('8 → 24 fps shows every source frame three times (D > F)', () => {
    expect(held({ sourceFrames: 4, sourceFps: fps(8), targetFrames: 12, targetFps: fps(24) }))
      .toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
  });

  it('holds the last frame when the shot outlasts the clip', () => {
    expect(held({ sourceFrames: 2, sourceFps: fps(8), targetFrames: 9, targetFps: fps(24) }))
      .toEqual([0, 0, 0, 1, 1, 1, 1, 1, 1]);
  });

  it('24 → 8 fps keeps every third frame and a shorter shot ends early (D < F)', () => {
    expect(held({ sourceFrames: 12, sourceFps: fps(24), targetFrames: 3, targetFps: fps(8) })).toEqual([0, 3, 6]);
  });

  it('8 fps onto 24000/1001: floor(k × 8 × 1001 / 24000), exact in integers', () => {
    // r = 8008/24000 = 1001/3000: k=3 → 3003/3000 = 1.001 → 1; k=2 → 0.667 → 0; k=6 → 2.002 → 2
    const plan = held({ sourceFrames: 16, sourceFps: fps(8), targetFrames: 72, targetFps: fps(24000, 1001) });
    expect(plan).toHaveLength(72);
    expect(plan.slice(0, 10)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3]);
    // the last source frame (15) starts at output 45; from there on it is held
    expect(plan[44]).toBe(14); // 44 × 1001 / 3000 = 14.68
    expect(plan[45]).toBe(15); // 45 × 1001 / 3000 = 15.015
    expect(plan.slice(45).every((i) => i === 15)).toBe(true);
  });

  it('24 onto 24000/1001 (slightly slower) skips one frame in a thousand', () => {
    // r = 24 × 1001 / 24000 = 1.001: output 999 → 999.999 → 999, output 1000 → 1001
    const plan = held({ sourceFrames: 2000, sourceFps: fps(24), targetFrames: 1001, targetFps: fps(24000, 1001) });
    expect(plan[999]).toBe(999);
    expect(plan[1000]).toBe(1001);
  });

  it('equal rates written differently are the same rate', () => {
    expect(held({ sourceFrames: 3, sourceFps: fps(48, 2), targetFrames: 3, targetFps: fps(24) })).toEqual([0, 1, 2]);
  });
});

describe('retimePlan, fit "stretch"', () => {
  it('spreads F frames evenly over D, whatever the rates (D > F)', () => {
    expect(held({ sourceFrames: 4, sourceFps: fps(8), targetFrames: 10, targetFps: fps(24000, 1001), fit: 'stretch' }))
      .toEqual([0, 0, 0, 1, 1, 2, 2, 2, 3, 3]); // floor(k × 4 / 10)
  });

  it('D < F drops frames evenly; D = F is the identity', () => {
    expect(held({ sourceFrames: 16, sourceFps: fps(8), targetFrames: 4, targetFps: fps(24), fit: 'stretch' })).toEqual([0, 4, 8, 12]);
    expect(held({ sourceFrames: 6, sourceFps: fps(8), targetFrames: 6, targetFps: fps(30000, 1001), fit: 'stretch' })).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('retimePlan, method "blend"', () => {
  it('cross-fades by the fractional position (8 → 24 fps)', () => {
    const plan = retimePlan({ sourceFrames: 2, sourceFps: fps(8), targetFrames: 6, targetFps: fps(24), method: 'blend' });
    expect(plan[0]).toEqual({ from: 0, to: 0, weight: 0 });
    expect(plan[1]!.from).toBe(0);
    expect(plan[1]!.to).toBe(1);
    expect(plan[1]!.weight).toBeCloseTo(1 / 3, 12);
    expect(plan[2]!.weight).toBeCloseTo(2 / 3, 12);
    // at and past the last frame: the last frame, unblended
    expect(plan.slice(3)).toEqual([{ from: 1, to: 1, weight: 0 }, { from: 1, to: 1, weight: 0 }, { from: 1, to: 1, weight: 0 }]);
  });

  it('stretch + blend with rational rates: weight = frac(k × F / D)', () => {
    const plan = retimePlan({ sourceFrames: 3, sourceFps: fps(8), targetFrames: 4, targetFps: fps(24000, 1001), fit: 'stretch', method: 'blend' });
    // positions 0, 0.75, 1.5, 2.25 (past the end → 2)
    expect(plan.map((s) => [s.from, s.to])).toEqual([[0, 0], [0, 1], [1, 2], [2, 2]]);
    expect(plan[1]!.weight).toBeCloseTo(0.75, 12);
    expect(plan[2]!.weight).toBeCloseTo(0.5, 12);
  });
});

describe('retimePlan input checks', () => {
  it('refuses empty or fractional counts and bad rates', () => {
    const ok: RetimeOptions = { sourceFrames: 4, sourceFps: fps(8), targetFrames: 4, targetFps: fps(8) };
    expect(() => retimePlan({ ...ok, sourceFrames: 0 })).toThrow(RangeError);
    expect(() => retimePlan({ ...ok, targetFrames: 2.5 })).toThrow(RangeError);
    expect(() => retimePlan({ ...ok, targetFps: fps(24, 0) })).toThrow(RangeError);
    expect(() => retimePlan({ ...ok, sourceFps: fps(7.5) })).toThrow(RangeError);
  });
});

describe('retimeFrames', () => {
  const frames = [new Uint8Array([0, 0, 0]), new Uint8Array([90, 180, 255])];

  it('holds by reference, so no frame is copied', () => {
    const out = retimeFrames(frames, { sourceFps: fps(8), targetFrames: 4, targetFps: fps(24) });
    expect(out).toHaveLength(4);
    expect(out[0]).toBe(frames[0]);
    expect(out[2]).toBe(frames[0]);
    expect(out[3]).toBe(frames[1]);
  });

  it('blends bytes with rounding', () => {
    const out = retimeFrames(frames, { sourceFps: fps(8), targetFrames: 3, targetFps: fps(24), method: 'blend' });
    expect(Array.from(out[1]!)).toEqual([30, 60, 85]); // 1/3 of the way: 30, 60, 85
    expect(Array.from(out[2]!)).toEqual([60, 120, 170]);
    expect(() => blendFrames(new Uint8Array(3), new Uint8Array(6), 0.5)).toThrow(RangeError);
  });
});
