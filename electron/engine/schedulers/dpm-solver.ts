/**
 * DPM-Solver++ (2M), multistep, midpoint form, "linspace" timestep spacing, a final
 * sigma of zero and a first-order last step: diffusers' DPMSolverMultistepScheduler with
 * its defaults (algorithm_type "dpmsolver++", solver_order 2). Good clips in ~20 steps.
 */
import { alphasCumprod, checkSteps, x0AndEpsilon, type Scheduler, type SchedulerConfig } from './types';

export class DpmSolverPlusPlus2MScheduler implements Scheduler {
  readonly initNoiseSigma = 1;
  timesteps: number[] = [];
  private readonly trainSigmas: Float64Array;
  private sigmas: number[] = [];
  private previousX0: Float64Array | null = null;

  constructor(readonly config: SchedulerConfig) {
    const alphas = alphasCumprod(config);
    this.trainSigmas = alphas.map((a) => Math.sqrt((1 - a) / a));
  }

  setTimesteps(steps: number): void {
    checkSteps(steps, this.config.numTrainTimesteps);
    const last = this.config.numTrainTimesteps - 1;
    // linspace(0, last, steps + 1), rounded half to even (as numpy), reversed, without the final 0
    const spacing = last / steps;
    this.timesteps = Array.from({ length: steps }, (_, i) => roundHalfEven((steps - i) * spacing));
    this.sigmas = [...this.timesteps.map((t) => this.trainSigmas[t]!), 0];
    this.previousX0 = null;
  }

  step(modelOutput: Float32Array, index: number, sample: Float32Array): Float32Array {
    if (index < 0 || index >= this.timesteps.length) {
      throw new RangeError(`step ${index} is outside the ${this.timesteps.length} timesteps`);
    }
    const [alphaS, sigmaS, lambdaS] = this.coefficients(this.sigmas[index]!);
    const [alphaT, sigmaT, lambdaT] = this.coefficients(this.sigmas[index + 1]!);
    const h = lambdaT - lambdaS;
    const expm1 = Math.exp(-h) - 1; // → -1 at the final, sigma = 0 step
    const ratio = sigmaS === 0 ? 0 : sigmaT / sigmaS;

    const { x0 } = x0AndEpsilon(this.config.predictionType, modelOutput, sample, alphaS * alphaS); // α_s² = ᾱ_s

    const firstOrder = this.previousX0 === null || index === this.timesteps.length - 1;
    const out = new Float32Array(sample.length);
    if (firstOrder) {
      for (let i = 0; i < out.length; i++) out[i] = ratio * sample[i]! - alphaT * expm1 * x0[i]!;
    } else {
      const [, , lambdaPrev] = this.coefficients(this.sigmas[index - 1]!);
      const r = (lambdaS - lambdaPrev) / h;
      const prev = this.previousX0!;
      for (let i = 0; i < out.length; i++) {
        const d1 = (x0[i]! - prev[i]!) / r;
        out[i] = ratio * sample[i]! - alphaT * expm1 * x0[i]! - 0.5 * alphaT * expm1 * d1;
      }
    }
    this.previousX0 = x0;
    return out;
  }

  /** α_t, σ_t and λ_t = log α_t − log σ_t for a sigma of the VE parametrisation. */
  private coefficients(sigma: number): [number, number, number] {
    const alpha = 1 / Math.sqrt(sigma * sigma + 1);
    const s = sigma * alpha;
    return [alpha, s, Math.log(alpha) - Math.log(s)];
  }
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
