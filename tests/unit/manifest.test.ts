/** The package manifest schema: the shipped model's manifest parses; the scheduler section takes ε or v prediction and nothing else; the eval block may be either summary version or absent; the camera projection's strength is optional, 0 to 1. */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { summarise } from '../../electron/cli/summary';
import { Manifest } from '../../electron/engine/package/manifest';

const shipped = JSON.parse(fs.readFileSync('native-models/packages/directa-previz/manifest.json', 'utf8')) as Record<string, unknown>;
const withPrediction = (predictionType: string): unknown => ({
  ...shipped, scheduler: { ...(shipped.scheduler as object), predictionType },
});

describe('manifest schema', () => {
  it('parses the shipped model\'s manifest', () => {
    expect(Manifest.safeParse(shipped).success).toBe(true);
  });

  it.each(['epsilon', 'v_prediction'])('takes predictionType %s', (p) => {
    const parsed = Manifest.safeParse(withPrediction(p));
    expect(parsed.success && parsed.data.scheduler.predictionType).toBe(p);
  });

  it('refuses a prediction type the schedulers do not implement, naming the field', () => {
    const parsed = Manifest.safeParse(withPrediction('sample'));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain('scheduler.predictionType');
  });

  it('takes a camera projection strength from 0 to 1, or none, and refuses anything else naming the field', () => {
    const withProjection = (value: unknown): unknown => {
      const { cameraProjection: _drop, ...defaults } = shipped.defaults as Record<string, unknown>;
      return { ...shipped, defaults: value === undefined ? defaults : { ...defaults, cameraProjection: value } };
    };
    for (const ok of [undefined, 0, 0.5, 1]) {
      const parsed = Manifest.safeParse(withProjection(ok));
      expect(parsed.success && parsed.data.defaults.cameraProjection).toBe(ok);
    }
    for (const bad of [1.5, -0.1, 'on']) {
      const parsed = Manifest.safeParse(withProjection(bad));
      expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain('defaults.cameraProjection');
    }
  });

  it('takes the eval block in either shape, or none', () => {
    const { eval: _old, ...bare } = shipped;
    expect(Manifest.safeParse(bare).success).toBe(true);
    const summary = summarise([]); // the version-2 shape release_fixture.py copies in
    const parsed = Manifest.safeParse({ ...bare, eval: { heldoutCases: 100, failed: 0, steps: 10, ...summary } });
    expect(parsed.success && parsed.data.eval).toMatchObject({ version: 2, camera: { cases: 0 }, boxes: { objects: 0 } });
    expect(Manifest.safeParse({ ...bare, eval: { meanErrorCx: 0.2, panAccuracy: 0.4 } }).success).toBe(true);
  });
});
