/** A take's control figures, from the metrics the engine stores (and from older takes that lack some of them). */
import { describe, expect, it } from 'vitest';
import { fmt, takeFigures } from '../../renderer/src/player/take-figures';

const base = { modelId: 'directa-previz', provider: 'cpu', timings: { totalMs: 12_500, steps: 4 } };

describe('take figures', () => {
  it('reads the camera and every actor from a current take', () => {
    const f = takeFigures({
      ...base,
      metrics: {
        frames: 16,
        camera: {
          requested: { cx: 0.3, cy: 0, cz: 1 }, measured: { cx: 0.25, cy: 0.01, cz: 1.02 },
          error: { cx: 0.05, cy: 0.01, log2cz: 0.028 }, inliers: 0.9, confidence: 0.8, reliable: true,
        },
        objects: [
          { phrase: 'a red car', colour: 'red', iou: 0.42, iouLocated: 0.5, found: 0.84, heldIou: 0.2, heldIouLocated: 0.25 },
          { phrase: 'a tree', colour: null, iou: null, iouLocated: null, found: null, heldIou: null, heldIouLocated: null },
        ],
        meanIou: 0.42,
        colours: [],
      },
    });
    expect(f.camera).toEqual({
      requested: { cx: 0.3, cy: 0, cz: 1 }, measured: { cx: 0.25, cy: 0.01, cz: 1.02 },
      error: { cx: 0.05, cy: 0.01, log2cz: 0.028 }, reliable: true, confidence: 0.8,
    });
    expect(f.actors).toEqual([
      { phrase: 'a red car', iou: 0.42, found: 0.84, heldIou: 0.2, beatsHeld: true },
      { phrase: 'a tree', iou: null, found: null, heldIou: null, beatsHeld: null },
    ]);
    expect(f.meanIou).toBe(0.42);
    expect(f.seconds).toBe(12.5);
    expect(f.steps).toBe(4);
  });

  it('claims no measured move when the frames could not be read', () => {
    const f = takeFigures({ ...base, metrics: { camera: { requested: { cx: 0, cy: 0, cz: 1 }, measured: { cx: 0, cy: 0, cz: 1 }, error: { cx: 0, cy: 0, log2cz: 0 }, confidence: 0.1, reliable: false } } });
    expect(f.camera!.reliable).toBe(false);
    expect(f.camera!.measured).toBeNull();
    expect(f.camera!.error).toBeNull();
    expect(f.camera!.confidence).toBe(0.1);
  });

  it('reads what an older or damaged record has and nothing more', () => {
    const f = takeFigures({ ...base, timings: {}, metrics: { camera: { measured: { cx: 0.1, cy: 0, cz: 1 }, error: { cx: 'x' } }, objects: [{ iou: 0.3 }, 7], meanIou: Number.NaN } });
    expect(f.camera).toEqual({ requested: null, measured: { cx: 0.1, cy: 0, cz: 1 }, error: null, reliable: true, confidence: null });
    expect(f.actors).toEqual([]);
    expect(f.meanIou).toBeNull();
    expect(f.seconds).toBeNull();
    expect(takeFigures({ ...base, metrics: {} }).camera).toBeNull();
  });

  it('formats unknown figures as a dash', () => {
    expect(fmt(0.4567)).toBe('0.46');
    expect(fmt(null)).toBe('–');
  });
});
