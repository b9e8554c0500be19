import { describe, expect, it } from 'vitest';
import { PromptTooLongError, tokensInSpan } from '../../electron/engine/tokenizers/types';
import { WordTokenizer } from '../../electron/engine/tokenizers/word';

const vocab = ['<pad>', '<bos>', '<eos>', '<unk>', 'a', 'red', 'car', 'and', 'white', 'dog', ',', 'on', 'street'];
const make = (maxTokens = 12): WordTokenizer => WordTokenizer.fromVocabFile(`${vocab.join('\n')}\n`, {
  maxTokens, pad: 0, bos: 1, eos: 2, unk: 3, pattern: '[a-z0-9]+|[^\\sa-z0-9]',
});

describe('WordTokenizer', () => {
  it('lower-cases, splits words and punctuation, maps unknown words to unk, pads', () => {
    const { ids, offsets } = make().encode('A Red car, and a purple DOG');
    expect(ids).toEqual([1, 4, 5, 6, 10, 7, 4, 3, 9, 2, 0, 0]);
    expect(offsets.slice(0, 5)).toEqual([null, [0, 1], [2, 5], [6, 9], [9, 10]]);
    expect(offsets.slice(9)).toEqual([null, null, null]);
  });

  it('maps a phrase span to its tokens', () => {
    const prompt = 'a red car and a white dog on a street';
    const encoding = make().encode(prompt);
    const start = prompt.indexOf('white dog');
    expect(tokensInSpan(encoding, [start, start + 'white dog'.length])).toEqual([6, 7]);
  });

  it('refuses a prompt longer than the model takes, saying by how much', () => {
    expect(() => make(6).encode('a red car and a dog')).toThrow(PromptTooLongError);
    expect(() => make(6).encode('a red car and a dog')).toThrow(/6 tokens long; this model takes at most 4\. Shorten it/);
    expect(make(6).encode('a red car dog').ids).toEqual([1, 4, 5, 6, 9, 2]);
  });

  it('counts tokens against the limit without refusing, and finds the words it does not know', () => {
    const prompt = 'A purple car and a Zebra, on a street!';
    expect(make(6).count(prompt)).toEqual({
      tokens: 11, limit: 4,
      unknown: [[2, 8], [19, 24], [37, 38]], // purple, Zebra (in the prompt's own case), !
    });
    expect(make().count('')).toEqual({ tokens: 0, limit: 10, unknown: [] });
    expect(make().count('a red car').tokens).toBe(make().encode('a red car').ids.filter((id) => id > 2).length);
  });

  it('refuses special ids outside the vocabulary', () => {
    expect(() => WordTokenizer.fromVocabFile('<pad>\n', { maxTokens: 4, pad: 0, bos: 1, eos: 2, unk: 3, pattern: '\\w+' })).toThrow(/bos id 1/);
  });
});
