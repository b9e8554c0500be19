/** The number field's rules (issue 12): a finished entry is saved only when valid, never truncated; arrow steps. */
import { describe, expect, it } from 'vitest';
import { parseEntry, stepValue } from '../../renderer/src/ui/number-entry';

const seed = { min: 0, max: 4294967295, integer: true };
const pan = { min: -1, max: 1 };

describe('number entry', () => {
  it('takes what was typed as it stands', () => {
    expect(parseEntry('0.25', pan)).toEqual({ kind: 'value', value: 0.25 });
    expect(parseEntry(' 48 ', { min: 1, max: 86400, integer: true })).toEqual({ kind: 'value', value: 48 });
  });

  it('rejects, never truncates or clamps, what is invalid', () => {
    expect(parseEntry('1.5', seed)).toEqual({ kind: 'invalid', problem: 'enter a whole number' });
    expect(parseEntry('500', { min: 1, max: 200, integer: true })).toEqual({ kind: 'invalid', problem: 'between 1 and 200' });
    expect(parseEntry('0.2.5', pan)).toEqual({ kind: 'invalid', problem: 'enter a number' });
    expect(parseEntry('', pan)).toEqual({ kind: 'invalid', problem: 'enter a number' });
    expect(parseEntry('', { ...pan, clearable: true })).toEqual({ kind: 'clear' });
  });

  it('steps by the field step, stays on its precision and in range', () => {
    expect(stepValue(0, 0.05, 1, pan)).toBe(0.05);
    expect(stepValue(0.1, 0.05, 1, pan)).toBe(0.15); // not 0.15000000000000002
    expect(stepValue(0.95, 0.05, 10, pan)).toBe(1);
    expect(stepValue(-0.9, 0.05, -10, pan)).toBe(-1);
    expect(stepValue(72, 1, 10, { min: 1, max: 86400, integer: true })).toBe(82);
    expect(stepValue(1, 0.5, 1, { min: 0, max: 30 })).toBe(1.5);
  });
});
