/**
 * The prompt field's model limits in the renderer: the figures worded, Generate refused
 * over the limit before anything is queued, and prompt.check asked only once typing
 * pauses, stale answers dropped.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  generateRefusal, isOver, overLimitNote, sameQuery, tokenLine, unknownWordList, type PromptFigures, type PromptQuery,
} from '../../renderer/src/prompt/limits';
import { LatestCheck, type Answer } from '../../renderer/src/prompt/latest-check';

const figures = (tokens: number, unknown: string[] = []): PromptFigures => ({
  modelId: 'directa-previz', modelName: 'Directa previz', tokens, limit: 22,
  unknownWords: unknown.map((word, i) => ({ word, span: [i * 10, i * 10 + word.length] })), regions: null,
});

describe('limits, worded', () => {
  it('shows the count against the limit and says over only past it', () => {
    expect(tokenLine(figures(9))).toBe('9 / 22 tokens');
    expect(isOver(figures(22))).toBe(false);
    expect(isOver(figures(23))).toBe(true);
    expect(overLimitNote(figures(25))).toBe('The prompt is too long for Directa previz: 25 tokens, at most 22. Shorten it to generate.');
  });

  it('lists each unknown word once, in prompt order', () => {
    expect(unknownWordList(figures(5, ['Giraffe', 'zebra', 'giraffe']))).toEqual(['Giraffe', 'zebra']);
  });
});

describe('generateRefusal', () => {
  const shot = { prompt: 'a dog', negativePrompt: '', modelId: null, objects: [], background: null };
  const asked: PromptQuery[] = [];
  const check = (over: string) => async (q: PromptQuery): Promise<PromptFigures> => {
    asked.push(q);
    return figures(q.prompt === over ? 30 : 3);
  };
  beforeEach(() => { asked.length = 0; });

  it('lets a shot within the limit through, asking about its prompt with its model', async () => {
    expect(await generateRefusal({ ...shot, modelId: 'm' }, check(''))).toBeNull();
    expect(asked).toEqual([{ modelId: 'm', prompt: 'a dog', regions: { actors: 0, background: false } }]); // an empty negative prompt is the model's own: the main process checks it
  });

  it('refuses a prompt or a negative prompt over the limit, saying which', async () => {
    expect(await generateRefusal(shot, check('a dog'))).toBe('The prompt is too long for Directa previz: 30 tokens, at most 22. Shorten it to generate.');
    expect(await generateRefusal({ ...shot, negativePrompt: 'blur' }, check('blur'))).toMatch(/^The negative prompt is too long/);
  });

  it('refuses nothing when the check itself fails (job.enqueue checks again and says why)', async () => {
    expect(await generateRefusal(shot, async () => { throw new Error('model "x" is not installed'); })).toBeNull();
  });
});

describe('LatestCheck', () => {
  let answers: Answer<PromptQuery, PromptFigures>[];
  let calls: PromptQuery[];
  let pending: ((f: PromptFigures) => void)[];
  let check: LatestCheck<PromptQuery, PromptFigures>;
  const q = (prompt: string): PromptQuery => ({ modelId: null, prompt });

  beforeEach(() => {
    vi.useFakeTimers();
    answers = [];
    calls = [];
    pending = [];
    check = new LatestCheck((query) => {
      calls.push(query);
      return new Promise<PromptFigures>((resolve) => pending.push(resolve));
    }, (a) => answers.push(a), sameQuery, 250);
  });
  afterEach(() => vi.useRealTimers());

  it('asks once typing pauses, about the last text only', async () => {
    check.request(q('a'));
    await vi.advanceTimersByTimeAsync(100);
    check.request(q('a d'));
    await vi.advanceTimersByTimeAsync(100);
    check.request(q('a do'));
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(250);
    expect(calls).toEqual([q('a do')]);
    pending[0]!(figures(2));
    await vi.advanceTimersByTimeAsync(0);
    expect(answers).toEqual([{ query: q('a do'), value: figures(2), problem: null }]);
  });

  it('drops an answer to a question no longer asked', async () => {
    check.request(q('a fox'));
    await vi.advanceTimersByTimeAsync(250);
    check.request(q('a fox runs'));
    await vi.advanceTimersByTimeAsync(250);
    expect(calls).toEqual([q('a fox'), q('a fox runs')]);
    pending[1]!(figures(3));
    pending[0]!(figures(2)); // the older answer arrives last
    await vi.advanceTimersByTimeAsync(0);
    expect(answers.map((a) => a.query.prompt)).toEqual(['a fox runs']);
  });

  it('does not ask again about the text last answered, and `now` asks at once', async () => {
    const first = check.now(q('a dog'));
    expect(calls).toEqual([q('a dog')]);
    pending[0]!(figures(2));
    expect(await first).toEqual(figures(2));
    check.request(q('a dog'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(await check.now(q('a dog'))).toEqual(figures(2));
    expect(calls).toHaveLength(1);
  });

  it('reports a failed check as a problem, and asks nothing after dispose', async () => {
    const failing = new LatestCheck<PromptQuery, PromptFigures>(async () => { throw new Error('no model'); }, (a) => answers.push(a), sameQuery, 250);
    await expect(failing.now(q('x'))).rejects.toThrow('no model');
    expect(answers).toEqual([{ query: q('x'), value: null, problem: 'no model' }]);
    check.request(q('later'));
    check.dispose();
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toEqual([]);
  });
});
