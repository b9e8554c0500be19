import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as engine from '../../electron/engine/boxes';
import type { Keyframe as EngineKeyframe, Point as EnginePoint } from '../../electron/engine/spec';
import { boxAt, boxesForFrames, centreOf, curvedPath, pointAlong, straightPath } from '../../renderer/src/lib/interpolation';

describe('the editor interpolates as the engine does', () => {
  it('uses the engine\'s own functions, not a copy', () => {
    expect(boxAt).toBe(engine.boxAt);
    expect(boxesForFrames).toBe(engine.boxesForFrames);
    expect(pointAlong).toBe(engine.pointAlong);
  });

  it('takes a module the renderer may bundle: the engine\'s boxes.ts imports types only', () => {
    const source = readFileSync(fileURLToPath(new URL('../../electron/engine/boxes.ts', import.meta.url)), 'utf8');
    const imports = source.split('\n').filter((line) => /^\s*(import|export .* from)/.test(line));
    expect(imports.length).toBeGreaterThan(0);
    for (const line of imports) expect(line).toMatch(/^import type /);
  });

  it('throws without keyframes', () => {
    expect(() => boxAt([], null, 0)).toThrow(/at least one keyframe/);
  });
});

describe('interpolation by hand', () => {
  const first: EngineKeyframe = { frame: 0, box: [0, 0, 0.2, 0.2] };
  const last: EngineKeyframe = { frame: 10, box: [0.6, 0.6, 1, 1] };

  it('moves centres and sizes linearly without a path', () => {
    const mid = boxAt([first, last], null, 5);
    // centre 0.1 → 0.8, size 0.2 → 0.4: at half time centre 0.45, size 0.3
    expect(mid.map((v) => +v.toFixed(10))).toEqual([0.3, 0.3, 0.6, 0.6]);
  });

  it('holds still before the first keyframe and after the last', () => {
    expect(boxAt([first, last], null, -3)).toEqual([0, 0, 0.2, 0.2]);
    expect(boxAt([first, last], null, 99).map((v) => +v.toFixed(10))).toEqual([0.6, 0.6, 1, 1]);
  });

  it('a single keyframe is a still box, path or not', () => {
    expect(boxAt([first], [[0, 0], [1, 1]], 4)).toEqual([0, 0, 0.2, 0.2]);
  });

  it('travels along the path by arc length, not by point count', () => {
    // an L path: 0.8 across then 0.2 down; at half time the centre is 0.5 along the way
    const path: EnginePoint[] = [[0.1, 0.1], [0.9, 0.1], [0.9, 0.3]];
    const k0: EngineKeyframe = { frame: 0, box: [0, 0, 0.2, 0.2] };
    const k1: EngineKeyframe = { frame: 20, box: [0.8, 0.2, 1, 0.4] };
    const half = boxAt([k0, k1], path, 10);
    expect(centreOf(half).map((v) => +v.toFixed(10))).toEqual([0.6, 0.1]);
    expect(boxAt([k0, k1], path, 20).map((v) => +v.toFixed(10))).toEqual([0.8, 0.2, 1, 0.4]);
  });

  it('clamps boxes that hang over the frame', () => {
    const big: EngineKeyframe = { frame: 0, box: [0, 0, 0.6, 0.6] };
    const end: EngineKeyframe = { frame: 10, box: [0.4, 0.4, 1, 1] };
    const b = boxAt([big, end], [[0, 0], [1, 1]], 0);
    expect(b).toEqual([0, 0, 0.3, 0.3]);
  });

  it('interpolates sizes piecewise through three keyframes', () => {
    const ks: EngineKeyframe[] = [
      { frame: 0, box: [0.4, 0.4, 0.6, 0.6] },
      { frame: 10, box: [0.3, 0.3, 0.7, 0.7] },
      { frame: 30, box: [0.4, 0.4, 0.6, 0.6] },
    ];
    expect(boxAt(ks, null, 10).map((v) => +v.toFixed(10))).toEqual([0.3, 0.3, 0.7, 0.7]);
    expect(boxAt(ks, null, 20).map((v) => +v.toFixed(10))).toEqual([0.35, 0.35, 0.65, 0.65]);
  });
});

describe('path helpers', () => {
  it('straightPath joins the first and last centres', () => {
    expect(straightPath([{ frame: 0, box: [0, 0, 0.2, 0.2] }, { frame: 9, box: [0.8, 0.8, 1, 1] }])).toEqual([[0.1, 0.1], [0.9, 0.9]]);
  });

  it('curvedPath passes through every given point and stays in the frame', () => {
    const through: EnginePoint[] = [[0.1, 0.9], [0.5, 0.05], [0.9, 0.9]];
    const path = curvedPath(through, 8);
    expect(path.length).toBe(1 + 2 * 8);
    expect(path[0]).toEqual([0.1, 0.9]);
    expect(path[8]).toEqual([0.5, 0.05]);
    expect(path[16]).toEqual([0.9, 0.9]);
    for (const [x, y] of path) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(1);
    }
    // it is a curve: the point between the first two is off their chord
    const [mx, my] = path[4]!;
    const onChord = 0.9 + ((mx - 0.1) / 0.4) * (0.05 - 0.9);
    expect(Math.abs(my - onChord)).toBeGreaterThan(0.01);
  });

  it('curvedPath of two points is the straight line, and refuses fewer', () => {
    expect(curvedPath([[0.2, 0.2], [0.4, 0.6]])).toEqual([[0.2, 0.2], [0.4, 0.6]]);
    expect(() => curvedPath([[0.2, 0.2]])).toThrow();
  });
});
