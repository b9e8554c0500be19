/**
 * The model's region limit, counted before anything is queued (services/region-limit.ts):
 * the count agrees with what the engine refuses (engine/regions.ts) for every number of
 * actors with and without a marked background, the words say what to do, and
 * prompt.check's figures and job.enqueue's refusal read the model's manifest.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildRegions, RegionError } from '../../electron/engine/regions';
import { NULL_CAMERA, type ShotSpec, type SpecObject } from '../../electron/engine/spec';
import { WordTokenizer } from '../../electron/engine/tokenizers/word';
import { ModelRegistry } from '../../electron/services/models';
import { checkPrompt } from '../../electron/services/prompt-check';
import { refuseOverRegions, regionFigures, regionProblem, regionsUsed, TooManyRegionsError } from '../../electron/services/region-limit';
import { SpecError } from '../../electron/services/shot-spec';
import { tempDir } from '../helpers/tmp';

const WORDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'sky'];
const prompt = WORDS.join(' ');
const tokenizer = new WordTokenizer({
  vocab: ['<pad>', '<bos>', '<eos>', '<unk>', ...WORDS], maxTokens: 12, pad: 0, bos: 1, eos: 2, unk: 3, pattern: '[a-z]+',
});
const at = (word: string): [number, number] => {
  const start = prompt.indexOf(word);
  return [start, start + word.length];
};
const actor = (word: string): SpecObject => ({ phrase: word, span: at(word), keyframes: [{ frame: 0, box: [0, 0, 0.5, 0.5] }], path: null });

describe('regionsUsed', () => {
  it('is the actors, and one more for a marked background once there is an actor', () => {
    expect(regionsUsed(0, false)).toBe(0);
    expect(regionsUsed(0, true)).toBe(0); // a mark without actors directs nothing
    expect(regionsUsed(3, false)).toBe(3);
    expect(regionsUsed(3, true)).toBe(4);
  });

  it('refuses exactly what the engine refuses, for 0..7 actors with and without a background, limits 1..5', () => {
    const encoding = tokenizer.encode(prompt);
    for (let limit = 1; limit <= 5; limit++) {
      for (let actors = 0; actors <= 7; actors++) {
        for (const background of [false, true]) {
          const objects = WORDS.slice(0, actors).map(actor);
          const engineRefuses = (() => {
            try {
              buildRegions(objects, encoding, 8, { regions: limit, frames: 2, height: 4, width: 4, tokens: 12 },
                background ? { phrase: 'sky', span: at('sky') } : null);
              return false;
            } catch (err) {
              if (!(err instanceof RegionError)) throw err;
              return true;
            }
          })();
          expect({ limit, actors, background, refused: regionProblem(actors, background, limit, 'M') !== null })
            .toEqual({ limit, actors, background, refused: engineRefuses });
        }
      }
    }
  });
});

describe('regionProblem', () => {
  it('says nothing within the limit', () => {
    expect(regionProblem(4, false, 4, 'Directa previz')).toBeNull();
    expect(regionProblem(3, true, 4, 'Directa previz')).toBeNull();
  });

  it('says what the regions need and what to do', () => {
    expect(regionProblem(5, false, 4, 'Directa previz'))
      .toBe('5 actors need 5 regions; Directa previz directs at most 4 per shot. Remove an actor to generate.');
    expect(regionProblem(6, false, 4, 'Directa previz'))
      .toBe('6 actors need 6 regions; Directa previz directs at most 4 per shot. Remove 2 actors to generate.');
    expect(regionProblem(4, true, 4, 'Directa previz'))
      .toBe('4 actors and the marked background need 5 regions; Directa previz directs at most 4 per shot. Remove an actor or clear the background to generate.');
    expect(regionProblem(5, true, 4, 'Directa previz'))
      .toBe('5 actors and the marked background need 6 regions; Directa previz directs at most 4 per shot. Remove 2 actors, or 1 actor and clear the background, to generate.');
    expect(regionProblem(1, true, 1, 'Tiny'))
      .toBe('1 actor and the marked background need 2 regions; Tiny directs at most 1 per shot. Remove an actor or clear the background to generate.');
  });

  it('gives the figures the prompt field shows', () => {
    expect(regionFigures(2, true, 4, 'M')).toEqual({ actors: 2, background: true, used: 3, limit: 4, problem: null });
    expect(regionFigures(4, true, 4, 'M')).toMatchObject({ used: 5, limit: 4, problem: expect.stringMatching(/^4 actors and the marked background/) });
  });
});

describe('with a model package', () => {
  const SHIPPED = path.resolve('native-models/packages/directa-previz');
  let tmp: ReturnType<typeof tempDir>;
  let models: ModelRegistry;
  beforeEach(() => {
    tmp = tempDir('directa-region-limit-');
    const dir = path.join(tmp.dir, 'user', 'directa-previz');
    fs.mkdirSync(dir, { recursive: true });
    for (const file of ['manifest.json', 'vocab.txt']) fs.copyFileSync(path.join(SHIPPED, file), path.join(dir, file));
    models = new ModelRegistry(path.join(tmp.dir, 'none'), path.join(tmp.dir, 'user'));
  });
  afterEach(() => tmp.cleanup());

  const spec = (objects: number, background: boolean): ShotSpec => ({
    version: 1, modelId: null, prompt, negativePrompt: '', camera: NULL_CAMERA, seed: 1,
    sampler: { scheduler: 'ddim', steps: null, guidance: null }, durationFrames: 24, fps: { num: 24, den: 1 },
    aspect: { width: 16, height: 9 }, objects: WORDS.slice(0, objects).map(actor),
    ...(background ? { background: { phrase: 'sky', span: at('sky') } } : {}),
  });

  it('reads the limit from the manifest (the built-in model directs 4)', () => {
    const model = models.resolve(null);
    expect(model.maxRegions).toBe(4);
    expect(checkPrompt(models, null, prompt, { actors: 3, background: true }).regions)
      .toEqual({ actors: 3, background: true, used: 4, limit: 4, problem: null });
    expect(checkPrompt(models, null, prompt, { actors: 5, background: false }).regions?.problem)
      .toBe(`5 actors need 5 regions; ${model.name} directs at most 4 per shot. Remove an actor to generate.`);
    expect(checkPrompt(models, null, prompt).regions).toBeNull(); // not asked (the negative prompt's meter)
  });

  it('refuses a shot over the limit before it is queued, naming it (the router answers CONFLICT)', () => {
    expect(() => refuseOverRegions(models, spec(4, false), 'Wide')).not.toThrow();
    expect(() => refuseOverRegions(models, spec(3, true), 'Wide')).not.toThrow();
    const refuse = () => refuseOverRegions(models, spec(4, true), 'Wide');
    expect(refuse).toThrow(TooManyRegionsError);
    expect(refuse).toThrow(SpecError);
    expect(refuse).toThrow(/^Shot "Wide": 4 actors and the marked background need 5 regions; .+ Remove an actor or clear the background to generate\.$/);
    expect(() => refuseOverRegions(models, spec(5, false), 'Wide')).toThrow(/^Shot "Wide": 5 actors need 5 regions/);
  });
});
