/**
 * DDIM (Song et al. 2021), deterministic (η = 0), "leading" timestep spacing, as
 * diffusers' DDIMScheduler with clip_sample off: the sampler the paper uses.
 */
import { alphasCumprod, checkSteps, x0AndEpsilon, type Scheduler, type SchedulerConfig } from './types';

export class DdimScheduler implements Scheduler {
  readonly initNoiseSigma = 1;
  timesteps: number[] = [];
  private readonly alphas: Float64Array;
  private readonly finalAlpha: number;
  private stepRatio = 0;

  constructor(readonly config: SchedulerConfig) {
    this.alphas = alphasCumprod(config);
    this.finalAlpha = config.setAlphaToOne ? 1 : this.alphas[0]!;
  }

  setTimesteps(steps: number): void {
    checkSteps(steps, this.config.numTrainTimesteps);
    this.stepRatio = Math.floor(this.config.numTrainTimesteps / steps);
    this.timesteps = Array.from({ length: steps }, (_, i) => (steps - 1 - i) * this.stepRatio + this.config.stepsOffset);
  }

  step(modelOutput: Float32Array, index: number, sample: Float32Array): Float32Array {
    const t = this.timesteps[index];
    if (t === undefined) throw new RangeError(`step ${index} is outside the ${this.timesteps.length} timesteps`);
    const prevT = t - this.stepRatio;
    const a = this.alphas[t]!;
    const aPrev = prevT >= 0 ? this.alphas[prevT]! : this.finalAlpha;
    const { x0, eps } = x0AndEpsilon(this.config.predictionType, modelOutput, sample, a);
    const sqrtAPrev = Math.sqrt(aPrev);
    const dir = Math.sqrt(1 - aPrev);
    const out = new Float32Array(sample.length);
    for (let i = 0; i < sample.length; i++) out[i] = sqrtAPrev * x0[i]! + dir * eps[i]!;
    return out;
  }
}
