/**
 * The region limit in the renderer: the prompt meter's line and note from prompt.check's
 * figures, the query that asks about the shot's actors and background, Generate refused
 * for too many regions before anything is queued, and the canvas's New actor refused once
 * the model's limit is reached.
 */
import { describe, expect, it } from 'vitest';
import { newActorProblem, regionsTaken } from '../../renderer/src/canvas/actor-limit';
import {
  figuresFor, generateRefusal, regionLine, regionNote, regionQuery, sameQuery, type PromptFigures, type PromptQuery,
} from '../../renderer/src/prompt/limits';

const TOO_MANY = '4 actors and the marked background need 5 regions; Directa previz directs at most 4 per shot. Remove an actor or clear the background to generate.';
const figures = (tokens: number, regions: PromptFigures['regions'] = null): PromptFigures => ({
  modelId: 'directa-previz', modelName: 'Directa previz', tokens, limit: 22, unknownWords: [], regions,
});
const regions = (actors: number, background: boolean, problem: string | null = null): PromptFigures['regions'] => ({
  actors, background, used: actors + (background && actors > 0 ? 1 : 0), limit: 4, problem,
});

describe('the meter\'s regions', () => {
  it('shows the actors (and the background) against the limit once there is an actor', () => {
    expect(regionLine(figures(5, regions(1, false)))).toBe('1 actor: 1 / 4 regions');
    expect(regionLine(figures(5, regions(2, true)))).toBe('2 actors + background: 3 / 4 regions');
    expect(regionLine(figures(5, regions(0, true)))).toBeNull(); // no actor: the meter shows no region line
    expect(regionLine(figures(5))).toBeNull(); // not asked
  });

  it('notes the main process\'s refusal, and nothing within the limit', () => {
    expect(regionNote(figures(5, regions(4, true, TOO_MANY)))).toBe(TOO_MANY);
    expect(regionNote(figures(5, regions(3, true)))).toBeNull();
  });

  it('asks about the shot\'s actors and whether a background is marked', () => {
    expect(regionQuery({ objects: [{}, {}], background: null })).toEqual({ actors: 2, background: false });
    expect(regionQuery({ objects: [], background: { phrase: 'sky', span: [0, 3] } })).toEqual({ actors: 0, background: true });
  });

  it('asks again when the actors change, keeping the token figures meanwhile', () => {
    const asked: PromptQuery = { modelId: null, prompt: 'a dog', regions: { actors: 1, background: false } };
    const now: PromptQuery = { ...asked, regions: { actors: 2, background: false } };
    expect(sameQuery(asked, now)).toBe(false);
    expect(sameQuery(asked, { ...asked, regions: { actors: 1, background: true } })).toBe(false);
    expect(sameQuery(asked, { ...asked, regions: { actors: 1, background: false } })).toBe(true);
    const answered = { query: asked, value: figures(2, regions(1, false)) };
    expect(figuresFor(answered, asked)).toEqual(answered.value);
    expect(figuresFor(answered, now)).toEqual({ ...answered.value, regions: null });
    expect(figuresFor(answered, { ...now, prompt: 'a cat' })).toBeNull();
    expect(figuresFor({ query: asked, value: null }, asked)).toBeNull();
  });
});

describe('Generate with too many regions', () => {
  const shot = { prompt: 'a dog', negativePrompt: 'blur', modelId: null, objects: [{}, {}, {}, {}], background: { phrase: 'dog', span: [2, 5] } };
  const check = (over: { tokens?: string; regions?: boolean }) => async (q: PromptQuery): Promise<PromptFigures> =>
    figures(q.prompt === over.tokens ? 30 : 3, q.regions ? regions(q.regions.actors, q.regions.background, over.regions ? TOO_MANY : null) : null);

  it('is refused with the main process\'s words, after the texts are found to fit', async () => {
    expect(await generateRefusal(shot, check({ regions: true }))).toBe(TOO_MANY);
    expect(await generateRefusal(shot, check({}))).toBeNull();
  });

  it('says first a text over its limit (one thing to fix at a time, as job.enqueue does)', async () => {
    expect(await generateRefusal(shot, check({ tokens: 'blur', regions: true }))).toMatch(/^The negative prompt is too long/);
    expect(await generateRefusal(shot, check({ tokens: 'a dog', regions: true }))).toMatch(/^The prompt is too long/);
  });
});

describe('New actor on the canvas', () => {
  const model = { name: 'Directa previz', maxRegions: 4 };

  it('counts a background\'s region only with an actor', () => {
    expect([regionsTaken(0, true), regionsTaken(1, true), regionsTaken(4, false)]).toEqual([0, 2, 4]);
  });

  it('is let through while the shot has room, and when the model is not known (job.enqueue checks)', () => {
    expect(newActorProblem(3, false, model)).toBeNull();
    expect(newActorProblem(2, true, model)).toBeNull();
    expect(newActorProblem(9, true, undefined)).toBeNull();
  });

  it('is refused at the limit, saying what to do', () => {
    const full = 'Directa previz directs at most 4 actors per shot: there is no room for another. Remove an actor first.';
    const fullWithBackground = 'Directa previz directs at most 4 regions per shot, one per actor and one for the marked background: '
      + 'there is no room for another actor. Clear the background or remove an actor first.';
    expect(newActorProblem(4, false, model)).toBe(full);
    expect(newActorProblem(5, false, model)).toBe(full); // already over (another model's shot): still no room
    expect(newActorProblem(3, true, model)).toBe(fullWithBackground);
    expect(newActorProblem(4, true, model)).toBe(fullWithBackground);
    expect(newActorProblem(0, false, { name: 'One', maxRegions: 1 })).toBeNull();
    expect(newActorProblem(1, false, { name: 'One', maxRegions: 1 })).toMatch(/^One directs at most 1 actor per shot:/);
  });
});
