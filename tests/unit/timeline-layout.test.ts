/** The timeline's geometry: shots by duration, lookups by frame, zoom about a point, the rendered window. */
import { describe, expect, it } from 'vitest';
import {
  clampZoom, fitZoom, frameAtX, layoutScene, MAX_ZOOM, MIN_ZOOM, openingZoom, rowWindow, scrollToShow, shotAtFrame, shotStartFrame, visibleRange, zoomAround,
} from '../../renderer/src/timeline/layout';

/** A small deterministic generator (the same durations every run). */
function durations(n: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return 1 + (s % 300);
  });
}

describe('layoutScene', () => {
  it('starts each shot where the previous ends', () => {
    const l = layoutScene([72, 1, 48]);
    expect(l.starts).toEqual([0, 72, 73]);
    expect(l.length).toBe(121);
    expect(layoutScene([]).length).toBe(0);
  });
});

describe('shotAtFrame and shotStartFrame', () => {
  const l = layoutScene([72, 1, 48]);
  it('finds the shot under a frame and the frame inside it, at the boundaries too', () => {
    expect(shotAtFrame(l, 0)).toEqual({ index: 0, offset: 0 });
    expect(shotAtFrame(l, 71)).toEqual({ index: 0, offset: 71 });
    expect(shotAtFrame(l, 72)).toEqual({ index: 1, offset: 0 });
    expect(shotAtFrame(l, 73)).toEqual({ index: 2, offset: 0 });
    expect(shotAtFrame(l, 120)).toEqual({ index: 2, offset: 47 });
  });
  it('answers null outside the scene and in an empty one', () => {
    expect(shotAtFrame(l, 121)).toBeNull();
    expect(shotAtFrame(l, -1)).toBeNull();
    expect(shotAtFrame(layoutScene([]), 0)).toBeNull();
  });
  it('round-trips with shotStartFrame for every frame of a long scene', () => {
    const big = layoutScene(durations(500, 7));
    for (let f = 0; f < big.length; f += 37) {
      const at = shotAtFrame(big, f)!;
      expect(shotStartFrame(big, at.index) + at.offset).toBe(f);
      expect(at.offset).toBeLessThan(big.durations[at.index]!);
    }
    expect(shotStartFrame(big, 500)).toBe(big.length);
  });
});

describe('zoom', () => {
  it('keeps the frame under the anchor where it was', () => {
    const view = { zoom: 2, scroll: 300 };
    const before = frameAtX(120, view);
    const after = zoomAround(view, 1.5, 120);
    expect(after.zoom).toBe(3);
    expect(frameAtX(120, after)).toBeCloseTo(before, 9);
  });
  it('stays within its limits and never scrolls before the start', () => {
    expect(zoomAround({ zoom: MAX_ZOOM, scroll: 0 }, 10, 50).zoom).toBe(MAX_ZOOM);
    expect(zoomAround({ zoom: 1, scroll: 10 }, 1e-6, 500)).toEqual({ zoom: MIN_ZOOM, scroll: 0 });
    expect(clampZoom(Number.NaN)).toBe(MIN_ZOOM);
  });
  it('opens a short scene fitted, and a long one with shots wide enough to read', () => {
    expect(openingZoom(layoutScene([72, 72, 96]), 960)).toBe(4);
    const long = layoutScene(new Array<number>(500).fill(96));
    expect(openingZoom(long, 960)).toBe(0.5); // 48 px a shot, not 1.9
    expect(openingZoom(layoutScene([]), 960)).toBe(4);
  });
  it('fits a scene to a width', () => {
    expect(fitZoom(480, 960)).toBe(2);
    expect(fitZoom(0, 960)).toBe(4);
    expect(fitZoom(10 ** 9, 960)).toBe(MIN_ZOOM);
  });
});

describe('visibleRange', () => {
  it('is exactly the shots that overlap the widened viewport (against a scan of every shot)', () => {
    const l = layoutScene(durations(500, 11));
    for (const zoom of [0.05, 0.5, 1, 3.7, 20]) {
      for (const scroll of [0, 1, 999, 12345.5, l.length * zoom - 300, l.length * zoom + 50]) {
        const view = { zoom, scroll: Math.max(0, scroll), width: 1200 };
        const from = (view.scroll - 100) / zoom;
        const to = (view.scroll + view.width + 100) / zoom;
        const expected = l.starts.map((s, i) => i).filter((i) => l.starts[i]! < to && l.starts[i]! + l.durations[i]! > from);
        const { start, end } = visibleRange(l, view, 100);
        const got = Array.from({ length: end - start }, (_, k) => start + k);
        expect(got).toEqual(expected);
      }
    }
  });
  it('renders a handful of 500 shots, not all of them', () => {
    const l = layoutScene(new Array<number>(500).fill(72));
    const { start, end } = visibleRange(l, { zoom: 1, scroll: 72 * 250, width: 1440 }, 200);
    expect(end - start).toBeLessThanOrEqual(26);
    expect(start).toBe(247);
  });
  it('is empty for an empty scene', () => {
    expect(visibleRange(layoutScene([]), { zoom: 1, scroll: 0, width: 100 })).toEqual({ start: 0, end: 0 });
  });
});

describe('scrollToShow', () => {
  const view = { zoom: 2, scroll: 100, width: 400 };
  it('leaves a frame in view alone and scrolls to one outside, with a margin', () => {
    expect(scrollToShow(100, view, 20)).toBe(100);
    expect(scrollToShow(10, view, 20)).toBe(0);
    expect(scrollToShow(400, view, 20)).toBe(800 - 400 + 20);
  });
});

describe('rowWindow', () => {
  it('is the rows in view plus the overscan, within the list', () => {
    expect(rowWindow(500, 50, 0, 400)).toEqual({ start: 0, end: 8 });
    expect(rowWindow(500, 50, 1025, 400, 3)).toEqual({ start: 17, end: 32 });
    expect(rowWindow(500, 50, 50 * 498, 400, 3)).toEqual({ start: 495, end: 500 });
    expect(rowWindow(3, 50, 0, 400, 3)).toEqual({ start: 0, end: 3 });
    expect(rowWindow(0, 50, 0, 400)).toEqual({ start: 0, end: 0 });
    expect(rowWindow(10, 50, 0, 0)).toEqual({ start: 0, end: 0 });
  });
});
