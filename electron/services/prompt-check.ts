/**
 * What a prompt costs its model, known before anything is queued: its tokens against the
 * model's limit and the words the model does not know (prompt.check, which the prompt
 * field asks as the director types), and the refusal of a shot whose prompt or negative
 * prompt does not fit (job.enqueue), instead of a job that fails in the engine afterwards.
 * The region limit (actors and a marked background) is counted alike: region-limit.ts.
 */
import type { ShotSpec } from '../engine/spec';
import type { ModelRegistry } from './models';
import { regionFigures, type RegionFigures } from './region-limit';
import { SpecError } from './shot-spec';

export interface PromptCheck {
  /** the model counted against (the default's id when none was named) */
  modelId: string;
  modelName: string;
  /** the prompt's tokens, start and end tokens not counted */
  tokens: number;
  /** the most tokens the model takes */
  limit: number;
  /** every word the model reads as its unknown token, with where it stands in the prompt */
  unknownWords: { word: string; span: [number, number] }[];
  /** the shot's regions against the model's limit (region-limit.ts), when asked about; else null */
  regions: RegionFigures | null;
}

/** The prompt's figures, and with `regions` (the shot's actors and whether a background is marked) the region count too. */
export function checkPrompt(
  models: ModelRegistry, modelId: string | null, prompt: string, regions?: { actors: number; background: boolean },
): PromptCheck {
  const { model, tokenizer } = models.tokenizer(modelId);
  const { tokens, limit, unknown } = tokenizer.count(prompt);
  return {
    modelId: model.id,
    modelName: model.name,
    tokens,
    limit,
    unknownWords: unknown.map(([a, b]) => ({ word: prompt.slice(a, b), span: [a, b] })),
    regions: regions ? regionFigures(regions.actors, regions.background, model.maxRegions, model.name) : null,
  };
}

/** A shot whose prompt does not fit its model: refused before it is queued (the router answers CONFLICT). */
export class PromptTooLongError extends SpecError {
  constructor(message: string) {
    super(message);
    this.name = 'PromptTooLongError';
  }
}

/** The words of a refusal, the same in the main process and the editor. */
export function overLimitMessage(what: 'prompt' | 'negative prompt', tokens: number, limit: number, modelName: string): string {
  return `The ${what} is ${tokens} tokens long; ${modelName} takes at most ${limit}. Shorten it to generate.`;
}

/**
 * Throws a PromptTooLongError naming the shot when the spec's prompt, or the negative
 * prompt the engine would use (the model's own when the shot has none), is over the limit.
 */
export function refuseOverLimit(models: ModelRegistry, spec: ShotSpec, shotName: string): void {
  const { model, tokenizer, defaultNegativePrompt } = models.tokenizer(spec.modelId);
  const texts = [['prompt', spec.prompt], ['negative prompt', spec.negativePrompt || defaultNegativePrompt]] as const;
  for (const [what, text] of texts) {
    const { tokens, limit } = tokenizer.count(text);
    if (tokens > limit) throw new PromptTooLongError(`Shot "${shotName}": ${overLimitMessage(what, tokens, limit, model.name)}`);
  }
}
