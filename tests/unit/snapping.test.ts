import { describe, expect, it } from 'vitest';
import {
  snapDuration, snapFrame, snapMovedBox, snapResizedBox, snapValue, THIRDS_CENTRE_AND_EDGES, toleranceFromPixels,
} from '../../renderer/src/lib/snapping';

const round = (xs: readonly number[]) => xs.map((v) => +v.toFixed(10));

describe('snapValue', () => {
  it('snaps to thirds and the centre within the tolerance, inclusive', () => {
    expect(snapValue(0.34, 0.02)).toEqual({ value: 1 / 3, line: 1 / 3 });
    expect(snapValue(0.49, 0.01)).toEqual({ value: 0.5, line: 0.5 });
    expect(snapValue(0.65, 0.02)).toEqual({ value: 2 / 3, line: 2 / 3 });
    expect(snapValue(0.25, 0.25)).toEqual({ value: 1 / 3, line: 1 / 3 }); // nearest wins
  });

  it('leaves values out of reach alone', () => {
    expect(snapValue(0.42, 0.02)).toEqual({ value: 0.42, line: null });
    expect(snapValue(0.02, 0.05)).toEqual({ value: 0.02, line: null });
    expect(snapValue(0.02, 0.05, THIRDS_CENTRE_AND_EDGES)).toEqual({ value: 0, line: 0 });
  });

  it('a zero tolerance snaps only exact values', () => {
    expect(snapValue(0.5, 0)).toEqual({ value: 0.5, line: 0.5 });
    expect(snapValue(0.5001, 0).line).toBeNull();
  });
});

describe('toleranceFromPixels', () => {
  it('turns pixels into a per-axis fraction', () => {
    expect(toleranceFromPixels(8, 800, 400)).toEqual({ x: 0.01, y: 0.02 });
    expect(toleranceFromPixels(8, 0, 0)).toEqual({ x: 0, y: 0 });
  });
});

describe('snapMovedBox', () => {
  it('snaps the centre onto the centre line and keeps the size', () => {
    const { box, guides } = snapMovedBox([0.39, 0.1, 0.59, 0.2], { tolerance: 0.02 });
    expect(round(box)).toEqual([0.4, 0.1, 0.6, 0.2]);
    expect(guides).toEqual({ x: [0.5], y: [] });
  });

  it('snaps whichever of the edges and centre is nearest, per axis', () => {
    // left edge 0.34 is 0.0067 from 1/3; centre 0.44 is 0.06 from 0.5
    const { box, guides } = snapMovedBox([0.34, 0.655, 0.54, 0.755], { tolerance: 0.02 });
    expect(round(box)).toEqual(round([1 / 3, 2 / 3, 1 / 3 + 0.2, 2 / 3 + 0.1]));
    expect(guides.x).toEqual([1 / 3]);
    expect(guides.y).toEqual([2 / 3]);
  });

  it('uses the per-axis tolerance', () => {
    const { box } = snapMovedBox([0.31, 0.31, 0.41, 0.41], { tolerance: { x: 0.03, y: 0.01 } });
    expect(round(box)).toEqual(round([1 / 3, 0.31, 1 / 3 + 0.1, 0.41]));
  });

  it('shifts a box that hangs over back inside, whole', () => {
    const { box } = snapMovedBox([0.9, -0.05, 1.1, 0.15], { tolerance: 0.001 });
    expect(round(box)).toEqual([0.8, 0, 1, 0.2]);
  });
});

describe('snapResizedBox', () => {
  it('snaps only the dragged edges', () => {
    const { box, guides } = snapResizedBox([0.32, 0.32, 0.65, 0.49], ['x2', 'y2'], { tolerance: 0.02 });
    expect(box).toEqual([0.32, 0.32, 2 / 3, 0.5]);
    expect(guides).toEqual({ x: [2 / 3], y: [0.5] });
  });

  it('does not snap an edge past the minimum size', () => {
    const { box } = snapResizedBox([0.33, 0.1, 0.345, 0.3], ['x2'], { tolerance: 0.02, minSize: 0.01 });
    expect(box).toEqual([0.33, 0.1, 0.345, 0.3]);
  });

  it('keeps the box inside the frame', () => {
    expect(snapResizedBox([-0.1, 0.2, 0.3, 1.2], ['x1', 'y2'], { tolerance: 0.01 }).box).toEqual([0, 0.2, 0.3, 1]);
  });
});

describe('snapDuration and snapFrame', () => {
  it('rounds a dragged duration to whole frames, at least one', () => {
    expect(snapDuration(47.6)).toBe(48);
    expect(snapDuration(48.4)).toBe(48);
    expect(snapDuration(0.2)).toBe(1);
    expect(snapDuration(-30)).toBe(1);
    expect(snapDuration(Number.NaN)).toBe(1);
    expect(snapDuration(500, 240)).toBe(240);
    expect(snapDuration(Infinity, 240)).toBe(240);
  });

  it('keeps a frame inside the shot', () => {
    expect(snapFrame(3.4, 48)).toBe(3);
    expect(snapFrame(-2, 48)).toBe(0);
    expect(snapFrame(60, 48)).toBe(47);
    expect(snapFrame(Number.NaN, 48)).toBe(0);
    expect(snapFrame(5, 0)).toBe(0);
  });
});
