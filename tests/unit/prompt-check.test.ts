/**
 * Model limits up front, in the main process: a prompt's tokens, limit and unknown words
 * from the model's own tokenizer (the shipped package's manifest and vocabulary, copied),
 * and the refusal of a shot over the limit before anything is queued.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NULL_CAMERA, type ShotSpec } from '../../electron/engine/spec';
import { ModelError, ModelRegistry } from '../../electron/services/models';
import { checkPrompt, PromptTooLongError, refuseOverLimit } from '../../electron/services/prompt-check';
import { SpecError } from '../../electron/services/shot-spec';
import { tempDir } from '../helpers/tmp';

const SHIPPED = path.resolve('native-models/packages/directa-previz');
let tmp: ReturnType<typeof tempDir>;
let models: ModelRegistry;
let vocab: string;

beforeEach(() => {
  tmp = tempDir('directa-prompt-check-');
  const dir = path.join(tmp.dir, 'user', 'directa-previz');
  fs.mkdirSync(dir, { recursive: true });
  for (const file of ['manifest.json', 'vocab.txt']) fs.copyFileSync(path.join(SHIPPED, file), path.join(dir, file));
  vocab = path.join(dir, 'vocab.txt');
  models = new ModelRegistry(path.join(tmp.dir, 'none'), path.join(tmp.dir, 'user'));
});
afterEach(() => tmp.cleanup());

const spec = (prompt: string, negativePrompt = ''): ShotSpec => ({
  version: 1, modelId: null, prompt, negativePrompt, camera: NULL_CAMERA, seed: 1,
  sampler: { scheduler: 'ddim', steps: null, guidance: null }, durationFrames: 24, fps: { num: 24, den: 1 },
  aspect: { width: 16, height: 9 }, objects: [],
});

describe('checkPrompt', () => {
  it('counts the prompt with the model\'s tokenizer and names the words it does not know, where they stand', () => {
    const prompt = 'A red Giraffe and a dog near the sea';
    expect(checkPrompt(models, null, prompt)).toEqual({
      modelId: 'directa-previz', modelName: expect.any(String), tokens: 9, limit: 22,
      unknownWords: [{ word: 'Giraffe', span: [6, 13] }], regions: null,
    });
    expect(checkPrompt(models, 'directa-previz', 'dog '.repeat(30)).tokens).toBe(30); // over the limit: counted, not refused
  });

  it('reads the tokenizer once per version of its file', () => {
    const first = models.tokenizer(null).tokenizer;
    expect(models.tokenizer('directa-previz').tokenizer).toBe(first);
  });

  it('refuses a tokenizer file that does not match the manifest, and a model that is not installed', () => {
    fs.appendFileSync(vocab, 'giraffe\n');
    expect(() => checkPrompt(models, null, 'a giraffe')).toThrow(ModelError);
    expect(() => checkPrompt(models, null, 'a giraffe')).toThrow(/tokenizer vocab\.txt does not match the manifest/);
    expect(() => checkPrompt(models, 'no-such-model', 'a dog')).toThrow(/"no-such-model" is not installed/);
  });
});

describe('refuseOverLimit', () => {
  it('lets a prompt at the limit through and refuses one over it, naming the shot, the figures and the model', () => {
    const name = models.resolve(null).name;
    expect(() => refuseOverLimit(models, spec('dog '.repeat(22)), 'Shot 1')).not.toThrow();
    const refuse = () => refuseOverLimit(models, spec('dog '.repeat(23)), 'Shot 1');
    expect(refuse).toThrow(PromptTooLongError);
    expect(refuse).toThrow(SpecError); // the router answers CONFLICT
    expect(refuse).toThrow(`Shot "Shot 1": The prompt is 23 tokens long; ${name} takes at most 22. Shorten it to generate.`);
  });

  it('checks the negative prompt the engine would use', () => {
    expect(() => refuseOverLimit(models, spec('a dog', 'red, '.repeat(12)), 'Wide')).toThrow(/^Shot "Wide": The negative prompt is 24 tokens long/);
    expect(() => refuseOverLimit(models, spec('a dog', ''), 'Wide')).not.toThrow(); // the model's own default fits
  });
});
