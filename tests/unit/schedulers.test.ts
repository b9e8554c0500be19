/**
 * The schedulers against reference runs of diffusers' DDIMScheduler and
 * DPMSolverMultistepScheduler (tests/fixtures/schedulers.json, written by
 * tests/tools/scheduler_reference.py) with the same fake model: the paper's schedule with
 * ε-prediction, and the built-in model's (linear betas to 0.02) with v-prediction.
 */
import { describe, expect, it } from 'vitest';
import fixture from '../fixtures/schedulers.json';
import { createScheduler, DEFAULT_SCHEDULER_CONFIG, type SchedulerConfig, type SchedulerName } from '../../electron/engine/schedulers';

interface Run { steps: number; timesteps: number[]; initial: number[]; trajectory: number[][] }

/** The same stand-in for a UNet as the Python side. */
function fakeModel(sample: Float32Array, t: number): Float32Array {
  return sample.map((x, i) => 0.8 * x + 0.05 * Math.sin(i + t / 100));
}

const V_CONFIG: SchedulerConfig = {
  numTrainTimesteps: fixture.v_prediction.config.num_train_timesteps,
  betaStart: fixture.v_prediction.config.beta_start,
  betaEnd: fixture.v_prediction.config.beta_end,
  betaSchedule: 'linear',
  predictionType: 'v_prediction',
  stepsOffset: fixture.v_prediction.config.steps_offset,
  setAlphaToOne: fixture.v_prediction.config.set_alpha_to_one,
};

function replay(name: SchedulerName, run: Run, config: SchedulerConfig): { timesteps: number[]; trajectory: Float32Array[] } {
  const scheduler = createScheduler(name, config);
  scheduler.setTimesteps(run.steps);
  let sample: Float32Array = Float32Array.from(run.initial);
  const trajectory: Float32Array[] = [];
  scheduler.timesteps.forEach((t, i) => {
    sample = scheduler.step(fakeModel(sample, t), i, sample);
    trajectory.push(sample);
  });
  return { timesteps: [...scheduler.timesteps], trajectory };
}

describe.each(['ddim', 'dpmpp-2m'] as const)('%s scheduler', (name) => {
  const runs = fixture[name] as Run[];
  const vRuns = fixture.v_prediction[name] as Run[];

  it.each(runs.map((r) => [r.steps, r] as const))('matches diffusers over %i steps', (_steps, run) => {
    const ours = replay(name, run, DEFAULT_SCHEDULER_CONFIG);
    expect(ours.timesteps).toEqual(run.timesteps);
    run.trajectory.forEach((expected, i) => {
      const got = ours.trajectory[i]!;
      expected.forEach((v, j) => expect(got[j]).toBeCloseTo(v, 4));
    });
  });

  it.each(vRuns.map((r) => [r.steps, r] as const))('matches diffusers with v-prediction and linear betas over %i steps', (_steps, run) => {
    expect(fixture.v_prediction.config.prediction_type).toBe('v_prediction');
    const ours = replay(name, run, V_CONFIG);
    expect(ours.timesteps).toEqual(run.timesteps);
    run.trajectory.forEach((expected, i) => {
      const got = ours.trajectory[i]!;
      expected.forEach((v, j) => expect(got[j]).toBeCloseTo(v, 4));
    });
  });

  it('refuses step counts it cannot schedule', () => {
    const scheduler = createScheduler(name, DEFAULT_SCHEDULER_CONFIG);
    expect(() => scheduler.setTimesteps(0)).toThrow(RangeError);
    expect(() => scheduler.setTimesteps(2.5)).toThrow(RangeError);
    expect(() => scheduler.setTimesteps(1001)).toThrow(RangeError);
  });
});
