/**
 * What a number field does with its text: a finished entry is saved only when it is valid,
 * whole and in range; anything else is rejected with a reason, never truncated or clamped.
 */
export interface NumberRules { min: number; max: number; integer?: boolean; clearable?: boolean }

export type Entry = { kind: 'value'; value: number } | { kind: 'clear' } | { kind: 'invalid'; problem: string };

export function parseEntry(raw: string, rules: NumberRules): Entry {
  const text = raw.trim();
  if (text === '') return rules.clearable ? { kind: 'clear' } : { kind: 'invalid', problem: 'enter a number' };
  const v = Number(text);
  if (!Number.isFinite(v)) return { kind: 'invalid', problem: 'enter a number' };
  if (rules.integer && !Number.isInteger(v)) return { kind: 'invalid', problem: 'enter a whole number' };
  if (v < rules.min || v > rules.max) return { kind: 'invalid', problem: `between ${rules.min} and ${rules.max}` };
  return { kind: 'value', value: v };
}

/** One arrow-key step from `from` (`times` steps, negative down), kept in range and on the step's precision. */
export function stepValue(from: number, step: number, times: number, rules: NumberRules): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const next = Number((from + step * times).toFixed(decimals + 2));
  const rounded = Number((Math.round(next / step) * step).toFixed(decimals + 2));
  return Math.min(rules.max, Math.max(rules.min, rules.integer ? Math.round(rounded) : rounded));
}
