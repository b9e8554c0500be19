/**
 * The engine's camera estimator on clips of the built-in model's world with a KNOWN
 * camera move (tests/fixtures/camera-clips, rendered by the world's camera augmentation:
 * tests/tools/make_camera_clips.py), as rendered and with the per-frame noise a generated
 * clip flickers with; and on textureless clips, where it must make no claim.
 *
 * Tolerances: |Δcx|, |Δcy| ≤ 0.05 and |Δlog2 cz| ≤ 0.1 on every textured clip (measured:
 * at most 0.023 and 0.07, the worst being the zoom-out, whose first frames are magnified
 * from the world's canvas); a still clip within 0.03 of cz = 1 and 0.02 of cx = cy = 0.
 */
import { describe, expect, it } from 'vitest';
import { estimateCamera } from '../../electron/engine/metrics/camera-motion';
import { loadCameraClips, withNoise } from '../helpers/camera-clips';

const PAN_TOLERANCE = 0.05;
const ZOOM_TOLERANCE = 0.1;
const STILL_ZOOM_TOLERANCE = 0.03;
const STILL_PAN_TOLERANCE = 0.02;
const NOISE_SIGMA = 6;

const clips = loadCameraClips();
const textured = clips.filter((c) => c.textured);
const blank = clips.filter((c) => !c.textured);

describe('the camera fixtures', () => {
  it('cover still, pans both ways on both axes, zooms both ways, combined moves and blank frames', () => {
    const cams = textured.map((c) => c.camera);
    expect(cams.filter((c) => c.cx === 0 && c.cy === 0 && c.cz === 1).length).toBeGreaterThanOrEqual(2);
    for (const test of [(c: typeof cams[0]) => c.cx > 0, (c: typeof cams[0]) => c.cx < 0, (c: typeof cams[0]) => c.cy > 0, (c: typeof cams[0]) => c.cy < 0,
      (c: typeof cams[0]) => c.cz > 1, (c: typeof cams[0]) => c.cz < 1]) {
      expect(cams.some(test)).toBe(true);
    }
    expect(blank.length).toBeGreaterThanOrEqual(2);
    expect(clips[0]!.frames[0]).toMatchObject({ width: 256, height: 144 });
  });
});

describe.each([
  ['as rendered', 0],
  [`with per-frame noise (σ ${NOISE_SIGMA})`, NOISE_SIGMA],
])('estimateCamera on world clips with a known move, %s', (_label, sigma) => {
  it.each(textured.map((c) => [c.name, c] as const))('%s', (_name, clip) => {
    const frames = sigma ? withNoise(clip.frames, sigma, 7) : clip.frames;
    const got = estimateCamera(frames);
    const want = clip.camera;
    expect(got.reliable).toBe(true);
    expect(got.confidence).toBeGreaterThanOrEqual(0.9);
    expect(Math.abs(got.cx - want.cx)).toBeLessThanOrEqual(PAN_TOLERANCE);
    expect(Math.abs(got.cy - want.cy)).toBeLessThanOrEqual(PAN_TOLERANCE);
    expect(Math.abs(Math.log2(got.cz) - Math.log2(want.cz))).toBeLessThanOrEqual(ZOOM_TOLERANCE);
    if (want.cx === 0 && want.cy === 0 && want.cz === 1) {
      expect(Math.abs(got.cz - 1)).toBeLessThanOrEqual(STILL_ZOOM_TOLERANCE);
      expect(Math.abs(got.cx)).toBeLessThanOrEqual(STILL_PAN_TOLERANCE);
      expect(Math.abs(got.cy)).toBeLessThanOrEqual(STILL_PAN_TOLERANCE);
    }
  });
});

describe('estimateCamera on frames with nothing to track', () => {
  it.each(blank.flatMap((c) => [0, 4, 8].map((sigma) => [`${c.name}, noise σ ${sigma}`, c, sigma] as const)))('%s: no claim, low confidence', (_name, clip, sigma) => {
    const got = estimateCamera(sigma ? withNoise(clip.frames, sigma, 11) : clip.frames);
    expect(got.reliable).toBe(false);
    expect(got.confidence).toBeLessThanOrEqual(0.25);
    expect(got).toMatchObject({ cx: 0, cy: 0, cz: 1 });
  });
});
