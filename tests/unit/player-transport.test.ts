/** J/K/L and space, and playback time in whole frames at rational rates. */
import { describe, expect, it } from 'vitest';
import { MAX_SPEED, press, release, speedLabel, STOPPED, type TransportKey, type TransportState } from '../../renderer/src/player/transport';
import { clipFrame, clipSeconds, frameDue, stepFrame, wrapFrame } from '../../renderer/src/player/clock';

function keys(...sequence: (TransportKey | `-${TransportKey}`)[]): { state: TransportState; steps: number[] } {
  let state = STOPPED;
  const steps: number[] = [];
  for (const k of sequence) {
    if (k.startsWith('-')) state = release(state, k.slice(1) as TransportKey);
    else {
      const change = press(state, k as TransportKey);
      state = change.state;
      steps.push(change.step);
    }
  }
  return { state, steps };
}

describe('J/K/L transport', () => {
  it('L plays forward and doubles up to the maximum', () => {
    expect(keys('L').state.speed).toBe(1);
    expect(keys('L', 'L').state.speed).toBe(2);
    expect(keys('L', 'L', 'L').state.speed).toBe(4);
    expect(keys('L', 'L', 'L', 'L', 'L', 'L').state.speed).toBe(MAX_SPEED);
  });

  it('J plays backward the same way, and the other key turns back at 1×', () => {
    expect(keys('J').state.speed).toBe(-1);
    expect(keys('J', 'J').state.speed).toBe(-2);
    expect(keys('J', 'J', 'L').state.speed).toBe(1);
    expect(keys('L', 'L', 'J').state.speed).toBe(-1);
  });

  it('K stops; with K held, J and L step one frame and do not play', () => {
    expect(keys('L', 'L', 'K').state.speed).toBe(0);
    const held = keys('K', 'L', 'L', 'J');
    expect(held.state.speed).toBe(0);
    expect(held.steps).toEqual([0, 1, 1, -1]);
    const released = keys('K', '-K', 'L');
    expect(released.state.speed).toBe(1);
    expect(released.steps).toEqual([0, 0]);
  });

  it('space starts at 1× and stops whatever plays', () => {
    expect(keys('Space').state.speed).toBe(1);
    expect(keys('Space', 'Space').state.speed).toBe(0);
    expect(keys('J', 'J', 'Space').state.speed).toBe(0);
  });

  it('labels the speed', () => {
    expect(speedLabel(0)).toBe('Paused');
    expect(speedLabel(2)).toBe('▶ 2×');
    expect(speedLabel(-4)).toBe('◀ 4×');
  });
});

describe('playback clock', () => {
  const r24 = { num: 24, den: 1 };
  const r23976 = { num: 24000, den: 1001 };

  it('plays 24 frames a second at 24 and 23.976 frames a second at 24000/1001', () => {
    expect(frameDue({ frame: 0, atMs: 1000, speed: 1 }, 2000, r24)).toBe(24);
    // one hour at 23.976: 86313.686… frames, the frame that has started is 86313
    expect(frameDue({ frame: 0, atMs: 0, speed: 1 }, 3_600_000, r23976)).toBe(86313);
    // exactly 1001 ms is frame 24 at 23.976, not 23 (float error)
    expect(frameDue({ frame: 0, atMs: 0, speed: 1 }, 1001, r23976)).toBe(24);
    expect(frameDue({ frame: 0, atMs: 0, speed: 1 }, 1000.9, r23976)).toBe(23);
  });

  it('scales by the speed, backward included, from the anchor frame', () => {
    expect(frameDue({ frame: 100, atMs: 0, speed: 2 }, 500, r24)).toBe(124);
    expect(frameDue({ frame: 100, atMs: 0, speed: -4 }, 250, r24)).toBe(76);
    expect(frameDue({ frame: 100, atMs: 0, speed: 0 }, 99_999, r24)).toBe(100);
    expect(frameDue({ frame: 100, atMs: 500, speed: 1 }, 400, r24)).toBe(100); // a clock read before the anchor
  });

  it('wraps when looping and stops at the ends otherwise', () => {
    expect(wrapFrame(144, 144, true)).toEqual({ frame: 0, ended: false });
    expect(wrapFrame(150, 144, true)).toEqual({ frame: 6, ended: false });
    expect(wrapFrame(-1, 144, true)).toEqual({ frame: 143, ended: false });
    expect(wrapFrame(144, 144, false)).toEqual({ frame: 143, ended: true });
    expect(wrapFrame(-5, 144, false)).toEqual({ frame: 0, ended: true });
    expect(wrapFrame(10, 144, false)).toEqual({ frame: 10, ended: false });
    expect(wrapFrame(3, 0, true)).toEqual({ frame: 0, ended: true });
  });

  it('steps whole frames', () => {
    expect(stepFrame(10, 1, 144, false)).toBe(11);
    expect(stepFrame(143, 1, 144, false)).toBe(143);
    expect(stepFrame(143, 1, 144, true)).toBe(0);
    expect(stepFrame(0, -1, 144, true)).toBe(143);
  });

  it('seeks a clip to the middle of a frame and reads the frame back', () => {
    for (const rate of [r24, r23976]) {
      for (const f of [0, 1, 23, 24, 71, 1439]) expect(clipFrame(clipSeconds(f, rate), rate)).toBe(f);
    }
    expect(clipSeconds(0, r24)).toBeCloseTo(1 / 48, 9);
  });
});
