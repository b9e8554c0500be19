import { describe, expect, it } from 'vitest';
import { rebindSpan } from '../../electron/store/phrase-binding';

describe('rebindSpan', () => {
  it('keeps a span that still selects its phrase', () => {
    expect(rebindSpan('fox', [6, 9], 'a red fox and a fox')).toEqual([6, 9]);
  });

  it('follows the phrase when text is inserted or removed before it', () => {
    expect(rebindSpan('fox', [6, 9], 'at dawn a red fox')).toEqual([14, 17]);
    expect(rebindSpan('fox', [6, 9], 'a fox')).toEqual([2, 5]);
  });

  it('picks the occurrence nearest the old position', () => {
    const prompt = 'fox . . . . . . . fox . . . . . . . . . fox';
    expect(rebindSpan('fox', [17, 20], prompt)).toEqual([18, 21]);
    expect(rebindSpan('fox', [2, 5], prompt)).toEqual([0, 3]);
    expect(rebindSpan('fox', [38, 41], prompt)).toEqual([40, 43]);
  });

  it('finds overlapping occurrences', () => {
    expect(rebindSpan('aa', [3, 5], 'xaaa')).toEqual([2, 4]);
  });

  it('is case sensitive and answers null when the phrase is gone', () => {
    expect(rebindSpan('fox', [6, 9], 'a red Fox')).toBeNull();
    expect(rebindSpan('red fox', [2, 9], 'a red wolf')).toBeNull();
    expect(rebindSpan('fox', [0, 3], '')).toBeNull();
  });

  it('counts UTF-16 code units, as JavaScript strings and the prompt field do', () => {
    const prompt = '🦊 a fox';
    expect(rebindSpan('fox', [2, 5], prompt)).toEqual([5, 8]);
    expect(prompt.slice(5, 8)).toBe('fox');
  });
});

describe('rebindSpan with an empty phrase', () => {
  it('binds nothing (and returns)', () => {
    expect(rebindSpan('', [0, 0], 'a red car')).toBeNull();
  });
});
