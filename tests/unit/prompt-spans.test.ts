import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as store from '../../electron/store/prompt-spans';
import {
  highlightSegments, mapCharacters, rebindSpans, selectionToSpan, snapToWords, spansOverlap, spanText, wordAt, words,
  type Span,
} from '../../renderer/src/lib/prompt-spans';

/** The span of the `nth` (0-based) occurrence of `phrase` in `text`. */
function at(text: string, phrase: string, nth = 0): Span {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(phrase, i + 1);
    if (i < 0) throw new Error(`no ${nth}th "${phrase}" in "${text}"`);
  }
  return [i, i + phrase.length];
}

function one(oldPrompt: string, newPrompt: string, span: Span, editAt?: number) {
  const [r] = rebindSpans(oldPrompt, newPrompt, [span], editAt);
  return r!;
}

describe('rebindSpans: edits elsewhere', () => {
  const old = 'a red fox jumps over the lazy dog';
  const fox = at(old, 'red fox');

  it('keeps a span through an unchanged prompt', () => {
    expect(one(old, old, fox)).toEqual({ span: fox, status: 'kept', near: null });
  });

  it('keeps a span when text is inserted after it', () => {
    const next = 'a red fox jumps over the very lazy dog';
    expect(one(old, next, fox)).toEqual({ span: fox, status: 'kept', near: null });
  });

  it('shifts a span when text is inserted before it', () => {
    const next = 'at dawn, a red fox jumps over the lazy dog';
    expect(one(old, next, fox)).toEqual({ span: at(next, 'red fox'), status: 'moved', near: null });
  });

  it('shifts a span when text before it is deleted', () => {
    const next = 'red fox jumps over the lazy dog';
    expect(one(old, next, fox)).toEqual({ span: [0, 7], status: 'moved', near: null });
  });

  it('keeps a span when text after it is deleted or replaced', () => {
    expect(one(old, 'a red fox', fox).span).toEqual(fox);
    expect(one(old, 'a red fox sleeps under a tree', fox).span).toEqual(fox);
  });

  it('keeps a span when text right next to it is inserted, on its own word', () => {
    expect(one(old, 'a very red fox jumps over the lazy dog', at(old, 'fox'))).toMatchObject({ span: [11, 14], status: 'moved' });
    expect(one(old, 'a red fox, quickly, jumps over the lazy dog', fox)).toMatchObject({ span: fox, status: 'kept' });
  });

  it('carries every span of a prompt at once', () => {
    const next = 'at dawn a red fox jumps over the sleeping dog';
    const r = rebindSpans(old, next, [fox, at(old, 'lazy dog'), at(old, 'dog')]);
    expect(r.map((x) => x.status)).toEqual(['moved', 'lost', 'moved']);
    expect(spanText(next, r[0]!.span!)).toBe('red fox');
    expect(r[1]!.span).toBeNull();
    expect(spanText(next, r[1]!.near!)).toBe('dog');
    expect(spanText(next, r[2]!.span!)).toBe('dog');
  });
});

describe('rebindSpans: edits inside a span', () => {
  const old = 'a red fox jumps';

  it('widens a span when a word is inserted between its words', () => {
    const next = 'a red little fox jumps';
    expect(one(old, next, at(old, 'red fox'))).toEqual({ span: at(next, 'red little fox'), status: 'edited', near: null });
  });

  it('survives a suffix typed onto its word, taking the whole word', () => {
    const next = 'a red foxes jumps';
    expect(one(old, next, at(old, 'fox'))).toEqual({ span: at(next, 'foxes'), status: 'edited', near: null });
  });

  it('survives whitespace changed between its words', () => {
    const next = 'a red   fox jumps';
    expect(one(old, next, at(old, 'red fox'))).toMatchObject({ span: at(next, 'red   fox'), status: 'edited' });
  });

  it('typed one key at a time, a span follows every keystroke', () => {
    let prompt = old;
    let span: Span = at(old, 'fox');
    const typed = 'the ';
    for (let k = 0; k < typed.length; k++) {
      const next = prompt.slice(0, 2 + k) + typed[k] + prompt.slice(2 + k);
      const r = one(prompt, next, span, 2 + k);
      expect(r.span).not.toBeNull();
      span = r.span!;
      prompt = next;
    }
    expect(prompt).toBe('a the red fox jumps');
    expect(spanText(prompt, span)).toBe('fox');
  });
});

describe('rebindSpans: words gone', () => {
  const old = 'a red fox jumps';

  it('flags a span whose word is replaced', () => {
    expect(one(old, 'a red wolf jumps', at(old, 'fox'))).toEqual({ span: null, status: 'lost', near: null });
  });

  it('flags a span whose word is deleted, and points where it was', () => {
    expect(one(old, 'a red jumps', at(old, 'fox'))).toEqual({ span: null, status: 'lost', near: null });
    const r = one(old, 'a fox jumps', at(old, 'red fox'));
    expect(r.status).toBe('lost');
    expect(r.near).toEqual([2, 5]);
  });

  it('flags a span whose word is changed inside (a letter replaced or removed)', () => {
    expect(one(old, 'a red fog jumps', at(old, 'fox')).status).toBe('lost');
    expect(one('a red foxes jumps', old, at('a red foxes jumps', 'foxes')).status).toBe('lost');
    expect(one(old, 'a red Fox jumps', at(old, 'fox')).status).toBe('lost');
  });

  it('flags every span when the prompt is cleared or replaced wholesale', () => {
    const r = rebindSpans(old, '', [at(old, 'red'), at(old, 'fox')]);
    expect(r.map((x) => x.status)).toEqual(['lost', 'lost']);
    expect(rebindSpans(old, 'a cat sleeps', [at(old, 'fox')])[0]!.status).toBe('lost');
  });

  it('never moves a lost span onto other words that happen to match', () => {
    // the bound fox is replaced; another "fox" stays elsewhere
    const prompt = 'a fox and a fox';
    expect(one(prompt, 'a fox and a cat', at(prompt, 'fox', 1))).toMatchObject({ span: null, status: 'lost' });
  });
});

describe('rebindSpans: repeated words', () => {
  const old = 'a fox and a fox and a fox';

  it('keeps each fox its own binding when text is inserted between them', () => {
    const next = 'a fox and a big fox and a fox';
    const r = rebindSpans(old, next, [at(old, 'fox', 0), at(old, 'fox', 1), at(old, 'fox', 2)]);
    expect(r.map((x) => x.span)).toEqual([at(next, 'fox', 0), at(next, 'fox', 1), at(next, 'fox', 2)]);
    expect(r.map((x) => x.status)).toEqual(['kept', 'moved', 'moved']);
  });

  it('a deletion inside a repeated run is placed where the edit says', () => {
    // deleting the first "fox and a " of three: the same new text as deleting the second one
    const next = 'a fox and a fox';
    const editAt = 2; // the caret was at the first fox
    const r = rebindSpans(old, next, [at(old, 'fox', 0), at(old, 'fox', 1), at(old, 'fox', 2)], editAt);
    expect(r.map((x) => x.status)).toEqual(['lost', 'moved', 'moved']);
    expect(r[1]!.span).toEqual(at(next, 'fox', 0));
    expect(r[2]!.span).toEqual(at(next, 'fox', 1));
  });

  it('without a hint the later copy is taken as the one edited', () => {
    const r = rebindSpans(old, 'a fox and a fox', [at(old, 'fox', 0), at(old, 'fox', 2)]);
    expect(r[0]!.status).toBe('kept');
    expect(r[1]!.status).toBe('lost');
  });

  it('keeps the second of two adjacent equal words when one is typed before it', () => {
    const p = 'fox runs';
    expect(one(p, 'fox fox runs', [0, 3], 0)).toEqual({ span: [4, 7], status: 'moved', near: null });
    expect(one(p, 'fox fox runs', [0, 3])).toEqual({ span: [0, 3], status: 'kept', near: null });
  });
});

describe('rebindSpans: other scripts', () => {
  it('follows CJK words and emoji', () => {
    const old = '一只红狐狸在跑';
    const span = at(old, '狐狸');
    const next = '清晨一只红狐狸在跑';
    expect(one(old, next, span)).toEqual({ span: at(next, '狐狸'), status: 'moved', near: null });
    const e = '🦊 a fox';
    expect(one(e, '🐺🦊 a fox', at(e, 'fox'))).toMatchObject({ span: at('🐺🦊 a fox', 'fox'), status: 'moved' });
  });
});

describe('mapCharacters', () => {
  it('maps kept characters and marks deleted ones', () => {
    expect([...mapCharacters('abc def', 'abc xdef')]).toEqual([0, 1, 2, 3, 5, 6, 7]);
    expect([...mapCharacters('abc def', 'abc')]).toEqual([0, 1, 2, -1, -1, -1, -1]);
    expect([...mapCharacters('', 'x')]).toEqual([]);
  });

  it('is fast enough to run on every keystroke of a long prompt', () => {
    const long = Array.from({ length: 300 }, (_, i) => `word${i % 17}`).join(' ');
    const replaced = Array.from({ length: 300 }, (_, i) => `other${i % 13}`).join(' ');
    const t0 = performance.now();
    mapCharacters(long, replaced);
    for (let k = 0; k < 100; k++) mapCharacters(long, long.slice(0, 500) + 'x' + long.slice(500));
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('selections and words', () => {
  const text = 'a red-haired fox, running; 狐狸 here';

  it('splits words (punctuation is not a word)', () => {
    expect(words(text).map((s) => spanText(text, s))).toEqual(['a', 'red', 'haired', 'fox', 'running', '狐狸', 'here']);
  });

  it('snaps a selection outward to whole words and drops spaces and punctuation at its edges', () => {
    expect(selectionToSpan(text, 7, 14)).toEqual(at(text, 'haired fox'));
    expect(selectionToSpan(text, 12, 18)).toEqual(at(text, 'fox')); // " fox, "
    expect(selectionToSpan(text, 2, 16)).toEqual(at(text, 'red-haired fox'));
    expect(selectionToSpan(text, 16, 2)).toEqual(at(text, 'red-haired fox')); // backwards selection
    expect(selectionToSpan(text, 16, 17)).toBeNull(); // just a comma
  });

  it('takes the word under a caret', () => {
    expect(selectionToSpan(text, 14, 14)).toEqual(at(text, 'fox'));
    expect(selectionToSpan(text, 16, 16)).toEqual(at(text, 'fox')); // caret right after the word
    expect(wordAt(text, 1)).toEqual([0, 1]);
    expect(wordAt('  ', 1)).toBeNull();
  });

  it('snaps a span to words and tells overlaps', () => {
    expect(snapToWords(text, [14, 15])).toEqual(at(text, 'fox'));
    expect(spansOverlap([0, 3], [2, 5])).toBe(true);
    expect(spansOverlap([0, 3], [3, 5])).toBe(false);
  });
});

describe('highlightSegments', () => {
  it('cuts the prompt at span edges with the owners of each piece, adding no characters', () => {
    const p = 'a red fox and a dog';
    const segs = highlightSegments(p, [at(p, 'red fox'), null, at(p, 'fox'), at(p, 'dog')]);
    expect(segs.map((s) => s.text).join('')).toBe(p);
    expect(segs.map((s) => [s.text, s.owners])).toEqual([
      ['a ', []], ['red ', [0]], ['fox', [0, 2]], [' and a ', []], ['dog', [3]],
    ]);
    expect(highlightSegments('', [[0, 3]])).toEqual([]);
  });
});

describe('one rebinding for the store and the editor', () => {
  it('gives the renderer the store\'s own functions, not a copy', () => {
    expect(rebindSpans).toBe(store.rebindSpans);
    expect(selectionToSpan).toBe(store.selectionToSpan);
    expect(words).toBe(store.words);
  });

  it('takes a module the renderer may bundle: the store\'s prompt-spans.ts imports nothing', () => {
    const source = readFileSync(fileURLToPath(new URL('../../electron/store/prompt-spans.ts', import.meta.url)), 'utf8');
    expect(source.split('\n').filter((line) => /^\s*(import|export .* from)\b/.test(line))).toEqual([]);
    expect(source).toContain('export function rebindSpans');
  });
});
