import { describe, expect, it } from 'vitest';
import {
  boxToRect, fitAspect, FRAME_VIEW, rectToBox, toNormal, toPixels, viewAround,
} from '../../renderer/src/canvas/viewport';
import { boxFromDrag, edgesOfCorner, MIN_BOX_SIZE } from '../../renderer/src/canvas/geometry';

const round = (xs: readonly number[]) => xs.map((v) => +v.toFixed(10));

describe('canvas viewport', () => {
  it('fits the project aspect into the space there is, in whole pixels', () => {
    expect(fitAspect({ width: 1000, height: 1000 }, { width: 1280, height: 720 })).toEqual({ width: 1000, height: 562 });
    expect(fitAspect({ width: 1000, height: 300 }, { width: 1280, height: 720 })).toEqual({ width: 533, height: 300 });
    expect(fitAspect({ width: 0, height: 0 }, { width: 16, height: 9 })).toEqual({ width: 1, height: 1 });
    expect(() => fitAspect({ width: 10, height: 10 }, { width: 0, height: 9 })).toThrow(/aspect/);
  });

  it('maps normalised points to pixels and back at any canvas size', () => {
    for (const size of [{ width: 640, height: 360 }, { width: 1917, height: 1078 }, { width: 3, height: 2 }]) {
      for (const p of [[0, 0], [1, 1], [1 / 3, 2 / 3], [0.123, 0.987]] as const) {
        expect(round(toNormal(toPixels(p, size), size))).toEqual(round(p));
      }
    }
    expect(toPixels([0.5, 0.25], { width: 800, height: 400 })).toEqual([400, 100]);
  });

  it('keeps boxes normalised whatever the window size: the same box at two sizes is the same box', () => {
    const box = [0.1, 0.2, 0.55, 0.9] as const;
    const small = boxToRect(box, { width: 320, height: 180 });
    const large = boxToRect(box, { width: 1600, height: 900 });
    expect(round(rectToBox(small, { width: 320, height: 180 }))).toEqual([...box]);
    expect(round(rectToBox(large, { width: 1600, height: 900 }))).toEqual([...box]);
    expect(large.width / small.width).toBeCloseTo(5, 10);
  });

  it('clamps a rectangle dragged past the frame, and orders its corners', () => {
    const size = { width: 100, height: 100 };
    expect(rectToBox({ left: -20, top: 50, width: 60, height: 80 }, size)).toEqual([0, 0.5, 0.4, 1]);
    expect(rectToBox({ left: 50, top: 50, width: -30, height: -10 }, size)).toEqual([0.2, 0.4, 0.5, 0.5]);
  });

  it('shows a wider view (the camera preview) with the same mapping', () => {
    const view = [-0.5, -0.5, 1.5, 1.5] as const;
    const size = { width: 400, height: 200 };
    expect(toPixels([0, 0], size, view)).toEqual([100, 50]);
    expect(toPixels([1, 1], size, view)).toEqual([300, 150]);
    expect(round(toNormal([300, 150], size, view))).toEqual([1, 1]);
  });

  it('frames a region with a margin, in equal units on both axes (the canvas keeps the aspect)', () => {
    expect(round(viewAround([0, 0, 1, 1], 0))).toEqual([...FRAME_VIEW]);
    expect(round(viewAround([0, 0, 2, 1], 0.1))).toEqual([-0.2, -0.7, 2.2, 1.7]);
  });
});

describe('canvas geometry', () => {
  it('draws a box from a drag in any direction, clamped to the frame', () => {
    expect(boxFromDrag([0.6, 0.7], [0.2, 0.1])).toEqual([0.2, 0.1, 0.6, 0.7]);
    expect(boxFromDrag([0.5, 0.5], [1.4, -0.3])).toEqual([0.5, 0, 1, 0.5]);
  });

  it('treats a click (a drag under the smallest box) as no box', () => {
    expect(boxFromDrag([0.5, 0.5], [0.5 + MIN_BOX_SIZE / 2, 0.8])).toBeNull();
    expect(boxFromDrag([0.5, 0.5], [0.5, 0.5])).toBeNull();
  });

  it('snaps the dragged corner to the thirds and centre when asked', () => {
    expect(boxFromDrag([0.1, 0.1], [0.32, 0.49], 0.02)).toEqual([0.1, 0.1, 1 / 3, 0.5]);
    expect(boxFromDrag([0.1, 0.1], [0.32, 0.49], { x: 0.001, y: 0.02 })).toEqual([0.1, 0.1, 0.32, 0.5]);
    expect(boxFromDrag([0.1, 0.1], [0.32, 0.49])).toEqual([0.1, 0.1, 0.32, 0.49]);
  });

  it('names the edges each resize handle drags', () => {
    expect(edgesOfCorner('br')).toEqual(['x2', 'y2']);
    expect(edgesOfCorner('tl')).toEqual(['x1', 'y1']);
    expect(edgesOfCorner('mt')).toEqual(['y1']);
    expect(edgesOfCorner('ml')).toEqual(['x1']);
    expect(edgesOfCorner('mtr')).toEqual([]);
  });
});
