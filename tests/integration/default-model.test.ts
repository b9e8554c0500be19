/**
 * The built-in model keeps the control accuracy it shipped with: a few held-out cases,
 * generated with fixed seeds, must give the camera and box figures recorded for them at
 * release (tests/fixtures/release-eval.json, a `directa eval --json` report made when the
 * package was exported; its metrics re-measured when the camera estimator changed), and
 * each camera reading stays as readable or unreadable as it was. Tolerance: the figures
 * are deterministic on one machine; across CPUs and onnxruntime builds the latents differ
 * by ~1e-5 of their scale, which moves a camera estimate by well under 0.02 and an IoU by
 * under 0.03.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import release from '../fixtures/release-eval.json';
import { computeMetrics, type TakeMetrics } from '../../electron/engine/metrics';
import { loadPackage, type ModelPackage } from '../../electron/engine/package/loader';
import { generate } from '../../electron/engine/pipeline';
import { ShotSpec } from '../../electron/engine/spec';

const PACKAGE = path.resolve('native-models/packages', release.package.id);
const CAMERA_TOLERANCE = 0.02;
const IOU_TOLERANCE = 0.03;

let pkg: ModelPackage;
beforeAll(async () => {
  pkg = await loadPackage(PACKAGE, { threads: 2 });
});
afterAll(() => pkg?.release());

describe(`the built-in model (${release.package.id}) at release`, () => {
  it('is the package the engine loads by default', () => {
    expect(pkg.manifest.id).toBe('directa-previz');
    expect(pkg.manifest.locator?.kind).toBe('colour');
  });

  it.each(release.cases.map((c) => [c.name, c] as const))('%s keeps its recorded camera and box figures', async (_name, c) => {
    const spec = ShotSpec.parse(c.spec);
    const clip = await generate(pkg, spec);
    const frames = clip.frames.map((data) => ({ width: clip.width, height: clip.height, data }));
    const got = computeMetrics(frames, clip.boxes, spec, pkg.manifest.locator);
    const want = c.metrics as unknown as TakeMetrics;
    expect(got.camera.reliable).toBe(want.camera.reliable);
    for (const axis of ['cx', 'cy', 'log2cz'] as const) {
      expect(Math.abs(got.camera.error[axis] - want.camera.error[axis])).toBeLessThanOrEqual(CAMERA_TOLERANCE);
    }
    if (want.meanIou === null) expect(got.meanIou).toBeNull();
    else expect(Math.abs((got.meanIou ?? -1) - want.meanIou)).toBeLessThanOrEqual(IOU_TOLERANCE);
  });
});
