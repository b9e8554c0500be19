/**
 * A scheduler is a small pure object, as in diffusers: `setTimesteps` chooses the
 * timesteps of a run, `step` takes the model's output at one of them (ε or v, by the
 * config's predictionType) and the current sample, and returns the sample at the next one.
 */
export interface SchedulerConfig {
  numTrainTimesteps: number;
  betaStart: number;
  betaEnd: number;
  betaSchedule: 'scaled_linear' | 'linear';
  /** what the UNet outputs: the noise ε, or v = √ᾱ·ε − √(1−ᾱ)·x0 */
  predictionType: 'epsilon' | 'v_prediction';
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

/**
 * The clean-sample estimate x0 and the noise estimate ε at sample x_t from the model's
 * output, for ᾱ = a (diffusers' conversions for 'epsilon' and 'v_prediction').
 */
export function x0AndEpsilon(
  prediction: SchedulerConfig['predictionType'], output: Float32Array, sample: Float32Array, a: number,
): { x0: Float64Array; eps: Float64Array } {
  const sqrtA = Math.sqrt(a);
  const sqrt1mA = Math.sqrt(1 - a);
  const x0 = new Float64Array(sample.length);
  const eps = new Float64Array(sample.length);
  for (let i = 0; i < sample.length; i++) {
    const x = sample[i]!;
    const o = output[i]!;
    if (prediction === 'epsilon') {
      eps[i] = o;
      x0[i] = (x - sqrt1mA * o) / sqrtA;
    } else {
      x0[i] = sqrtA * x - sqrt1mA * o;
      eps[i] = sqrtA * o + sqrt1mA * x;
    }
  }
  return { x0, eps };
}

export function checkSteps(steps: number, numTrainTimesteps: number): void {
  if (!Number.isInteger(steps) || steps < 1 || steps > numTrainTimesteps) {
    throw new RangeError(`steps must be a whole number from 1 to ${numTrainTimesteps}, got ${steps}`);
  }
}
