/**
 * The CLIP BPE tokenizer (as converted ZeroScope packages ship it) against Hugging Face
 * `tokenizers`: the same ids, and each phrase bound to the tokens Python's character
 * offsets give (fixture: tests/tools/clip_tokenizer_fixture.py).
 */
import { describe, expect, it } from 'vitest';
import fixture from '../fixtures/clip-tokenizer.json';
import { ClipBpeTokenizer } from '../../electron/engine/tokenizers/clip-bpe';
import { PromptTooLongError, tokensInSpan } from '../../electron/engine/tokenizers/types';

const tokenizer = ClipBpeTokenizer.fromJson(JSON.stringify(fixture.tokenizer), {
  maxTokens: fixture.maxTokens, bos: fixture.bos, eos: fixture.eos, pad: fixture.pad,
});

describe('ClipBpeTokenizer', () => {
  it.each(fixture.cases.map((c) => [c.prompt, c] as const))(
    'encodes %j as Hugging Face tokenizers does and binds its phrases', (_prompt, c) => {
      const encoding = tokenizer.encode(c.prompt);
      expect(encoding.ids).toEqual(c.ids);
      for (const [phrase, span] of Object.entries(c.spans)) {
        expect(tokensInSpan(encoding, span as [number, number])).toEqual((c.tokens as unknown as Record<string, number[]>)[phrase]);
      }
    },
  );

  it('refuses a prompt longer than the model takes', () => {
    expect(() => tokenizer.encode('a cat and a dog and a cat and a dog and a cat')).toThrow(PromptTooLongError);
  });

  it('counts a prompt as encode does, over the limit too, and knows every word (byte-level BPE)', () => {
    const limit = fixture.maxTokens - 2;
    for (const c of fixture.cases) {
      const body = c.ids.indexOf(fixture.eos) - 1; // [bos] body… [eos] then pads (ZeroScope's pad is a real token)
      expect(tokenizer.count(c.prompt)).toEqual({ tokens: body, limit, unknown: [] });
    }
    const long = 'a cat and a dog and a cat and a dog and a cat';
    const counted = tokenizer.count(long);
    expect(counted.tokens).toBeGreaterThan(limit);
    expect(() => tokenizer.encode(long)).toThrow(`the prompt is ${counted.tokens} tokens long; this model takes at most ${limit}.`);
  });
});
