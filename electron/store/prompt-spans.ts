/**
 * Actors bound to words of the prompt, as character spans `[start, end)` (end exclusive,
 * UTF-16 indices, as the store and the engine keep them). No marker characters go into
 * the prompt: the binding lives only in the spans, and this module keeps them on their
 * words while the prompt is edited.
 *
 * `rebindSpans(oldPrompt, newPrompt, spans)` diffs the two prompts (common prefix and
 * suffix, then a word-level diff of what lies between) and maps every span onto the new
 * prompt:
 *  - edits elsewhere leave it alone; text inserted or deleted before it shifts it;
 *  - text inserted inside it (between its words, or a suffix on its word: fox → foxes)
 *    widens it, and it is snapped outward to whole words;
 *  - if any of its own characters (other than spaces) is deleted or replaced, its words
 *    are gone: it is flagged `lost`, never silently moved onto other words.
 * When the same text could have been edited in two places (deleting one "fox " of
 * "a fox fox"), the optional `editAt` (where the edit began in the old prompt, e.g. the
 * caret at `beforeinput`) picks the right one; without it the later place is assumed.
 *
 * Word boundaries come from `Intl.Segmenter` (words in CJK text too), with a plain
 * letters-and-digits fallback.
 *
 * One module for both sides: the store carries an object's span through a prompt edit
 * with it (phrase-binding.ts), and the renderer previews the same rebinding while the
 * edit is typed, so the highlight never jumps when the save answers. It is pure (no
 * imports), and the renderer's lint rule allows it (tests/unit/prompt-spans.test.ts
 * keeps it pure).
 */

/** `[start, end)` in UTF-16 code units of the prompt. */
export type Span = [number, number];
type SpanLike = readonly [number, number];

export type SpanStatus =
  /** same text at the same place */
  | 'kept'
  /** same text, shifted by an edit before it */
  | 'moved'
  /** its words all stand, with text inserted among them (or whitespace changed): the span is wider */
  | 'edited'
  /** some of its words are gone: flag it, the director rebinds it */
  | 'lost';

export interface Rebound {
  /** the span in the new prompt, or null when lost */
  span: Span | null;
  status: SpanStatus;
  /** for a lost span: the words still left of it (snapped), where to show the flag; else null */
  near: Span | null;
}

// ---------------------------------------------------------------------------------------
// words

interface WordSegment {
  start: number;
  end: number;
}

let segmenter: Intl.Segmenter | null | undefined;
function wordSegmenter(): Intl.Segmenter | null {
  if (segmenter === undefined) {
    segmenter = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'word' }) : null;
  }
  return segmenter;
}

/** The words of `text` as `[start, end)` spans, in order. */
export function words(text: string): Span[] {
  const seg = wordSegmenter();
  const out: Span[] = [];
  if (seg) {
    for (const s of seg.segment(text)) if (s.isWordLike) out.push([s.index, s.index + s.segment.length]);
    return out;
  }
  const re = /[\p{L}\p{N}\p{M}\p{Pc}]+(?:['’][\p{L}\p{N}\p{M}\p{Pc}]+)*/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push([m.index, m.index + m[0].length]);
  return out;
}

function wordSegments(text: string): WordSegment[] {
  return words(text).map(([start, end]) => ({ start, end }));
}

/** The word at character `index` (or the one just before it, as a caret at a word's end), or null. */
export function wordAt(text: string, index: number): Span | null {
  const ws = wordSegments(text);
  const hit = ws.find((w) => w.start <= index && index < w.end) ?? ws.find((w) => w.end === index);
  return hit ? [hit.start, hit.end] : null;
}

/**
 * A text selection turned into a span on whole words: spaces and punctuation at its edges
 * are dropped and a word cut by either edge is taken whole. A collapsed selection (a
 * caret) takes the word it is in. Null when the selection holds no word.
 */
export function selectionToSpan(text: string, selectionStart: number, selectionEnd: number): Span | null {
  const a = Math.max(0, Math.min(selectionStart, selectionEnd, text.length));
  const b = Math.min(text.length, Math.max(selectionStart, selectionEnd, 0));
  if (a === b) return wordAt(text, a);
  const inside = wordSegments(text).filter((w) => w.end > a && w.start < b);
  if (inside.length === 0) return null;
  return [inside[0]!.start, inside[inside.length - 1]!.end];
}

/** `span` widened to whole words of `text` (a span that cuts a word takes all of it). */
export function snapToWords(text: string, span: SpanLike): Span {
  let [a, b] = span;
  for (const w of wordSegments(text)) {
    if (w.start < a && a < w.end) a = w.start;
    if (w.start < b && b < w.end) b = w.end;
  }
  return [a, b];
}

/** Whether a binding's span still selects its phrase in `prompt` (false: its words are gone, it is lost). */
export function isBound(prompt: string, binding: { phrase: string; span: SpanLike }): boolean {
  const [a, b] = binding.span;
  return b > a && b <= prompt.length && prompt.slice(a, b) === binding.phrase;
}

/** The text a span covers. */
export function spanText(text: string, span: SpanLike): string {
  return text.slice(span[0], span[1]);
}

/** Whether two spans share a character. */
export function spansOverlap(a: SpanLike, b: SpanLike): boolean {
  return a[0] < b[1] && b[0] < a[1];
}

// ---------------------------------------------------------------------------------------
// the diff

/** Tokens for the word-level diff: a run of word characters, a run of spaces, or any other single character (one per CJK character). */
const TOKEN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{N}\p{M}\p{Pc}]+|\s+|[\s\S]/gu;

function tokenize(text: string, offset: number): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) out.push({ text: m[0], start: offset + m.index });
  return out;
}

/** Longest common subsequence of two token lists as matched index pairs; none when too large to be worth it. */
function lcs(a: readonly string[], b: readonly string[]): [number, number][] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0 || n * m > 4_000_000) return [];
  const w = m + 1;
  const table = new Uint16Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * w + j] = a[i] === b[j] ? table[(i + 1) * w + j + 1]! + 1 : Math.max(table[(i + 1) * w + j]!, table[i * w + j + 1]!);
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) { pairs.push([i, j]); i++; j++; }
    else if (table[(i + 1) * w + j]! >= table[i * w + j + 1]!) i++;
    else j++;
  }
  return pairs;
}

/**
 * For every character of `oldText`, where it stands in `newText`, or -1 where it was
 * deleted or replaced. Monotonic: kept characters keep their order.
 */
export function mapCharacters(oldText: string, newText: string, editAt?: number): Int32Array {
  const n = oldText.length;
  const m = newText.length;
  const map = new Int32Array(n).fill(-1);
  let prefix = 0;
  const maxPrefix = Math.min(n, m, editAt === undefined ? Infinity : Math.max(0, editAt));
  while (prefix < maxPrefix && oldText.charCodeAt(prefix) === newText.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < Math.min(n, m) - prefix && oldText.charCodeAt(n - 1 - suffix) === newText.charCodeAt(m - 1 - suffix)) suffix++;
  for (let i = 0; i < prefix; i++) map[i] = i;
  for (let i = 0; i < suffix; i++) map[n - 1 - i] = m - 1 - i;
  const oldTokens = tokenize(oldText.slice(prefix, n - suffix), prefix);
  const newTokens = tokenize(newText.slice(prefix, m - suffix), prefix);
  for (const [i, j] of lcs(oldTokens.map((t) => t.text), newTokens.map((t) => t.text))) {
    const o = oldTokens[i]!;
    const q = newTokens[j]!;
    for (let k = 0; k < o.text.length; k++) map[o.start + k] = q.start + k;
  }
  return map;
}

const SPACE = /\s/u;

/**
 * The spans of `oldPrompt` carried over to `newPrompt`, one answer per span in the same
 * order (see the module's comment for the rules). `editAt`: where the edit began in the
 * old prompt, when known.
 */
export function rebindSpans(oldPrompt: string, newPrompt: string, spans: readonly SpanLike[], editAt?: number): Rebound[] {
  const map = mapCharacters(oldPrompt, newPrompt, editAt);
  return spans.map(([a0, b0]) => rebindOne(oldPrompt, newPrompt, map, a0, b0));
}

function rebindOne(oldPrompt: string, newPrompt: string, map: Int32Array, a0: number, b0: number): Rebound {
  const a = Math.max(0, Math.min(a0, oldPrompt.length));
  const b = Math.max(a, Math.min(b0, oldPrompt.length));
  let first = -1;
  let last = -1;
  let lost = false;
  for (let i = a; i < b; i++) {
    const to = map[i]!;
    if (to < 0) {
      if (!SPACE.test(oldPrompt[i]!)) lost = true;
      continue;
    }
    if (first < 0) first = to;
    last = to;
  }
  if (first < 0) return { span: null, status: 'lost', near: null };
  if (lost) return { span: null, status: 'lost', near: selectionToSpan(newPrompt, first, last + 1) };
  const snapped = snapToWords(newPrompt, [first, last + 1]);
  const same = newPrompt.slice(snapped[0], snapped[1]) === oldPrompt.slice(a, b);
  const status: SpanStatus = !same ? 'edited' : snapped[0] === a && snapped[1] === b ? 'kept' : 'moved';
  return { span: snapped, status, near: null };
}
