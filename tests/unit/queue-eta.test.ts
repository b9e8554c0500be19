/** The queue's step and time left for a running job. */
import { describe, expect, it } from 'vitest';
import { jobPhase, phaseLabel, ProgressClock, STEPS_SHARE, timeLeftLabel } from '../../renderer/src/queue/eta';
import { STEPS_SHARE as SERVICE_STEPS_SHARE } from '../../electron/services/generation';

describe('job step', () => {
  it('reads the step from progress as the generation service reports it', () => {
    expect(STEPS_SHARE).toBe(SERVICE_STEPS_SHARE);
    const steps = 20;
    for (let step = 1; step < steps; step++) {
      const progress = (SERVICE_STEPS_SHARE * step) / steps; // what generation.ts sends after `step`
      expect(jobPhase(progress, steps)).toEqual({ kind: 'sampling', step, steps });
    }
    expect(jobPhase(0, steps)).toEqual({ kind: 'starting' });
    expect(jobPhase(SERVICE_STEPS_SHARE, steps)).toEqual({ kind: 'encoding' });
    expect(jobPhase(1, steps)).toEqual({ kind: 'encoding' });
    expect(phaseLabel(jobPhase(0.475, 20))).toBe('step 10/20');
  });
});

describe('time left', () => {
  it('is unknown before any progress', () => {
    const clock = new ProgressClock();
    expect(clock.remainingMs('j', 0, 5000, 1000)).toBeNull();
    expect(clock.remainingMs('j', 0, 5000, null)).toBeNull();
  });

  it('comes from the start time until two updates are seen', () => {
    const clock = new ProgressClock();
    clock.record('j', 0.25, 11_000);
    expect(clock.remainingMs('j', 0.25, 11_000, 1_000)).toBe(30_000); // 10 s for a quarter: 30 s for the rest
  });

  it('follows the recent rate of progress, not the slow start', () => {
    const clock = new ProgressClock();
    // model loading took 30 s, then 1% a second
    clock.record('j', 0.1, 40_000);
    clock.record('j', 0.2, 50_000);
    expect(clock.remainingMs('j', 0.2, 50_000, 0)).toBeCloseTo(80_000, 6);
    expect(clock.remainingMs('j', 0.2, 53_000, 0)).toBeCloseTo(77_000, 6); // counts down between updates
    // old samples leave the window: the rate is the recent one
    clock.record('j', 0.6, 70_000);
    clock.record('j', 0.8, 75_000);
    expect(clock.remainingMs('j', 0.8, 75_000, 0)).toBeCloseTo(0.2 / (0.2 / 5000), 6);
  });

  it('starts over when a job runs again from the beginning, and forgets finished jobs', () => {
    const clock = new ProgressClock();
    clock.record('j', 0.5, 10_000);
    clock.record('j', 0.6, 11_000);
    clock.record('j', 0.05, 20_000); // requeued after a restart
    expect(clock.remainingMs('j', 0.05, 20_000, null)).toBeNull();
    clock.record('j', 0.1, 21_000, false);
    expect(clock.remainingMs('j', 0.1, 21_000, null)).toBeNull();
    expect(clock.remainingMs('j', 1, 21_000, null)).toBe(0);
  });

  it('says it in words', () => {
    expect(timeLeftLabel(null)).toBe('');
    expect(timeLeftLabel(8_200)).toBe('about 8 s left');
    expect(timeLeftLabel(80_000)).toBe('about 1 min 20 s left');
    expect(timeLeftLabel(100)).toBe('about 1 s left');
  });
});
