/** The pipeline in-process on the tiny random package: shapes, determinism, controls wiring, cancellation. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPackage, type ModelPackage } from '../../electron/engine/package/loader';
import { CancelledError, generate } from '../../electron/engine/pipeline';
import type { ShotSpec } from '../../electron/engine/spec';
import { ensureTinyPackage } from '../helpers/tiny-package';

let pkg: ModelPackage;
beforeAll(async () => {
  pkg = await loadPackage(ensureTinyPackage(), { threads: 1 });
}, 120_000);
afterAll(() => pkg?.release());

const prompt = 'a red car and a white dog on a city street at sunset';
export const baseSpec = (over: Partial<ShotSpec> = {}): ShotSpec => ({
  version: 1, modelId: null, prompt, negativePrompt: '', camera: { cx: 0, cy: 0, cz: 1 }, seed: 7,
  sampler: { scheduler: 'ddim', steps: 3, guidance: 7.5 }, durationFrames: 48, fps: { num: 24, den: 1 },
  aspect: { width: 1280, height: 720 }, objects: [], ...over,
});

describe('generate', () => {
  it('makes the package\'s frames, reports each step, and says what ran', async () => {
    const progress: number[] = [];
    const clip = await generate(pkg, baseSpec(), { onProgress: (s) => progress.push(s) });
    expect(clip.frames).toHaveLength(8);
    expect(clip.frames[0]).toHaveLength(128 * 128 * 3);
    expect(progress).toEqual([1, 2, 3]);
    expect(clip).toMatchObject({ width: 128, height: 128, fps: 8, steps: 3, guidance: 7.5, provider: 'cpu' });
    expect(clip.timings.stepMs).toBeGreaterThan(0);
  });

  it('gives the same frames for the same seed and different ones for another', async () => {
    const a = await generate(pkg, baseSpec());
    const b = await generate(pkg, baseSpec());
    const c = await generate(pkg, baseSpec({ seed: 8 }));
    expect(Buffer.compare(Buffer.from(a.frames[3]!), Buffer.from(b.frames[3]!))).toBe(0);
    expect(Buffer.compare(Buffer.from(a.frames[3]!), Buffer.from(c.frames[3]!))).not.toBe(0);
  });

  it('feeds the camera and the boxes to the UNet (they change the result) and interpolates boxes per frame', async () => {
    const plain = await generate(pkg, baseSpec({ sampler: { scheduler: 'ddim', steps: 2, guidance: 7.5 } }));
    const withBox = await generate(pkg, baseSpec({
      sampler: { scheduler: 'ddim', steps: 2, guidance: 7.5 },
      objects: [{ phrase: 'red car', span: [2, 9], keyframes: [{ frame: 0, box: [0, 0, 0.5, 0.5] }, { frame: 47, box: [0.5, 0.5, 1, 1] }], path: null }],
    }));
    expect(withBox.boxes[0]).toHaveLength(8);
    expect(withBox.boxes[0]![7]).toEqual([0.5, 0.5, 1, 1]);
    expect(Buffer.compare(Buffer.from(plain.frames[0]!), Buffer.from(withBox.frames[0]!))).not.toBe(0);
  });

  it('stops between steps when cancelled', async () => {
    let steps = 0;
    await expect(generate(pkg, baseSpec({ sampler: { scheduler: 'dpmpp-2m', steps: 10, guidance: 7.5 } }), {
      onProgress: () => steps++,
      isCancelled: () => steps >= 2,
    })).rejects.toBeInstanceOf(CancelledError);
    expect(steps).toBe(2);
  });

  it('refuses a prompt longer than the model takes', async () => {
    await expect(generate(pkg, baseSpec({ prompt: 'dog '.repeat(40) }))).rejects.toThrow(/tokens long; this model takes at most 22/);
  });
});
