import { describe, expect, it } from 'vitest';
import * as engine from '../../electron/engine/boxes';
import type { Box as EngineBox, Keyframe as EngineKeyframe, Point as EnginePoint } from '../../electron/engine/spec';
import { boxAt, boxesForFrames, centreOf, curvedPath, pointAlong, straightPath } from '../../renderer/src/lib/interpolation';

/** mulberry32: a small seeded generator, so a failure names its case. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomBox(r: () => number): EngineBox {
  const x1 = r() * 0.9;
  const y1 = r() * 0.9;
  return [x1, y1, x1 + 0.01 + r() * (1 - x1 - 0.01), y1 + 0.01 + r() * (1 - y1 - 0.01)];
}

function randomCase(seed: number): { keyframes: EngineKeyframe[]; path: EnginePoint[] | null; duration: number } {
  const r = rng(seed);
  const count = 1 + Math.floor(r() * 5);
  const keyframes: EngineKeyframe[] = [];
  let frame = Math.floor(r() * 10);
  for (let i = 0; i < count; i++) {
    keyframes.push({ frame, box: randomBox(r) });
    frame += 1 + Math.floor(r() * 40);
  }
  let path: EnginePoint[] | null = null;
  const kind = r();
  if (kind < 0.6) {
    path = Array.from({ length: 2 + Math.floor(r() * 8) }, (): EnginePoint => [r(), r()]);
    // sometimes a repeated point (zero-length segment) or a path of one repeated point
    if (r() < 0.2) path.splice(1, 0, [path[0]![0], path[0]![1]]);
    if (r() < 0.05) path = [path[0]!, [path[0]![0], path[0]![1]]];
  } else if (kind < 0.7) {
    path = [[r(), r()]]; // too short: the engine ignores it
  }
  return { keyframes, path, duration: frame + Math.floor(r() * 10) };
}

describe('interpolation equals the engine', () => {
  it('boxAt gives the very same numbers on 2000 random keyframe/path sets', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const { keyframes, path, duration } = randomCase(seed);
      const r = rng(seed * 7919);
      const frames = [-5, 0, duration, duration + 3, ...keyframes.map((k) => k.frame), ...Array.from({ length: 20 }, () => r() * (duration + 2) - 1)];
      for (const f of frames) {
        expect(boxAt(keyframes, path, f), `seed ${seed} frame ${f}`).toEqual(engine.boxAt(keyframes, path, f));
      }
    }
  });

  it('boxesForFrames gives the very same numbers', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const { keyframes, path, duration } = randomCase(seed);
      for (const generated of [1, 2, 16, 25]) {
        expect(boxesForFrames(keyframes, path, duration, generated), `seed ${seed}`).toEqual(
          engine.boxesForFrames(keyframes, path, duration, generated),
        );
      }
    }
  });

  it('pointAlong gives the very same numbers', () => {
    const r = rng(99);
    for (let i = 0; i < 500; i++) {
      const path = Array.from({ length: 2 + Math.floor(r() * 6) }, (): EnginePoint => [r(), r()]);
      for (const u of [-0.5, 0, r(), r(), 0.5, 1, 1.5]) expect(pointAlong(path, u)).toEqual(engine.pointAlong(path, u));
    }
  });

  it('throws like the engine without keyframes', () => {
    expect(() => boxAt([], null, 0)).toThrow(/at least one keyframe/);
    expect(() => engine.boxAt([], null, 0)).toThrow(/at least one keyframe/);
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
