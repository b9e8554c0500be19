/**
 * The steps benchmark's arithmetic (tests/bench/steps-figures.ts), on hand-made frames,
 * cases and metrics: PSNR and mean absolute error against the reference, the cases it
 * draws, a setting's row (control figures as `directa eval` summarises them) and the rule
 * that picks the cheapest setting.
 */
import { describe, expect, it } from 'vitest';
import type { TakeMetrics } from '../../electron/engine/metrics';
import type { ShotSpec } from '../../electron/engine/spec';
import {
  caseKind, cheapest, DEFAULT_RULE, imageError, misses, pickCases, settingRow, type Row, type Setting,
} from '../bench/steps-figures';
import { tableLines } from '../bench/steps-table';

const frame = (values: number, level: number): Uint8Array => new Uint8Array(values).fill(level);

describe('image error against the reference', () => {
  it('gives PSNR 10·log10(255²/MSE) per frame and the mean absolute difference in levels', () => {
    const { psnr, mae } = imageError([frame(300, 110)], [frame(300, 100)]);
    expect(psnr).toBeCloseTo(10 * Math.log10((255 * 255) / 100), 10); // 28.13 dB
    expect(mae).toBe(10);
  });

  it('averages the frames\' PSNRs, not their squared errors', () => {
    const { psnr, mae } = imageError([frame(300, 101), frame(300, 110)], [frame(300, 100), frame(300, 100)]);
    const per = [1, 100].map((mse) => 10 * Math.log10((255 * 255) / mse));
    expect(psnr).toBeCloseTo((per[0]! + per[1]!) / 2, 10);
    expect(psnr).toBeGreaterThan(10 * Math.log10((255 * 255) / 50.5) + 5);
    expect(mae).toBe(5.5);
  });

  it('scores an equal frame as one level off in one value: finite, above any real difference', () => {
    const same = imageError([frame(300, 7)], [frame(300, 7)]);
    const oneOff = frame(300, 7);
    oneOff[5] = 8;
    expect(same.psnr).toBeCloseTo(10 * Math.log10(255 * 255 * 300), 10);
    expect(imageError([oneOff], [frame(300, 7)]).psnr).toBeCloseTo(same.psnr, 10);
    expect(same.mae).toBe(0);
  });

  it('refuses clips whose frames do not match the reference\'s', () => {
    expect(() => imageError([frame(3, 0)], [frame(3, 0), frame(3, 0)])).toThrow(/same number/);
    expect(() => imageError([], [])).toThrow(/at least one/);
    expect(() => imageError([frame(3, 0)], [frame(6, 0)])).toThrow(/frame 0 has 3 values/);
  });
});

const spec = (camera: ShotSpec['camera'], boxes: number): ShotSpec => ({
  version: 1, modelId: null, prompt: 'a red car', negativePrompt: '', camera, seed: 1,
  sampler: { scheduler: 'dpmpp-2m', steps: null, guidance: null }, durationFrames: 16, fps: { num: 8, den: 1 },
  aspect: { width: 256, height: 144 },
  objects: Array.from({ length: boxes }, () => ({ phrase: 'red car', span: [2, 9] as [number, number], keyframes: [{ frame: 0, box: [0, 0, 0.5, 0.5] as [number, number, number, number] }], path: null })),
});
const MOVE = { cx: 0.4, cy: 0, cz: 1 };
const STILL = { cx: 0, cy: 0, cz: 1 };

describe('the cases drawn', () => {
  it('tells the kinds by what the spec asks for', () => {
    expect(caseKind(spec(MOVE, 0))).toBe('camera');
    expect(caseKind(spec({ cx: 0, cy: 0, cz: 1.5 }, 0))).toBe('camera');
    expect(caseKind(spec(STILL, 2))).toBe('boxes');
    expect(caseKind(spec(MOVE, 1))).toBe('both');
    expect(caseKind(spec(STILL, 0))).toBe('neither');
  });

  it('takes the kinds in turn, each in file order, and keeps the file order', () => {
    const file = [
      { name: 'cam1', spec: spec(MOVE, 0) }, { name: 'cam2', spec: spec(MOVE, 0) }, { name: 'cam3', spec: spec(MOVE, 0) },
      { name: 'box1', spec: spec(STILL, 1) }, { name: 'both1', spec: spec(MOVE, 1) }, { name: 'box2', spec: spec(STILL, 1) },
    ];
    const names = (n: number) => pickCases(file, n).map((c) => c.name);
    expect(names(1)).toEqual(['cam1']);
    expect(names(3)).toEqual(['cam1', 'box1', 'both1']);
    expect(names(4)).toEqual(['cam1', 'cam2', 'box1', 'both1']);
    expect(names(5)).toEqual(['cam1', 'cam2', 'box1', 'both1', 'box2']);
    expect(names(50)).toEqual(file.map((c) => c.name));
    expect(() => pickCases(file, 0)).toThrow(/at least 1/);
  });
});

function take(requested: ShotSpec['camera'], measured: ShotSpec['camera'], ious: number[]): TakeMetrics {
  return {
    frames: 16,
    camera: {
      requested, measured, inliers: 1, confidence: 1, reliable: true,
      error: { cx: Math.abs(measured.cx - requested.cx), cy: Math.abs(measured.cy - requested.cy), log2cz: Math.abs(Math.log2(measured.cz / requested.cz)) },
    },
    objects: ious.map((iou) => ({ phrase: 'red car', colour: 'red', iou, iouLocated: iou, found: 1, heldIou: 0.1, heldIouLocated: 0.1 })),
    meanIou: null,
    colours: [],
  };
}

describe('a setting\'s row', () => {
  it('means the image error and time over the cases, keeps the worst PSNR, and summarises control as directa eval', () => {
    const row = settingRow({ sampler: 'ddim', steps: 10 }, [
      { seconds: 4, error: { psnr: 30, mae: 2 }, metrics: take(MOVE, { cx: 0.3, cy: 0.1, cz: 1 }, []) },
      { seconds: 6, error: { psnr: 34, mae: 1 }, metrics: take(STILL, { cx: 0.2, cy: 0, cz: 1 }, [0.5, 0.3]) },
    ]);
    expect(row).toMatchObject({ cases: 2, seconds: 5, psnr: 32, worstPsnr: 30, mae: 1.5 });
    // the still case's drift is not a camera error
    expect(row.camera.cx).toBeCloseTo(0.1, 10);
    expect(row.camera).toMatchObject({ cy: 0.1, log2cz: 0, cases: 1, unreadable: 0 });
    expect(row.boxes).toMatchObject({ iou: 0.4, found: 1, objects: 2 });
  });

  it('has no image error for the reference itself', () => {
    const row = settingRow({ sampler: 'dpmpp-2m', steps: 50 }, [{ seconds: 9, error: null, metrics: take(MOVE, MOVE, []) }]);
    expect(row).toMatchObject({ psnr: null, worstPsnr: null, mae: null, seconds: 9 });
  });
});

const row = (setting: Setting, psnr: number | null, iou: number | null, cameraCx: number | null = 0.1): Row => ({
  setting, cases: 12, seconds: setting.steps / 2, psnr, worstPsnr: psnr, mae: psnr === null ? null : 1,
  camera: { cx: cameraCx, cy: 0.1, log2cz: 0.1, cases: 8, unreadable: 0 }, boxes: { iou, found: 0.9, objects: 10 },
});

describe('the cheapest setting within the rule', () => {
  const reference = row({ sampler: 'dpmpp-2m', steps: 50 }, null, 0.5);

  it('asks for the PSNR floor, the IoU and every camera axis within their tolerances of the reference', () => {
    expect(misses(row({ sampler: 'ddim', steps: 8 }, 30, 0.48, 0.13), reference, DEFAULT_RULE)).toEqual([]);
    expect(misses(row({ sampler: 'ddim', steps: 8 }, 29.9, 0.5), reference, DEFAULT_RULE)).toEqual(['PSNR 29.9 < 30 dB']);
    expect(misses(row({ sampler: 'ddim', steps: 8 }, 35, 0.47), reference, DEFAULT_RULE)).toEqual(['IoU 0.470 < 0.480']);
    expect(misses(row({ sampler: 'ddim', steps: 8 }, 35, 0.5, 0.14), reference, DEFAULT_RULE)).toEqual(['camera cx error 0.140 > 0.130']);
    expect(misses(row({ sampler: 'ddim', steps: 8 }, 35, null), reference, DEFAULT_RULE)).toEqual(['IoU unknown < 0.480']);
  });

  it('does not ask for a figure the reference lacks', () => {
    const noBoxes = row({ sampler: 'dpmpp-2m', steps: 50 }, null, null, null);
    expect(misses(row({ sampler: 'ddim', steps: 8 }, 31, null, 0.9), noBoxes, DEFAULT_RULE)).toEqual([]);
  });

  it('picks the fewest steps that meet it, the higher PSNR between samplers at those steps, or none', () => {
    const rows = [
      row({ sampler: 'ddim', steps: 8 }, 25, 0.5), row({ sampler: 'ddim', steps: 10 }, 31, 0.49), row({ sampler: 'ddim', steps: 15 }, 36, 0.5),
      row({ sampler: 'dpmpp-2m', steps: 8 }, 29, 0.5), row({ sampler: 'dpmpp-2m', steps: 10 }, 33, 0.5), row({ sampler: 'dpmpp-2m', steps: 15 }, 38, 0.4),
    ];
    expect(cheapest(rows, reference, DEFAULT_RULE)?.setting).toEqual({ sampler: 'dpmpp-2m', steps: 10 });
    expect(cheapest(rows, reference, { ...DEFAULT_RULE, minPsnr: 35 })?.setting).toEqual({ sampler: 'ddim', steps: 15 });
    expect(cheapest(rows, reference, { ...DEFAULT_RULE, minPsnr: 40 })).toBeNull();
  });

  it('prints one aligned line per setting, the reference first, with its notes', () => {
    const a = row({ sampler: 'ddim', steps: 8 }, 31.234, 0.5);
    const lines = tableLines(reference, [a], new Map([[a, 'PICK']]));
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^dpmpp-2m 50 \(ref\) +25\.00 +- +- +0\.100/);
    expect(lines[2]).toMatch(/^ddim 8 +4\.00 +31\.23 +\(31\.2\) +1\.00 .* 0\/8 +0\.500 +0\.90 {2}PICK$/);
    const at = (line: string) => line.indexOf('s/clip') + 's/clip'.length;
    expect(lines[1]!.indexOf('25.00') + 5).toBe(at(lines[0]!));
    expect(lines[2]!.indexOf('4.00') + 4).toBe(at(lines[0]!));
  });
});
