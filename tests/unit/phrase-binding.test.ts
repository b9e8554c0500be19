import { describe, expect, it } from 'vitest';
import { isBound, rebindObjects } from '../../electron/store/phrase-binding';

const at = (text: string, phrase: string, from = 0): [number, number] => {
  const i = text.indexOf(phrase, from);
  if (i < 0) throw new Error(`"${phrase}" is not in "${text}"`);
  return [i, i + phrase.length];
};
const object = (text: string, phrase: string, from = 0) => ({ phrase, span: at(text, phrase, from) });

describe('isBound', () => {
  it('is true only where the span selects the phrase', () => {
    const prompt = 'a red fox and a fox';
    expect(isBound(prompt, { phrase: 'fox', span: [6, 9] })).toBe(true);
    expect(isBound(prompt, { phrase: 'fox', span: [5, 8] })).toBe(false);
    expect(isBound(prompt, { phrase: 'fox', span: [20, 23] })).toBe(false);
    expect(isBound('', { phrase: 'fox', span: [0, 3] })).toBe(false);
  });
});

describe('rebindObjects', () => {
  const old = 'a red fox runs past an old oak';

  it('keeps objects through edits elsewhere and shifts them with text inserted before them', () => {
    const next = 'at dawn, a red fox runs past an old oak tree';
    expect(rebindObjects(old, next, [object(old, 'red fox'), object(old, 'oak')])).toEqual([
      { phrase: 'red fox', span: at(next, 'red fox') },
      { phrase: 'oak', span: at(next, 'oak') },
    ]);
  });

  it('widens an object over text typed among its words, and its phrase with it', () => {
    expect(rebindObjects(old, 'a red foxes runs past an old oak', [object(old, 'fox')])).toEqual([{ phrase: 'foxes', span: [6, 11] }]);
    expect(rebindObjects(old, 'a red sly fox runs past an old oak', [object(old, 'red fox')])).toEqual([{ phrase: 'red sly fox', span: [2, 13] }]);
  });

  it('flags an object whose words are gone, never moving it onto the same words elsewhere', () => {
    const twice = 'a fox and a fox';
    // the first "fox" is deleted: its object is lost, not moved onto the second one
    expect(rebindObjects(twice, 'a wolf and a fox', [object(twice, 'fox'), object(twice, 'fox', 5)])).toEqual([
      null, { phrase: 'fox', span: [13, 16] },
    ]);
    expect(rebindObjects(old, 'a red wolf runs past an old oak', [object(old, 'red fox')])).toEqual([null]);
  });

  it('leaves an object that was lost already as it is', () => {
    expect(rebindObjects('a wolf', 'a grey wolf', [{ phrase: 'fox', span: [2, 5] }])).toEqual([null]);
  });

  it('counts UTF-16 code units, as JavaScript strings and the prompt field do', () => {
    const next = `🦊 ${old}`;
    const [r] = rebindObjects(old, next, [object(old, 'fox')]);
    expect(r).toEqual({ phrase: 'fox', span: [9, 12] });
    expect(next.slice(9, 12)).toBe('fox');
  });
});
