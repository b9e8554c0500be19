/**
 * The negative prompt's meter (inspector/NegativePromptField.svelte): what it asks
 * prompt.check (nothing for an empty field, whose model default the main process checks),
 * how an over-limit negative prompt is worded, and Generate refused for it in the page.
 */
import { describe, expect, it } from 'vitest';
import { generateRefusal, meterQuery, overLimitNote, type PromptFigures, type PromptQuery } from '../../renderer/src/prompt/limits';

const figures = (tokens: number): PromptFigures => ({ modelId: 'directa-previz', modelName: 'Directa previz', tokens, limit: 22, unknownWords: [], regions: null });

describe('meterQuery', () => {
  it('asks about the negative prompt as typed, with the shot\'s model', () => {
    expect(meterQuery('negative prompt', 'blurry, dark', 'm')).toEqual({ modelId: 'm', prompt: 'blurry, dark' });
    expect(meterQuery('negative prompt', ' ', null)).toEqual({ modelId: null, prompt: ' ' });
  });
  it('asks nothing for an empty negative prompt (the model\'s own is used), but counts an empty prompt', () => {
    expect(meterQuery('negative prompt', '', 'm')).toBeNull();
    expect(meterQuery('prompt', '', 'm')).toEqual({ modelId: 'm', prompt: '' });
  });
});

describe('an over-limit negative prompt', () => {
  it('is named as the negative prompt in the field\'s note', () => {
    expect(overLimitNote(figures(23), 'negative prompt')).toBe('The negative prompt is too long for Directa previz: 23 tokens, at most 22. Shorten it to generate.');
  });

  it('refuses Generate in the page while the prompt fits, and lets it through at the limit', async () => {
    const shot = { prompt: 'a red car', negativePrompt: 'blurry, '.repeat(12), modelId: 'm', objects: [], background: null };
    const asked: PromptQuery[] = [];
    const count = (tokensOf: (text: string) => number) => async (q: PromptQuery): Promise<PromptFigures> => {
      asked.push(q);
      return figures(tokensOf(q.prompt));
    };
    const words = (text: string): number => text.split(/(,)|\s+/).filter((w) => w).length;
    expect(await generateRefusal(shot, count(words))).toBe('The negative prompt is too long for Directa previz: 24 tokens, at most 22. Shorten it to generate.');
    expect(asked).toEqual([{ modelId: 'm', prompt: 'a red car', regions: { actors: 0, background: false } }, { modelId: 'm', prompt: shot.negativePrompt }]);
    expect(await generateRefusal({ ...shot, negativePrompt: 'blurry, '.repeat(11) }, count(words))).toBeNull();
  });
});
