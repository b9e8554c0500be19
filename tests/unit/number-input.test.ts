/** The number field's logic (issue 12, first bug): only a finished, valid entry is saved; never truncated. */
import { describe, expect, it } from 'vitest';
import {
  arrowStep, commitEntry, formatNumber, NumberFieldState, parseEntry, stepFrom, usefulStep, type Commit, type NumberRules,
} from '../../renderer/src/lib/number-input';

const pan: NumberRules = { min: -1, max: 1, step: 0.01 };
const duration: NumberRules = { min: 1, max: 86400, integer: true };
const steps: NumberRules = { min: 1, max: 100, integer: true, clearable: true };
const seed: NumberRules = { min: 0, max: 4294967295, integer: true };

describe('parseEntry and commitEntry', () => {
  it('takes a finished valid number as it stands', () => {
    expect(parseEntry('0.25', pan)).toEqual({ kind: 'value', value: 0.25 });
    expect(parseEntry(' 48 ', duration)).toEqual({ kind: 'value', value: 48 });
    expect(parseEntry('-.5', pan)).toEqual({ kind: 'value', value: -0.5 });
    expect(parseEntry('+1', pan)).toEqual({ kind: 'value', value: 1 });
    expect(parseEntry('1e2', duration)).toEqual({ kind: 'value', value: 100 });
    expect(parseEntry('2.0', duration)).toEqual({ kind: 'value', value: 2 });
    expect(parseEntry('-0', pan)).toEqual({ kind: 'value', value: 0 });
  });

  it('calls partial input "not finished", never a value', () => {
    for (const partial of ['-', '+', '.', '0.', '-0.', '12.', '1e', '1e-', '.5E+']) {
      expect(parseEntry(partial, pan).kind, partial).toBe('unfinished');
      expect(commitEntry(partial, pan).kind, partial).toBe('error');
    }
    expect(parseEntry('', pan).kind).toBe('unfinished');
    expect(commitEntry('', pan)).toEqual({ kind: 'error', message: 'enter a number' });
    expect(commitEntry('', steps)).toEqual({ kind: 'clear' });
  });

  it('rejects, never truncates or clamps', () => {
    expect(commitEntry('1.5', seed)).toEqual({ kind: 'error', message: 'must be a whole number' });
    expect(commitEntry('500', steps)).toEqual({ kind: 'error', message: 'must be between 1 and 100' });
    expect(commitEntry('1.01', pan)).toEqual({ kind: 'error', message: 'must be between -1 and 1' });
    expect(commitEntry('0', { min: 1 })).toEqual({ kind: 'error', message: 'must be at least 1' });
    expect(commitEntry('7', { max: 5 })).toEqual({ kind: 'error', message: 'must be at most 5' });
    expect(commitEntry('0.2.5', pan).kind).toBe('error');
    expect(commitEntry('0x10', duration).kind).toBe('error');
    expect(commitEntry('Infinity', pan).kind).toBe('error');
    expect(commitEntry('1e400', pan)).toEqual({ kind: 'error', message: 'too large' });
    expect(commitEntry('0,5', pan)).toEqual({ kind: 'error', message: 'use a point for decimals: 0.5, not 0,5' });
    expect(commitEntry('12abc', duration)).toEqual({ kind: 'error', message: 'not a whole number' });
  });

  it('a start that more digits can bring into range is unfinished, one that cannot is invalid', () => {
    const r = { min: 10, max: 100, integer: true };
    expect(parseEntry('5', r).kind).toBe('unfinished'); // on the way to 50
    expect(parseEntry('500', r).kind).toBe('invalid');
    expect(parseEntry('5', { min: 55, max: 56 }).kind).toBe('unfinished');
    expect(parseEntry('4', { min: 55, max: 56 }).kind).toBe('invalid');
    expect(parseEntry('0.5', r).kind).toBe('invalid');
    expect(commitEntry('5', r)).toEqual({ kind: 'error', message: 'must be between 10 and 100' });
  });
});

describe('arrow steps', () => {
  it('uses the field step, ×10 with Shift', () => {
    expect(arrowStep(pan)).toBe(0.01);
    expect(arrowStep(pan, true)).toBe(0.1);
    expect(stepFrom(0.25, 1, pan)).toBe(0.26);
    expect(stepFrom(0.25, -1, pan, true)).toBe(0.15);
    expect(stepFrom(0.1, 1, { step: 0.1 })).toBe(0.2);
    expect(stepFrom(0.2, 1, { step: 0.1 })).toBe(0.3); // not 0.30000000000000004
  });

  it('a useful default step: 1 for whole numbers, else about a hundredth of the range on a 1-2-5 scale', () => {
    expect(usefulStep(-1, 1)).toBe(0.02);
    expect(usefulStep(0.5, 2)).toBe(0.02);
    expect(usefulStep(0, 30)).toBe(0.2);
    expect(usefulStep(0, 1000)).toBe(10);
    expect(usefulStep(1, 86400, true)).toBe(1);
    expect(usefulStep(undefined, undefined)).toBe(1);
    expect(stepFrom(1, 1, { min: 0.5, max: 2 })).toBe(1.02);
    expect(stepFrom(1, 1, { min: 0.5, max: 2 }, true)).toBe(1.2);
  });

  it('moves a value off the grid onto the next grid point that way', () => {
    expect(stepFrom(0.255, 1, pan)).toBe(0.26);
    expect(stepFrom(0.255, -1, pan)).toBe(0.25);
    expect(stepFrom(0.255, 1, pan, true)).toBe(0.35);
  });

  it('stays in range and whole', () => {
    expect(stepFrom(0.95, 1, pan, true)).toBe(1);
    expect(stepFrom(-0.95, -1, pan, true)).toBe(-1);
    expect(stepFrom(72, 1, duration, true)).toBe(82);
    expect(stepFrom(1, -1, duration)).toBe(1);
    expect(stepFrom(4294967295, 1, seed)).toBe(4294967295);
    expect(stepFrom(-0.01, 1, pan)).toBe(0);
    expect(Object.is(stepFrom(-0.01, 1, pan), -0)).toBe(false);
  });

  it('formats without float noise', () => {
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(48)).toBe('48');
    expect(formatNumber(-0)).toBe('0');
  });
});

/**
 * Types `text` into a field one key every `gap` ms from `start`, the way a user does, with the
 * field's timer ticking every 10 ms. With `server`, the project's state is pushed back into the
 * field on every tick (a refresh, the late answer to an earlier save), and every save lands there.
 * Returns every commit the field asked for.
 */
function typeInto(
  field: NumberFieldState, text: string, options: { start?: number; gap?: number; server?: { value: number | null } } = {},
): Commit[] {
  const gap = options.gap ?? 100;
  let now = options.start ?? 0;
  const saved: Commit[] = [];
  const run = (until: number) => {
    for (; now < until; now += 10) {
      const c = field.tick(now);
      if (c) saved.push(c);
      if (options.server) {
        if (c?.kind === 'save') options.server.value = c.value;
        field.external(options.server.value);
      }
    }
  };
  for (let k = 1; k <= text.length; k++) {
    // a field starts with the old value selected: the first key replaces it
    field.input(text.slice(0, k), now);
    run(now + gap);
  }
  run(now + 3000); // the user stops: the pause commits
  return saved;
}

describe('typing at 100 ms per key saves only the finished value', () => {
  it('pan x typed 0.25 saves 0.25, once (it saved 0.055)', () => {
    const field = new NumberFieldState(pan, 0);
    expect(typeInto(field, '0.25')).toEqual([{ kind: 'save', value: 0.25 }]);
    expect(field.text).toBe('0.25');
  });

  it('duration typed 48 and 120 saves 48 and 120 (they saved 728 and 7280)', () => {
    const field = new NumberFieldState(duration, 72);
    // the project's value pushed back into the field while the user types never rewrites their text
    const server = { value: 72 as number | null };
    expect(typeInto(field, '48', { server })).toEqual([{ kind: 'save', value: 48 }]);
    expect(field.text).toBe('48');
    expect(typeInto(field, '120', { start: 10_000, server })).toEqual([{ kind: 'save', value: 120 }]);
    expect(field.text).toBe('120');
    expect(server.value).toBe(120);
  });

  it('steps 500 above a maximum of 100 is an error and saves nothing (it saved 50)', () => {
    const field = new NumberFieldState(steps, 30);
    expect(typeInto(field, '500')).toEqual([{ kind: 'error', message: 'must be between 1 and 100' }]);
    expect(field.message).toBe('must be between 1 and 100');
    expect(field.text).toBe('500'); // what the user typed stays for them to fix
    field.external(30); // a refresh from elsewhere does not hide the error under the old value
    expect(field.text).toBe('500');
    expect(typeInto(field, '50', { start: 10_000, server: { value: 30 } })).toEqual([{ kind: 'save', value: 50 }]);
  });

  it('seed 1.5 is an error and saves nothing (it saved 1)', () => {
    const field = new NumberFieldState(seed, 7);
    expect(typeInto(field, '1.5')).toEqual([{ kind: 'error', message: 'must be a whole number' }]);
  });

  it('a field left at "-" or "0." saves nothing', () => {
    const field = new NumberFieldState(pan, 0.5);
    expect(typeInto(field, '-')).toEqual([{ kind: 'error', message: 'finish the number (a number)' }]);
    const other = new NumberFieldState(pan, 0.5);
    expect(typeInto(other, '0.')).toEqual([{ kind: 'error', message: 'finish the number (a number)' }]);
  });

  it('no intermediate value is saved even when the user types slowly, up to the pause', () => {
    const field = new NumberFieldState(pan, 0);
    expect(typeInto(field, '-0.75', { gap: 700 })).toEqual([{ kind: 'save', value: -0.75 }]);
  });

  it('shows an invalid entry at once but an unfinished one only on commit', () => {
    const field = new NumberFieldState(steps, 30);
    field.input('5', 0);
    expect(field.message).toBeNull();
    field.input('50', 100);
    expect(field.message).toBeNull();
    field.input('500', 200);
    expect(field.message).toBe('must be between 1 and 100');
    field.input('50', 300);
    expect(field.message).toBeNull();
    expect(field.commit()).toEqual({ kind: 'save', value: 50 });
  });

  it('Enter commits at once; the same value again saves nothing; Escape restores', () => {
    const field = new NumberFieldState(pan, 0.5);
    field.input('0.5', 0);
    expect(field.commit()).toBeNull();
    field.input('0.3', 10);
    expect(field.commit()).toEqual({ kind: 'save', value: 0.3 });
    field.input('0.', 20);
    field.cancel();
    expect(field.text).toBe('0.3');
    expect(field.tick(10_000)).toBeNull();
  });

  it('clearing a clearable field clears it once', () => {
    const field = new NumberFieldState(steps, 30);
    field.input('', 0);
    expect(field.commit()).toEqual({ kind: 'clear' });
    field.input('', 10);
    expect(field.commit()).toBeNull();
  });

  it('arrow keys save the stepped value at once, from what is typed when valid', () => {
    const field = new NumberFieldState(pan, 0.25);
    expect(field.arrow(1)).toEqual({ kind: 'save', value: 0.26 });
    expect(field.arrow(1, true)).toEqual({ kind: 'save', value: 0.36 });
    field.input('0.5', 0);
    expect(field.arrow(-1)).toEqual({ kind: 'save', value: 0.49 });
    field.input('0.', 10); // unfinished: steps from the held value
    expect(field.arrow(1)).toEqual({ kind: 'save', value: 0.5 });
    expect(field.text).toBe('0.5');
    const top = new NumberFieldState(pan, 1);
    expect(top.arrow(1)).toBeNull();
  });
});
