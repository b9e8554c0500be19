import { describe, expect, it } from 'vitest';
import {
  canDropFrame, formatSeconds, frameAtSeconds, framesToSeconds, framesToTimecode, isDropFrame, nominalFps, rateLabel,
  secondsToFrames, timecodeToFrames,
} from '../../renderer/src/lib/timecode';

const r24 = { num: 24, den: 1 };
const r23976 = { num: 24000, den: 1001 };
const r25 = { num: 25, den: 1 };
const r30 = { num: 30, den: 1 };
const r2997 = { num: 30000, den: 1001 };
const r5994 = { num: 60000, den: 1001 };

/** Frames below `count` whose label does not read back as the same frame. */
function roundTripFailures(rate: { num: number; den: number }, count: number): number[] {
  const failures: number[] = [];
  for (let f = 0; f < count; f++) {
    if (timecodeToFrames(framesToTimecode(f, rate), rate) !== f) failures.push(f);
    if (failures.length > 5) break;
  }
  return failures;
}

describe('timecode at 24', () => {
  it('labels known frames', () => {
    expect(framesToTimecode(0, r24)).toBe('00:00:00:00');
    expect(framesToTimecode(1, r24)).toBe('00:00:00:01');
    expect(framesToTimecode(23, r24)).toBe('00:00:00:23');
    expect(framesToTimecode(24, r24)).toBe('00:00:01:00');
    expect(framesToTimecode(1439, r24)).toBe('00:00:59:23');
    expect(framesToTimecode(1440, r24)).toBe('00:01:00:00');
    expect(framesToTimecode(86400, r24)).toBe('01:00:00:00');
    expect(framesToTimecode(86400 * 25 + 5, r24)).toBe('25:00:00:05');
    expect(framesToTimecode(-24, r24)).toBe('-00:00:01:00');
  });

  it('reads typed timecode back, full and short', () => {
    expect(timecodeToFrames('01:00:00:00', r24)).toBe(86400);
    expect(timecodeToFrames('00:00:59:23', r24)).toBe(1439);
    expect(timecodeToFrames('1:00', r24)).toBe(24);
    expect(timecodeToFrames('90:00', r24)).toBe(90 * 24); // the leading field may overflow
    expect(timecodeToFrames('48', r24)).toBe(48);
    expect(timecodeToFrames(' 2:03:04 ', r24)).toBe((2 * 60 + 3) * 24 + 4);
    expect(timecodeToFrames('00.00.01.12', r24)).toBe(36);
    expect(timecodeToFrames('-1:00', r24)).toBe(-24);
  });

  it('rejects what is not a timecode', () => {
    for (const bad of ['', 'abc', '1:24', '00:60:00', '00:00:60:00', '1::2', '1:2:3:4:5', '1.5.', '+3']) {
      expect(timecodeToFrames(bad, r24), bad).toBeNull();
    }
  });

  it('round-trips every frame of two hours', () => {
    expect(roundTripFailures(r24, 2 * 86400)).toEqual([]);
  });

  it('shows seconds', () => {
    expect(framesToSeconds(48, r24)).toBe(2);
    expect(formatSeconds(48, r24)).toBe('2.00 s');
    expect(formatSeconds(12, r24, 1)).toBe('0.5 s');
    expect(formatSeconds(1500, r24)).toBe('1:02.50');
    expect(secondsToFrames(2.5, r24)).toBe(60);
    expect(frameAtSeconds(1, r24)).toBe(24);
    expect(frameAtSeconds(0.999, r24)).toBe(23);
  });
});

describe('timecode at 24000/1001 (23.976, non-drop as editors show it)', () => {
  it('is non-drop and counts labels at 24', () => {
    expect(nominalFps(r23976)).toBe(24);
    expect(canDropFrame(r23976)).toBe(false);
    expect(isDropFrame(r23976)).toBe(false);
    expect(isDropFrame(r23976, { dropFrame: true })).toBe(false);
  });

  it('labels known frames', () => {
    expect(framesToTimecode(0, r23976)).toBe('00:00:00:00');
    expect(framesToTimecode(23, r23976)).toBe('00:00:00:23');
    expect(framesToTimecode(24, r23976)).toBe('00:00:01:00');
    expect(framesToTimecode(1440, r23976)).toBe('00:01:00:00');
    expect(framesToTimecode(86400, r23976)).toBe('01:00:00:00');
    expect(timecodeToFrames('01:00:00:00', r23976)).toBe(86400);
    expect(timecodeToFrames('00:00:10:12', r23976)).toBe(252);
  });

  it('runs 3.6 s an hour slow of the wall clock', () => {
    expect(framesToSeconds(24, r23976)).toBeCloseTo(1.001, 12);
    expect(framesToSeconds(86400, r23976)).toBeCloseTo(3603.6, 9);
    expect(formatSeconds(24, r23976, 3)).toBe('1.001 s');
    expect(formatSeconds(86400, r23976, 1)).toBe('60:03.6');
    expect(secondsToFrames(1.001, r23976)).toBe(24);
    expect(secondsToFrames(3603.6, r23976)).toBe(86400);
  });

  it('puts the playhead on the frame that has started', () => {
    for (let k = 0; k < 5000; k += 13) {
      expect(frameAtSeconds(framesToSeconds(k, r23976), r23976)).toBe(k);
      expect(frameAtSeconds(framesToSeconds(k, r23976) + 0.04, r23976)).toBe(k);
    }
  });

  it('round-trips every frame of two hours', () => {
    expect(roundTripFailures(r23976, 2 * 86400)).toEqual([]);
  });
});

describe('drop-frame at 29.97 and 59.94 (SMPTE 12M)', () => {
  it('is the default at 29.97 and 59.94 only', () => {
    expect(isDropFrame(r2997)).toBe(true);
    expect(isDropFrame(r5994)).toBe(true);
    expect(isDropFrame(r30)).toBe(false);
    expect(isDropFrame(r25)).toBe(false);
    expect(isDropFrame(r2997, { dropFrame: false })).toBe(false);
  });

  it('skips frames 0 and 1 each minute but every tenth at 29.97', () => {
    expect(framesToTimecode(1799, r2997)).toBe('00:00:59;29');
    expect(framesToTimecode(1800, r2997)).toBe('00:01:00;02');
    expect(framesToTimecode(3597, r2997)).toBe('00:01:59;29');
    expect(framesToTimecode(3598, r2997)).toBe('00:02:00;02');
    expect(framesToTimecode(17981, r2997)).toBe('00:09:59;29');
    expect(framesToTimecode(17982, r2997)).toBe('00:10:00;00');
    expect(framesToTimecode(17983, r2997)).toBe('00:10:00;01');
    expect(framesToTimecode(107892, r2997)).toBe('01:00:00;00'); // an hour of labels is an hour of clock
    expect(framesToTimecode(1800, r2997, { dropFrame: false })).toBe('00:01:00:00');
  });

  it('skips frames 0–3 at 59.94', () => {
    expect(framesToTimecode(3599, r5994)).toBe('00:00:59;59');
    expect(framesToTimecode(3600, r5994)).toBe('00:01:00;04');
    expect(framesToTimecode(35964, r5994)).toBe('00:10:00;00');
    expect(framesToTimecode(215784, r5994)).toBe('01:00:00;00');
  });

  it('reads labels back and refuses the ones that do not exist', () => {
    expect(timecodeToFrames('00:01:00;02', r2997)).toBe(1800);
    expect(timecodeToFrames('00:10:00;00', r2997)).toBe(17982);
    expect(timecodeToFrames('01:00:00;00', r2997)).toBe(107892);
    expect(timecodeToFrames('00:01:00;00', r2997)).toBeNull();
    expect(timecodeToFrames('00:01:00;01', r2997)).toBeNull();
    expect(timecodeToFrames('00:01:00;03', r5994)).toBeNull();
  });

  it('round-trips', () => {
    expect(roundTripFailures(r2997, 2 * 107892)).toEqual([]);
    expect(roundTripFailures(r5994, 2 * 215784)).toEqual([]);
  });
});

describe('25 and 30', () => {
  it('labels known frames', () => {
    expect(framesToTimecode(25, r25)).toBe('00:00:01:00');
    expect(framesToTimecode(90000, r25)).toBe('01:00:00:00');
    expect(framesToTimecode(1800, r30)).toBe('00:01:00:00');
    expect(timecodeToFrames('00:00:00:29', r30)).toBe(29);
    expect(timecodeToFrames('00:00:00:25', r25)).toBeNull();
  });

  it('writes rates as editors do', () => {
    expect([r24, r23976, r25, r30, r2997, r5994].map(rateLabel)).toEqual(['24', '23.976', '25', '30', '29.97', '59.94']);
  });
});
