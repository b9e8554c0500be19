/**
 * The camera projection in the pipeline, on the tiny random package: off unless the
 * package's defaults ask for it, turned off again by `cameraProjection: false`, and where on
 * it makes the denoised latents one picture that pans as asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPackage, type ModelPackage } from '../../electron/engine/package/loader';
import { generate } from '../../electron/engine/pipeline';
import { ensureTinyPackage } from '../helpers/tiny-package';
import { baseSpec } from '../helpers/pipeline-spec';

let pkg: ModelPackage;
beforeAll(async () => {
  pkg = await loadPackage(ensureTinyPackage(), { threads: 1 });
});
afterAll(() => pkg?.release());

/** the tiny package: 8 frames of 16×16 latents; cx = 7/16 pans one latent cell per frame */
const pan = { cx: 7 / 16, cy: 0, cz: 1 };
const sampler = { scheduler: 'ddim' as const, steps: 3, guidance: 7.5 };

/** mean |frame k+1 at (i, j) − frame k at (i, j + 1)| over the last latents, relative to their spread */
function panMismatch(latents: Float32Array, frames: number, size: number): number {
  let diff = 0, spread = 0, n = 0;
  for (let c = 0; c < 4; c++) for (let k = 0; k + 1 < frames; k++) for (let i = 0; i < size; i++) for (let j = 0; j + 1 < size; j++) {
    const next = latents[((c * frames + k + 1) * size + i) * size + j]!;
    const here = latents[((c * frames + k) * size + i) * size + j + 1]!;
    diff += Math.abs(next - here);
    spread += Math.abs(here);
    n++;
  }
  return diff / n / (spread / n);
}

async function withProjection<T>(strength: number | undefined, run: () => Promise<T>): Promise<T> {
  const defaults = pkg.manifest.defaults;
  const before = defaults.cameraProjection;
  defaults.cameraProjection = strength;
  try {
    return await run();
  } finally {
    defaults.cameraProjection = before;
  }
}

describe('camera projection in the pipeline', () => {
  it('is off for a package that does not ask for it; cameraProjection: false gives that same clip', async () => {
    const spec = baseSpec({ sampler, camera: pan });
    const plain = await withProjection(undefined, () => generate(pkg, spec));
    const asked = await withProjection(1, () => generate(pkg, spec));
    const refused = await withProjection(1, () => generate(pkg, spec, { cameraProjection: false }));
    expect(Buffer.compare(Buffer.from(refused.frames[4]!), Buffer.from(plain.frames[4]!))).toBe(0);
    expect(Buffer.compare(Buffer.from(asked.frames[4]!), Buffer.from(plain.frames[4]!))).not.toBe(0);
  });

  it('makes the denoised latents pan one cell per frame, as asked', async () => {
    const { frames, latent: { width } } = pkg.manifest;
    const spec = baseSpec({ sampler, camera: pan });
    const plain = await withProjection(undefined, () => generate(pkg, spec, { keepLatents: true }));
    const projected = await withProjection(1, () => generate(pkg, spec, { keepLatents: true }));
    const before = panMismatch(plain.latents!.at(-1)!, frames, width);
    const after = panMismatch(projected.latents!.at(-1)!, frames, width);
    expect(before).toBeGreaterThan(0.5); // a random model's frames do not pan
    expect(after).toBeLessThan(0.2 * before);
  });
});
