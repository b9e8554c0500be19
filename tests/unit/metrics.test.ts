import { describe, expect, it } from 'vitest';
import { estimateCamera } from '../../electron/engine/metrics/camera-motion';
import { computeMetrics, coloursIn } from '../../electron/engine/metrics';
import { boxScores, iou, locateColour, meanBoxIou } from '../../electron/engine/metrics/objects';
import { syntheticClip } from '../helpers/synthetic-clip';

type Box = [number, number, number, number];
const moving = (from: Box, to: Box, frames: number): Box[] =>
  Array.from({ length: frames }, (_, k) => from.map((v, i) => v + (to[i]! - v) * (k / (frames - 1))) as Box);

describe('estimateCamera on clips with a known move', () => {
  it.each([
    { cx: 0, cy: 0, cz: 1 },
    { cx: 0.3, cy: 0, cz: 1 },
    { cx: 0, cy: -0.4, cz: 1 },
    { cx: -0.8, cy: 0.5, cz: 1 },
    { cx: 0, cy: 0, cz: 1.6 },
    { cx: 0, cy: 0, cz: 0.6 },
    { cx: -0.2, cy: 0.25, cz: 1.4 },
  ])('recovers cx=$cx cy=$cy cz=$cz', (cam) => {
    const got = estimateCamera(syntheticClip(cam, 16, 160, 96));
    expect(Math.abs(got.cx - cam.cx)).toBeLessThan(0.05);
    expect(Math.abs(got.cy - cam.cy)).toBeLessThan(0.05);
    expect(Math.abs(Math.log2(got.cz) - Math.log2(cam.cz))).toBeLessThan(0.05);
  });

  it('is not fooled by an actor crossing the frame against the pan', () => {
    const cam = { cx: 0.3, cy: 0, cz: 1 };
    const actor = { rgb: [220, 30, 30] as [number, number, number], boxes: moving([0.7, 0.3, 0.95, 0.7], [0.05, 0.3, 0.3, 0.7], 16) };
    const got = estimateCamera(syntheticClip(cam, 16, 160, 96, [actor]));
    expect(Math.abs(got.cx - 0.3)).toBeLessThan(0.05);
    expect(Math.abs(got.cy)).toBeLessThan(0.05);
  });
});

describe('colours named in a prompt', () => {
  it('finds the locator colours a prompt names, as whole words, once each', () => {
    expect(coloursIn('a Red car, a white dog and a red ball', ['red', 'white', 'blue'])).toEqual(['red', 'white']);
    expect(coloursIn('a reddish bluebird', ['red', 'blue'])).toEqual([]);
  });

  it('reports the share of frames each named colour is found in', () => {
    const boxes = moving([0.1, 0.2, 0.3, 0.6], [0.6, 0.3, 0.9, 0.8], 4);
    const frames = syntheticClip({ cx: 0, cy: 0, cz: 1 }, 4, 96, 54, [{ rgb: [30, 200, 40], boxes }]);
    const spec = { version: 1 as const, modelId: null, prompt: 'a green car and a blue dog', negativePrompt: '', camera: { cx: 0, cy: 0, cz: 1 }, seed: 1,
      sampler: { scheduler: 'ddim' as const, steps: 1, guidance: 1 }, durationFrames: 4, fps: { num: 8, den: 1 }, aspect: { width: 96, height: 54 }, objects: [] };
    const m = computeMetrics(frames, [], spec, { kind: 'colour', tolerance: 40, colours: { green: [30, 200, 40], blue: [0, 0, 255] } });
    expect(m.colours).toEqual([{ colour: 'green', found: 1 }, { colour: 'blue', found: 0 }]);
    expect(m.frames).toBe(4);
    // a still synthetic world: a reliable reading of no move
    expect(m.camera).toMatchObject({ reliable: true, confidence: 1 });
  });
});

describe('object location', () => {
  it('finds an actor by its colour and scores its box', () => {
    const boxes = moving([0.1, 0.2, 0.3, 0.6], [0.6, 0.3, 0.9, 0.8], 8);
    const frames = syntheticClip({ cx: 0, cy: 0, cz: 1 }, 8, 160, 96, [{ rgb: [30, 200, 40], boxes }]);
    const found = locateColour(frames[7]!, [30, 200, 40], 40)!;
    expect(iou(found, boxes[7]!)).toBeGreaterThan(0.9);
    expect(meanBoxIou(frames, boxes, [30, 200, 40], 40)).toBeGreaterThan(0.9);
    const shifted = boxes.map((b) => [b[0] + 0.1, b[1], b[2] + 0.1, b[3]] as Box);
    expect(meanBoxIou(frames, shifted, [30, 200, 40], 40)).toBeLessThan(0.75);
  });

  it('scores the frames it is found in apart, beside the actor held at its first box', () => {
    // the actor is drawn in the first 4 of 8 frames only, exactly where it is asked to be
    const boxes = moving([0.1, 0.2, 0.3, 0.6], [0.6, 0.3, 0.9, 0.8], 8);
    const shown = syntheticClip({ cx: 0, cy: 0, cz: 1 }, 8, 160, 96, [{ rgb: [30, 200, 40], boxes }]);
    const empty = syntheticClip({ cx: 0, cy: 0, cz: 1 }, 8, 160, 96);
    const frames = [...shown.slice(0, 4), ...empty.slice(4)];
    const s = boxScores(frames, boxes, [30, 200, 40], 40);
    expect(s.found).toBe(0.5);
    expect(s.iouLocated!).toBeGreaterThan(0.9);
    expect(s.iou).toBeCloseTo(s.iouLocated! / 2, 12);
    const held = boxes.map((b) => iou(boxes[0]!, b));
    expect(s.heldIou).toBeCloseTo(held.reduce((a, b) => a + b, 0) / 8, 12);
    expect(s.heldIouLocated).toBeCloseTo(held.slice(0, 4).reduce((a, b) => a + b, 0) / 4, 12);
    expect(boxScores(empty, boxes, [30, 200, 40], 40)).toMatchObject({ iou: 0, found: 0, iouLocated: null, heldIouLocated: null });
  });

  it('reports a missing actor as not found', () => {
    const frames = syntheticClip({ cx: 0, cy: 0, cz: 1 }, 2, 64, 36);
    expect(locateColour(frames[0]!, [0, 0, 255], 10)).toBeNull();
    expect(meanBoxIou(frames, [[0, 0, 1, 1], [0, 0, 1, 1]], [0, 0, 255], 10)).toBe(0);
  });

  it('computes IoU', () => {
    expect(iou([0, 0, 0.5, 0.5], [0, 0, 0.5, 0.5])).toBe(1);
    expect(iou([0, 0, 0.5, 0.5], [0.5, 0.5, 1, 1])).toBe(0);
    expect(iou([0, 0, 0.5, 1], [0.25, 0, 0.75, 1])).toBeCloseTo(1 / 3, 9);
  });
});
