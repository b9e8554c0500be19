/**
 * Seeded Gaussian noise for the initial latents: Mersenne Twister (pure-rand) and the
 * Box–Muller transform in float64. The same seed gives the same latents on every machine
 * and every execution provider, since nothing here runs on the accelerator.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { mersenne } from 'pure-rand/generator/mersenne';

export function gaussianNoise(seed: number, length: number): Float32Array {
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) throw new RangeError(`seed must be a 32-bit unsigned integer, got ${seed}`);
  const rng = mersenne(seed | 0);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i += 2) {
    const u1 = 1 - uniformFloat64(rng); // (0, 1]: log stays finite
    const u2 = uniformFloat64(rng);
    const radius = Math.sqrt(-2 * Math.log(u1));
    out[i] = radius * Math.cos(2 * Math.PI * u2);
    if (i + 1 < length) out[i + 1] = radius * Math.sin(2 * Math.PI * u2);
  }
  return out;
}
