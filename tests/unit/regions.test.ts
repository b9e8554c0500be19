import { describe, expect, it } from 'vitest';
import { buildRegions, rasterise, RegionError } from '../../electron/engine/regions';
import type { SpecBackground, SpecObject } from '../../electron/engine/spec';
import { WordTokenizer } from '../../electron/engine/tokenizers/word';

const vocab = ['<pad>', '<bos>', '<eos>', '<unk>', 'a', 'red', 'car', 'and', 'white', 'dog', 'on', 'street'];
const tokenizer = new WordTokenizer({ vocab, maxTokens: 12, pad: 0, bos: 1, eos: 2, unk: 3, pattern: '[a-z0-9]+|[^\\sa-z0-9]' });
const prompt = 'a red car and a white dog on a street';
const object = (phrase: string, box: [number, number, number, number]): SpecObject => {
  const start = prompt.indexOf(phrase);
  return { phrase, span: [start, start + phrase.length], keyframes: [{ frame: 0, box }], path: null };
};
const layout = { regions: 3, frames: 2, height: 4, width: 4, tokens: 12 };
const marked = (phrase: string): SpecBackground => {
  const start = prompt.lastIndexOf(phrase);
  return { phrase, span: [start, start + phrase.length] };
};

describe('rasterise', () => {
  it('writes the covered fraction of each cell', () => {
    const plane = new Float32Array(16);
    rasterise([0.125, 0, 0.5, 0.5], plane, 4, 4);
    expect(Array.from(plane.slice(0, 4))).toEqual([0.5, 1, 0, 0]);
    expect(plane.reduce((a, b) => a + b, 0)).toBeCloseTo(0.375 * 0.5 * 16, 6);
  });
});

describe('buildRegions', () => {
  const encoding = tokenizer.encode(prompt);

  it('binds each object to its tokens and boxes, the rest of the prompt to the background', () => {
    const r = buildRegions([object('red car', [0, 0, 0.5, 0.5]), object('white dog', [0.5, 0.5, 1, 1])], encoding, 24, layout);
    const row = (i: number): number[] => Array.from(r.tokens.slice(i * 12, (i + 1) * 12));
    expect(row(0)).toEqual([0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(row(1)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0]);
    expect(row(2)).toEqual([0, 1, 0, 0, 1, 1, 0, 0, 1, 1, 1, 0]); // a, and, a, on, a, street (no bos/eos/pad)
    expect(Array.from(r.suppress)).toEqual([0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
    expect(r.strength[0]).toBeCloseTo(0.75, 6);
    // The background is what the boxes leave: two quarters.
    const bg = r.masks.slice(2 * 2 * 16, 2 * 2 * 16 + 16);
    expect(bg.reduce((a, b) => a + b, 0)).toBe(8);
    expect(r.strength[2 * 2]).toBeCloseTo(0.5, 6);
  });

  it('suppresses the other words everywhere when every region holds an object (no room for a background)', () => {
    const r = buildRegions([object('red car', [0, 0, 0.5, 0.5])], encoding, 24, { ...layout, regions: 1 });
    expect(Array.from(r.suppress)).toEqual([0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
    expect(Array.from(r.tokens)).toEqual([0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('is all zero without objects', () => {
    const r = buildRegions([], encoding, 24, layout);
    expect(r.masks.every((v) => v === 0) && r.tokens.every((v) => v === 0) && r.suppress.every((v) => v === 0)).toBe(true);
  });

  it('refuses more objects than the model controls', () => {
    const many = [object('red car', [0, 0, 1, 1]), object('white dog', [0, 0, 1, 1]), object('street', [0, 0, 1, 1]), object('a', [0, 0, 1, 1])];
    expect(() => buildRegions(many, encoding, 24, layout)).toThrow(RegionError);
  });

  describe('with a marked background phrase', () => {
    const pair = [object('red car', [0, 0, 0.5, 0.5]), object('white dog', [0.5, 0.5, 1, 1])];
    const row = (r: { tokens: Float32Array }, i: number): number[] => Array.from(r.tokens.slice(i * 12, (i + 1) * 12));

    it('binds the background region to exactly its tokens, over what the boxes leave, and leaves other words alone', () => {
      const r = buildRegions(pair, encoding, 24, layout, marked('a street'));
      expect(row(r, 0)).toEqual([0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
      expect(row(r, 1)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0]);
      expect(row(r, 2)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0]); // the last "a street" only
      // "a", "and", "a", "on" are bound to nothing: no suppression, they speak to the whole frame
      expect(Array.from(r.suppress)).toEqual([0, 0, 1, 1, 0, 0, 1, 1, 0, 1, 1, 0]);
      for (let f = 0; f < 2; f++) {
        const bg = r.masks.slice((2 * 2 + f) * 16, (2 * 2 + f + 1) * 16);
        const union = Array.from({ length: 16 }, (_, i) => Math.max(r.masks[f * 16 + i]!, r.masks[(2 + f) * 16 + i]!));
        expect(Array.from(bg)).toEqual(union.map((u) => 1 - u));
        expect(r.strength[2 * 2 + f]).toBeCloseTo(0.5, 6);
      }
    });

    it('follows the boxes in every frame', () => {
      const moving: SpecObject = { ...object('red car', [0, 0, 0.5, 0.5]), keyframes: [{ frame: 0, box: [0, 0, 0.5, 0.5] }, { frame: 23, box: [0, 0, 1, 1] }] };
      const r = buildRegions([moving], encoding, 24, { ...layout, regions: 2 }, marked('street'));
      const bgOf = (f: number) => r.masks.slice((2 + f) * 16, (3 + f) * 16).reduce((a, b) => a + b, 0);
      expect(bgOf(0)).toBeCloseTo(12, 6); // three quarters of the frame
      expect(bgOf(1)).toBeCloseTo(0, 6); // the last box fills the frame
      expect(r.strength[2]).toBeCloseTo(0.25, 6);
      expect(r.strength[3]).toBeCloseTo(1, 6);
    });

    it('refuses a marked background when the objects take every region, saying so', () => {
      const full = () => buildRegions(pair, encoding, 24, { ...layout, regions: 2 }, marked('a street'));
      expect(full).toThrow(RegionError);
      expect(full).toThrow('this model controls at most 2 regions per shot, and the shot\'s 2 actors take them all: none is left for the marked background "a street" (clear the background or remove an actor)');
      // without the mark, the same shot is taken as before
      expect(() => buildRegions(pair, encoding, 24, { ...layout, regions: 2 })).not.toThrow();
    });

    it('refuses a background outside the encoded prompt', () => {
      const r = () => buildRegions(pair, encoding, 24, layout, { phrase: 'elsewhere', span: [100, 109] });
      expect(r).toThrow(/the background "elsewhere" has no tokens in the prompt/);
    });

    it('directs nothing without objects', () => {
      const r = buildRegions([], encoding, 24, layout, marked('street'));
      expect(r.masks.every((v) => v === 0) && r.tokens.every((v) => v === 0) && r.suppress.every((v) => v === 0)).toBe(true);
    });
  });
});
