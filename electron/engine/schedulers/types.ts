/**
 * A scheduler is a small pure object, as in diffusers: `setTimesteps` chooses the
 * timesteps of a run, `step` takes the model's noise prediction at one of them and the
 * current sample, and returns the sample at the next one.
 */
export interface SchedulerConfig {
  numTrainTimesteps: number;
  betaStart: number;
  betaEnd: number;
  betaSchedule: 'scaled_linear' | 'linear';
  predictionType: 'epsilon';
  stepsOffset: number;
  setAlphaToOne: boolean;
}

export interface Scheduler {
  /** timesteps of the current run, from noisiest to cleanest */
  readonly timesteps: readonly number[];
  setTimesteps(steps: number): void;
  /** returns the sample at the next timestep; `index` is the position in `timesteps` */
  step(modelOutput: Float32Array, index: number, sample: Float32Array): Float32Array;
  /** the scale of the initial noise */
  readonly initNoiseSigma: number;
}

/** The paper's (and ModelScope/ZeroScope's) schedule. */
export const DEFAULT_SCHEDULER_CONFIG: SchedulerConfig = {
  numTrainTimesteps: 1000,
  betaStart: 0.00085,
  betaEnd: 0.012,
  betaSchedule: 'scaled_linear',
  predictionType: 'epsilon',
  stepsOffset: 1,
  setAlphaToOne: false,
};

/** ᾱ_t for every training timestep (float64, as diffusers computes it before casting). */
export function alphasCumprod(config: SchedulerConfig): Float64Array {
  const n = config.numTrainTimesteps;
  const out = new Float64Array(n);
  let product = 1;
  for (let i = 0; i < n; i++) {
    const frac = n === 1 ? 0 : i / (n - 1);
    const beta = config.betaSchedule === 'scaled_linear'
      ? (Math.sqrt(config.betaStart) + frac * (Math.sqrt(config.betaEnd) - Math.sqrt(config.betaStart))) ** 2
      : config.betaStart + frac * (config.betaEnd - config.betaStart);
    product *= 1 - beta;
    out[i] = product;
  }
  return out;
}

export function checkSteps(steps: number, numTrainTimesteps: number): void {
  if (!Number.isInteger(steps) || steps < 1 || steps > numTrainTimesteps) {
    throw new RangeError(`steps must be a whole number from 1 to ${numTrainTimesteps}, got ${steps}`);
  }
}
