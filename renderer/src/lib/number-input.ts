/**
 * The logic of a number field, apart from any component: what typed text means, when it
 * may be saved, and what the arrow keys do.
 *
 * Rules (issue 12's bugs: "0.25 saved 0.055", "48 saved 728", "500 saved 50", "1.5 saved 1"):
 *  - the text is the user's while they type: a value arriving from elsewhere (the answer to
 *    an earlier save) never rewrites it mid-entry;
 *  - only a finished entry is saved: on Enter, on leaving the field, or after a pause in
 *    typing far longer than the gap between keys. Text that is on its way to a number
 *    (`-`, `0.`, `.5e`) is "not finished": never saved, shown as an error only on commit;
 *  - what is invalid is rejected with a message, never truncated or clamped: `1.5` in a
 *    whole-number field, `500` above a maximum of 100, `0x10`, `1,5`;
 *  - arrow keys step by a useful amount (the field's step; else 1 for whole numbers, or
 *    about a hundredth of the range on a 1-2-5 scale), ×10 with Shift, landing on the
 *    step's grid, kept in range.
 */

export interface NumberRules {
  min?: number;
  max?: number;
  /** the arrow-key step; default `usefulStep(min, max, integer)` */
  step?: number;
  /** whole numbers only */
  integer?: boolean;
  /** an empty field is allowed and means "no value" (e.g. the model's default) */
  clearable?: boolean;
}

/** What the text means now, while the user types (for live feedback). */
export type Entry =
  | { kind: 'value'; value: number }
  | { kind: 'clear' }
  /** on its way to a number: not an error yet, never saved; `message` is what a commit now would say */
  | { kind: 'unfinished'; message: string }
  | { kind: 'invalid'; message: string };

/** What committing the text does: save a value, clear the field's value, or show an error and save nothing. */
export type Commit = { kind: 'save'; value: number } | { kind: 'clear' } | { kind: 'error'; message: string };

/** A complete decimal number: digits with an optional fraction and exponent, or a fraction alone. */
const COMPLETE = /^[+-]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?$/;
/** A prefix of one: what is typed on the way to a complete number. */
const PARTIAL = /^[+-]?(?:|\.|\d+\.|(?:\d+(?:\.\d*)?|\.\d+)[eE][+-]?)$/;

function describeRange(rules: NumberRules): string {
  const { min, max } = rules;
  if (min !== undefined && max !== undefined) return `between ${formatNumber(min)} and ${formatNumber(max)}`;
  if (min !== undefined) return `at least ${formatNumber(min)}`;
  return `at most ${formatNumber(max!)}`;
}

/** What `raw` means in a field with these rules, as the user types it. */
export function parseEntry(raw: string, rules: NumberRules): Entry {
  const text = raw.trim();
  const kindOfNumber = rules.integer ? 'a whole number' : 'a number';
  if (text === '') return rules.clearable ? { kind: 'clear' } : { kind: 'unfinished', message: `enter ${kindOfNumber}` };
  if (!COMPLETE.test(text)) {
    if (PARTIAL.test(text)) return { kind: 'unfinished', message: `finish the number (${kindOfNumber})` };
    if (/^[+-]?\d*,\d+$/.test(text)) return { kind: 'invalid', message: 'use a point for decimals: 0.5, not 0,5' };
    return { kind: 'invalid', message: `not ${kindOfNumber}` };
  }
  const value = Number(text);
  if (!Number.isFinite(value)) return { kind: 'invalid', message: 'too large' };
  if (rules.integer && !Number.isInteger(value)) return { kind: 'invalid', message: 'must be a whole number' };
  if (!Number.isSafeInteger(value) && rules.integer) return { kind: 'invalid', message: 'too large' };
  const below = rules.min !== undefined && value < rules.min;
  const above = rules.max !== undefined && value > rules.max;
  if (below || above) {
    const message = `must be ${describeRange(rules)}`;
    // a start that more digits can still bring into range ("5" on the way to "50" with a minimum of 10)
    return below && couldGrowIntoRange(text, rules) ? { kind: 'unfinished', message } : { kind: 'invalid', message };
  }
  return { kind: 'value', value: value === 0 ? 0 : value }; // no -0
}

/** Whether appending digits to `text` (a non-negative whole number as typed) can reach [min, max]. */
function couldGrowIntoRange(text: string, rules: NumberRules): boolean {
  // appending a digit moves a non-negative whole number up (v·10 + d); decimals, signs and exponents barely or never
  if (!/^\+?\d+$/.test(text)) return false;
  const value = Number(text);
  const min = rules.min ?? -Infinity;
  const max = rules.max ?? Infinity;
  for (let scale = 10; scale <= 1e15; scale *= 10) {
    const low = value * scale;
    const high = low + scale - 1;
    if (low > max) return false;
    if (high >= min) return true;
  }
  return false;
}

/** What committing `raw` (Enter, leaving the field, a pause in typing) does. */
export function commitEntry(raw: string, rules: NumberRules): Commit {
  const entry = parseEntry(raw, rules);
  switch (entry.kind) {
    case 'value': return { kind: 'save', value: entry.value };
    case 'clear': return { kind: 'clear' };
    default: return { kind: 'error', message: entry.message };
  }
}

/**
 * The default arrow step: 1 for whole numbers (frames, steps, seeds are counted) and
 * without a range; else a 1-2-5 step about a hundredth of the range (0.02 for pan's −1…1).
 */
export function usefulStep(min: number | undefined, max: number | undefined, integer = false): number {
  if (integer || min === undefined || max === undefined || !(max > min)) return 1;
  const raw = (max - min) / 100;
  const exp = Math.floor(Math.log10(raw));
  const base = 10 ** exp;
  const m = raw / base;
  const nice = (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * base;
  return Number(nice.toPrecision(12));
}

function decimalsOf(x: number): number {
  const s = String(x);
  const e = /e-(\d+)$/.exec(s);
  if (e) return Number(e[1]) + (s.split('e')[0]!.split('.')[1]?.length ?? 0);
  return s.split('.')[1]?.length ?? 0;
}

/** The step the arrow keys take: the field's step (or a useful one), ×10 with Shift. */
export function arrowStep(rules: NumberRules, shift = false): number {
  const base = rules.step ?? usefulStep(rules.min, rules.max, rules.integer);
  return shift ? Number((base * 10).toPrecision(12)) : base;
}

/**
 * The value one arrow press (`direction` +1 up, −1 down) makes of `from`: `steps` of the
 * field's step (10 with Shift) on the step's grid (a value off the grid moves to the
 * next grid point that way first), kept in range, whole for whole-number fields, and
 * free of float noise (0.1 + 0.2 is 0.3).
 */
export function stepFrom(from: number, direction: 1 | -1, rules: NumberRules, shift = false): number {
  const step = rules.step ?? usefulStep(rules.min, rules.max, rules.integer);
  const count = shift ? 10 : 1;
  const k = from / step;
  const nearest = Math.round(k);
  const onGrid = Math.abs(k - nearest) < 1e-9;
  const target = onGrid ? nearest + direction * count : (direction > 0 ? Math.ceil(k) : Math.floor(k)) + direction * (count - 1);
  let value = Number((target * step).toFixed(Math.min(20, decimalsOf(step))));
  if (rules.integer) value = direction > 0 ? Math.ceil(value) : Math.floor(value);
  if (rules.max !== undefined) value = Math.min(value, rules.max);
  if (rules.min !== undefined) value = Math.max(value, rules.min);
  return value === 0 ? 0 : value;
}

/** A value as the field shows it: no float noise (0.30000000000000004 shows 0.3), no exponent for ordinary sizes. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const clean = Number(value.toPrecision(12));
  return String(clean === 0 ? 0 : clean);
}

// ---------------------------------------------------------------------------------------
// the field as a state machine, with time passed in (so that typing can be tested)

export interface FieldOptions {
  /** a pause in typing this long commits the entry; far longer than the gap between keys (default 800 ms) */
  pauseMs?: number;
}

/**
 * One number field's state: the text, whether the user is typing, the message to show.
 * A component feeds it events and saves what the methods return; nothing here saves.
 */
export class NumberFieldState {
  text: string;
  editing = false;
  /** the error to show, or null */
  message: string | null = null;
  rules: NumberRules;
  private value: number | null;
  private lastInput = 0;
  readonly pauseMs: number;

  constructor(rules: NumberRules, value: number | null, options: FieldOptions = {}) {
    this.rules = rules;
    this.value = value;
    this.text = value === null ? '' : formatNumber(value);
    this.pauseMs = options.pauseMs ?? 800;
  }

  /** The text changed (a key, a paste) at time `now` (ms). Nothing is saved. */
  input(text: string, now: number): void {
    this.text = text;
    this.editing = true;
    this.lastInput = now;
    const entry = parseEntry(text, this.rules);
    // say at once what is wrong; say nothing about what is merely unfinished
    this.message = entry.kind === 'invalid' ? entry.message : null;
  }

  /** Called on a timer: after a pause in typing, commits (see `commit`); otherwise nothing. */
  tick(now: number): Commit | null {
    if (!this.editing || now - this.lastInput < this.pauseMs) return null;
    return this.commit();
  }

  /**
   * Enter, leaving the field, or a pause: what to save. Returns `save`/`clear` only for a
   * valid finished entry that differs from the value held; `error` (and the message) for
   * anything else; null when there is nothing to do.
   */
  commit(): Commit | null {
    if (!this.editing) return null;
    this.editing = false;
    const result = commitEntry(this.text, this.rules);
    if (result.kind === 'error') {
      this.message = result.message;
      return result;
    }
    this.message = null;
    if (result.kind === 'clear') {
      if (this.value === null) return null;
      this.value = null;
      return result;
    }
    if (result.value === this.value) return null;
    this.value = result.value;
    return result;
  }

  /** Escape: drop the entry, show the held value again. */
  cancel(): void {
    this.editing = false;
    this.message = null;
    this.text = this.value === null ? '' : formatNumber(this.value);
  }

  /**
   * The value changed elsewhere (the answer to a save, an undo, another window). Taken
   * into the text only when the user is not typing and their entry is not in error.
   */
  external(value: number | null): void {
    this.value = value;
    if (!this.editing && this.message === null) this.text = value === null ? '' : formatNumber(value);
  }

  /**
   * An arrow key: the stepped value to save at once (from what is typed when it is a
   * valid number, else from the held value, else from the minimum), or null when the
   * step changes nothing.
   */
  arrow(direction: 1 | -1, shift = false): Commit | null {
    const typed = parseEntry(this.text, this.rules);
    const from = typed.kind === 'value' ? typed.value : (this.value ?? this.rules.min ?? 0);
    const next = stepFrom(from, direction, this.rules, shift);
    this.editing = false;
    this.message = null;
    this.text = formatNumber(next);
    if (next === this.value) return null;
    this.value = next;
    return { kind: 'save', value: next };
  }
}
