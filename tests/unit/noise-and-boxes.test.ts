import { describe, expect, it } from 'vitest';
import { areaOf, boxAt, boxesForFrames, pointAlong } from '../../electron/engine/boxes';
import { gaussianNoise } from '../../electron/engine/noise';
import type { Box, Keyframe } from '../../electron/engine/spec';

describe('gaussianNoise', () => {
  it('is the same for the same seed and different for another', () => {
    expect(gaussianNoise(42, 1001)).toEqual(gaussianNoise(42, 1001));
    expect(gaussianNoise(42, 64)).not.toEqual(gaussianNoise(43, 64));
  });

  it('pins its first values, so a change of generator cannot pass unnoticed', () => {
    const first = Array.from(gaussianNoise(7, 4)).map((v) => Number(v.toFixed(5)));
    expect(first).toMatchInlineSnapshot(`
      [
        1.78433,
        -1.05823,
        -0.11066,
        0.32811,
      ]
    `);
  });

  it('is standard normal', () => {
    const x = gaussianNoise(1, 200_000);
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.02);
    expect(x.every(Number.isFinite)).toBe(true);
  });

  it('refuses a seed that is not a 32-bit unsigned integer', () => {
    expect(() => gaussianNoise(-1, 4)).toThrow(RangeError);
    expect(() => gaussianNoise(2 ** 32, 4)).toThrow(RangeError);
    expect(() => gaussianNoise(1.5, 4)).toThrow(RangeError);
  });
});

const kf = (frame: number, box: Box): Keyframe => ({ frame, box });
const close = (got: number[], want: number[]): void => want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, 9));

describe('boxAt', () => {
  const keys = [kf(0, [0, 0, 0.2, 0.2]), kf(10, [0.6, 0.4, 1, 0.8])];

  it('interpolates centre and size linearly between keyframes', () => {
    close(boxAt(keys, null, 5), [0.3, 0.2, 0.6, 0.5]);
  });

  it('holds the first and last boxes outside the keyframes', () => {
    close(boxAt(keys, null, -3), [0, 0, 0.2, 0.2]);
    close(boxAt(keys, null, 99), [0.6, 0.4, 1, 0.8]);
  });

  it('moves the centre along the path by arc length', () => {
    // An L-shaped path of two equal legs: halfway in time is the corner.
    const path: [number, number][] = [[0.1, 0.1], [0.5, 0.1], [0.5, 0.5]];
    const keysOnPath = [kf(0, [0, 0, 0.2, 0.2]), kf(20, [0.4, 0.4, 0.6, 0.6])];
    close(boxAt(keysOnPath, path, 10), [0.4, 0, 0.6, 0.2]);
    close(boxAt(keysOnPath, path, 5), [0.2, 0, 0.4, 0.2]);
  });

  it('clamps boxes to the frame', () => {
    const box = boxAt([kf(0, [0.9, 0.9, 1, 1]), kf(10, [0.9, 0.9, 1, 1])], [[0.95, 0.95], [1, 1]], 10);
    expect(Math.max(...box)).toBeLessThanOrEqual(1);
  });
});

describe('boxesForFrames', () => {
  it('spreads the generated frames over the whole shot', () => {
    const boxes = boxesForFrames([kf(0, [0, 0, 0.1, 0.1]), kf(71, [0.9, 0.9, 1, 1])], null, 72, 16);
    expect(boxes).toHaveLength(16);
    close(boxes[0]!, [0, 0, 0.1, 0.1]);
    close(boxes[15]!, [0.9, 0.9, 1, 1]);
    expect(areaOf(boxes[7]!)).toBeCloseTo(0.01, 9);
  });

  it('pointAlong walks a degenerate path to its only point', () => {
    expect(pointAlong([[0.3, 0.3], [0.3, 0.3]], 0.7)).toEqual([0.3, 0.3]);
  });
});
