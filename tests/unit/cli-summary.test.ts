/**
 * The arithmetic behind `directa eval`'s means (pure, on hand-made metrics: the tiny random
 * package cannot show whether pan direction or IoU are counted right), and the CLI's
 * field paths and output file names.
 */
import { describe, expect, it } from 'vitest';
import { fieldPath } from '../../electron/cli/inputs';
import { slug } from '../../electron/cli/render-project';
import { panDirectionCorrect, summarise, summaryLines } from '../../electron/cli/summary';
import type { TakeMetrics } from '../../electron/engine/metrics';

type Move = { cx: number; cy: number; cz: number };

function take(requested: Move, measured: Move, ious: (number | null)[] = [], colours: number[] = []): TakeMetrics {
  return {
    camera: {
      requested, measured, inliers: 1,
      error: {
        cx: Math.abs(measured.cx - requested.cx), cy: Math.abs(measured.cy - requested.cy),
        log2cz: Math.abs(Math.log2(measured.cz) - Math.log2(requested.cz)),
      },
    },
    objects: ious.map((iou, i) => ({ phrase: `object ${i}`, colour: iou === null ? null : 'red', iou })),
    meanIou: null,
    colours: colours.map((found, i) => ({ colour: `colour ${i}`, found })),
  };
}

describe('panDirectionCorrect', () => {
  it('judges the sign on the larger requested axis, only for pans of at least 0.3', () => {
    expect(panDirectionCorrect(take({ cx: 0.5, cy: 0.1, cz: 1 }, { cx: 0.05, cy: -0.4, cz: 1 }))).toBe(true);
    expect(panDirectionCorrect(take({ cx: 0.5, cy: 0.1, cz: 1 }, { cx: -0.05, cy: 0.1, cz: 1 }))).toBe(false);
    expect(panDirectionCorrect(take({ cx: 0.1, cy: -0.3, cz: 1 }, { cx: 0.4, cy: -0.01, cz: 1 }))).toBe(true);
    expect(panDirectionCorrect(take({ cx: -0.4, cy: 0.4, cz: 1 }, { cx: 0.2, cy: 0.4, cz: 1 }))).toBe(false); // tie: cx
    expect(panDirectionCorrect(take({ cx: 0.29, cy: -0.29, cz: 2 }, { cx: -1, cy: 1, cz: 1 }))).toBeNull();
  });
});

describe('summarise', () => {
  it('averages the camera errors, counts pan cases and pools the IoU of located objects', () => {
    const s = summarise([
      take({ cx: 0.6, cy: 0, cz: 1 }, { cx: 0.4, cy: 0.1, cz: 2 }, [0.5, null], [1, 0.5]),
      take({ cx: 0, cy: -0.5, cz: 1 }, { cx: 0, cy: 0.3, cz: 1 }, [0.2, 0.8], [0]),
      take({ cx: 0, cy: 0, cz: 2 }, { cx: 0.1, cy: 0, cz: 1 }),
    ]);
    expect(s.measured).toBe(3);
    expect(s.meanErrorCx).toBeCloseTo((0.2 + 0 + 0.1) / 3, 12);
    expect(s.meanErrorCy).toBeCloseTo((0.1 + 0.8 + 0) / 3, 12);
    expect(s.meanErrorLog2Cz).toBeCloseTo((1 + 0 + 1) / 3, 12);
    expect(s).toMatchObject({ panCases: 2, panCorrect: 1, panAccuracy: 0.5, locatedObjects: 3 });
    expect(s.meanIou).toBeCloseTo(0.5, 12);
    expect(s.meanColourFound).toBeCloseTo(0.5, 12);
  });

  it('answers null means where nothing was measured, and leaves failed fits out', () => {
    expect(summarise([])).toMatchObject({ measured: 0, meanErrorCx: null, panAccuracy: null, meanIou: null });
    const s = summarise([take({ cx: 0, cy: 0, cz: 1 }, { cx: Number.NaN, cy: 0, cz: 1 }), take({ cx: 0, cy: 0, cz: 1 }, { cx: 0.2, cy: 0, cz: 1 })]);
    expect(s.meanErrorCx).toBeCloseTo(0.2, 12);
    expect(summaryLines(s)).toContain('pan-direction accuracy: n/a (no case requests |cx| or |cy| >= 0.3)');
  });
});

describe('names', () => {
  it('field paths read like the JSON they point into', () => {
    expect(fieldPath([])).toBe('(root)');
    expect(fieldPath(['camera', 'cz'])).toBe('camera.cz');
    expect(fieldPath([1, 'spec', 'objects', 0, 'keyframes', 2, 'box'])).toBe('[1].spec.objects[0].keyframes[2].box');
  });

  it('output file names keep letters of any script and nothing a file system refuses', () => {
    expect(slug('Close up: the "car"!')).toBe('close-up-the-car');
    expect(slug('Сцена 2 / 夜')).toBe('сцена-2-夜');
    expect(slug('???')).toBe('untitled');
  });
});
