/**
 * The camera projection (electron/engine/camera-projection.ts): each frame's window, the
 * backdrop weights, the projection of a clean estimate onto one picture seen through the
 * move, and the model output that gives a chosen clean estimate.
 */
import { describe, expect, it } from 'vitest';
import { backdropWeights, DECAY, frameWindow, outputFor, projectBackdrop } from '../../electron/engine/camera-projection';
import { x0AndEpsilon } from '../../electron/engine/schedulers/types';
import { gaussianNoise } from '../../electron/engine/noise';

const grid = { channels: 2, frames: 4, height: 6, width: 8 };
const index = (c: number, k: number, i: number, j: number) => ((c * grid.frames + k) * grid.height + i) * grid.width + j;
const everywhere = () => new Float32Array(grid.frames * grid.height * grid.width).fill(1);
/** a pan of exactly one cell per frame to the right: cx = (F − 1) cells of 1/w */
const oneCellPan = { cx: 3 / 8, cy: 0, cz: 1 };

describe('frameWindow', () => {
  it('starts at the first frame and ends at the move: shifted by (cx, cy), 1/cz wide', () => {
    expect(frameWindow({ cx: 0.5, cy: -0.2, cz: 1 }, 0, 16)).toEqual([0, 0, 1, 1]);
    const end = frameWindow({ cx: 0.5, cy: -0.2, cz: 1 }, 15, 16);
    [0.5, -0.2, 1.5, 0.8].forEach((v, n) => expect(end[n]).toBeCloseTo(v, 12));
    const zoomed = frameWindow({ cx: 0, cy: 0, cz: 2 }, 15, 16);
    [0.25, 0.25, 0.75, 0.75].forEach((v, n) => expect(zoomed[n]).toBeCloseTo(v, 12));
    const half = frameWindow({ cx: 0, cy: 0, cz: 2 }, 1, 3);
    [0.125, 0.125, 0.875, 0.875].forEach((v, n) => expect(half[n]).toBeCloseTo(v, 12));
  });
});

describe('backdropWeights', () => {
  it('is 0 inside an actor and on the cells around it, 1 elsewhere; regions past the actors are not read', () => {
    const { frames: F, height: h, width: w } = grid;
    const masks = new Float32Array(2 * F * h * w);
    masks[(0 * F + 1) * h * w + 2 * w + 3] = 1; // actor 0 covers cell (2, 3) of frame 1
    masks.fill(1, F * h * w); // region 1 (a background region) covers everything
    const weights = backdropWeights(masks, 1, grid);
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        const near = Math.abs(i - 2) <= 1 && Math.abs(j - 3) <= 1;
        expect(weights[1 * h * w + i * w + j]).toBe(near ? 0 : 1);
        expect(weights[0 * h * w + i * w + j]).toBe(1);
      }
    }
    const noRim = backdropWeights(masks, 1, grid, false);
    expect(noRim.filter((v) => v === 0)).toHaveLength(1);
    expect(noRim[1 * h * w + 2 * w + 3]).toBe(0);
  });
});

describe('projectBackdrop', () => {
  it('leaves the estimate as it is at strength 0, and returns a copy', () => {
    const x0 = gaussianNoise(3, grid.channels * grid.frames * grid.height * grid.width);
    const out = projectBackdrop(x0, grid, oneCellPan, everywhere(), 0);
    expect(out).toEqual(x0);
    expect(out).not.toBe(x0);
  });

  it('keeps a clip that already shows the move as it is', () => {
    const world = gaussianNoise(5, grid.channels * grid.height * (grid.width + grid.frames));
    const x0 = new Float32Array(grid.channels * grid.frames * grid.height * grid.width);
    for (let c = 0; c < grid.channels; c++) for (let k = 0; k < grid.frames; k++) for (let i = 0; i < grid.height; i++) {
      for (let j = 0; j < grid.width; j++) x0[index(c, k, i, j)] = world[(c * grid.height + i) * (grid.width + grid.frames) + j + k]!;
    }
    const out = projectBackdrop(x0, grid, oneCellPan, everywhere(), 1);
    for (let n = 0; n < x0.length; n++) expect(out[n]).toBeCloseTo(x0[n]!, 5);
  });

  it('turns unrelated frames into one picture panned one cell per frame', () => {
    const x0 = gaussianNoise(7, grid.channels * grid.frames * grid.height * grid.width);
    const out = projectBackdrop(x0, grid, oneCellPan, everywhere(), 1);
    for (let c = 0; c < grid.channels; c++) for (let k = 1; k < grid.frames; k++) for (let i = 0; i < grid.height; i++) {
      for (let j = 0; j + 1 < grid.width; j++) expect(out[index(c, k, i, j)]).toBeCloseTo(out[index(c, k - 1, i, j + 1)]!, 5);
    }
    // the first frame's picture weighs most: DECAY^k per frame
    const first = x0[index(0, 0, 0, 1)]!, second = x0[index(0, 1, 0, 0)]!;
    expect(out[index(0, 0, 0, 1)]).toBeCloseTo((first + DECAY * second) / (1 + DECAY), 5);
  });

  it('holds a still camera\'s backdrop still, at the decay-weighted mean of the frames', () => {
    const x0 = gaussianNoise(11, grid.channels * grid.frames * grid.height * grid.width);
    const out = projectBackdrop(x0, grid, { cx: 0, cy: 0, cz: 1 }, everywhere(), 1);
    const weights = Array.from({ length: grid.frames }, (_, k) => DECAY ** k);
    const total = weights.reduce((a, b) => a + b, 0);
    for (let c = 0; c < grid.channels; c++) for (let i = 0; i < grid.height; i++) for (let j = 0; j < grid.width; j++) {
      const mean = weights.reduce((s, wk, k) => s + wk * x0[index(c, k, i, j)]!, 0) / total;
      for (let k = 0; k < grid.frames; k++) expect(out[index(c, k, i, j)]).toBeCloseTo(mean, 5);
    }
  });

  it('leaves the actors\' cells to the model and moves the others part of the way at a lower strength', () => {
    const x0 = gaussianNoise(13, grid.channels * grid.frames * grid.height * grid.width);
    const backdrop = everywhere();
    backdrop[2 * grid.height * grid.width + 3 * grid.width + 4] = 0; // frame 2, cell (3, 4)
    const full = projectBackdrop(x0, grid, { cx: 0, cy: 0, cz: 1 }, backdrop, 1);
    const half = projectBackdrop(x0, grid, { cx: 0, cy: 0, cz: 1 }, backdrop, 0.5);
    for (let c = 0; c < grid.channels; c++) {
      expect(full[index(c, 2, 3, 4)]).toBe(x0[index(c, 2, 3, 4)]);
      const n = index(c, 1, 3, 4);
      expect(half[n]).toBeCloseTo((x0[n]! + full[n]!) / 2, 5);
    }
  });

  it('reads a zoom: the last frame of a 2x zoom-in shows the middle of the first, enlarged', () => {
    const zoomGrid = { channels: 1, frames: 2, height: 4, width: 4 };
    const x0 = new Float32Array(2 * 16);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) x0[i * 4 + j] = i * 4 + j; // frame 0: a ramp
    x0.fill(100, 16); // frame 1: far off, and weighs DECAY
    const out = projectBackdrop(x0, zoomGrid, { cx: 0, cy: 0, cz: 2 }, new Float32Array(32).fill(1), 1);
    // frame 1's cells sit between frame 0's middle cells: their values lie between those of cells 5, 6, 9, 10
    for (let n = 16; n < 32; n++) {
      expect(out[n]).toBeGreaterThan(4);
      expect(out[n]).toBeLessThan(100);
    }
    expect(out[16]).toBeLessThan(out[19]!); // left to right, as in the first frame
    expect(out[16]).toBeLessThan(out[28]!); // top to bottom
  });
});

describe('projectBackdrop keeps the backdrop sharp', () => {
  const smoothWorld = (x: number, y: number, c: number) => Math.sin(0.6 * x + c) + Math.cos(0.5 * y - 0.5 * c);

  it('puts the first frame of a pan by a fraction of a cell on the canvas unchanged (no blur from resampling)', () => {
    for (const camera of [{ cx: -0.37, cy: 0.21, cz: 1 }, { cx: 0.29, cy: -0.13, cz: 0.8 }]) {
      const x0 = gaussianNoise(29, grid.channels * grid.frames * grid.height * grid.width);
      const out = projectBackdrop(x0, grid, camera, everywhere(), 1, { decay: 0 }); // decay 0: only the first frame makes the canvas
      for (let c = 0; c < grid.channels; c++) for (let i = 0; i < grid.height; i++) for (let j = 0; j < grid.width; j++) {
        expect(out[index(c, 0, i, j)]).toBeCloseTo(x0[index(c, 0, i, j)]!, 5);
      }
    }
  });

  it('reads a smooth picture back at fractional shifts to within a few per cent of its range', () => {
    const camera = { cx: 0.41, cy: -0.19, cz: 1 };
    const x0 = new Float32Array(grid.channels * grid.frames * grid.height * grid.width);
    for (let c = 0; c < grid.channels; c++) for (let k = 0; k < grid.frames; k++) {
      const [x1, y1] = frameWindow(camera, k, grid.frames);
      // cell (i, j) of frame k shows the world at its window's cell centre (in cells of the first frame)
      for (let i = 0; i < grid.height; i++) for (let j = 0; j < grid.width; j++) {
        x0[index(c, k, i, j)] = smoothWorld(x1 * grid.width + j, y1 * grid.height + i, c) * 0.5;
      }
    }
    const out = projectBackdrop(x0, grid, camera, everywhere(), 1);
    let worst = 0;
    for (let n = 0; n < x0.length; n++) worst = Math.max(worst, Math.abs(out[n]! - x0[n]!));
    // values span ±1; measured 0.061 (at the frame edges, where the taps are cut), where bilinear splatting and reading were off by 0.13
    expect(worst).toBeLessThan(0.08);
  });
});

describe('projectBackdrop with cells pulled that do not make the canvas', () => {
  it('pulls a rim cell onto the canvas made from the other cells, and leaves the canvas as they make it', () => {
    const x0 = gaussianNoise(23, grid.channels * grid.frames * grid.height * grid.width);
    const rim = index(0, 2, 3, 4); // channel 0, frame 2, cell (3, 4)
    const made = everywhere();
    made[2 * grid.height * grid.width + 3 * grid.width + 4] = 0; // the cell does not make the canvas…
    const pulled = everywhere(); // …but is pulled onto it
    const still = { cx: 0, cy: 0, cz: 1 };
    const out = projectBackdrop(x0, grid, still, made, 1, { pulled });
    const kept = projectBackdrop(x0, grid, still, made, 1);
    expect(kept[rim]).toBe(x0[rim]); // by default a cell that does not make the canvas is left alone
    expect(out[rim]).toBeCloseTo(out[index(0, 1, 3, 4)]!, 5); // pulled: it now holds still with the others
    for (let n = 0; n < x0.length; n++) if (n !== rim && n !== index(1, 2, 3, 4)) expect(out[n]).toBe(kept[n]);
  });
});

describe('outputFor', () => {
  it('is the model output that gives the chosen clean estimate at the same sample, for ε and v', () => {
    const sample = gaussianNoise(17, 64);
    const x0 = gaussianNoise(19, 64);
    for (const prediction of ['epsilon', 'v_prediction'] as const) {
      for (const a of [0.05, 0.5, 0.97]) {
        const back = x0AndEpsilon(prediction, outputFor(prediction, x0, sample, a), sample, a).x0;
        for (let n = 0; n < x0.length; n++) expect(back[n]).toBeCloseTo(x0[n]!, 4);
      }
    }
  });
});
