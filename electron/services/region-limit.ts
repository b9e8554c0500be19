/**
 * The model's region limit, known before anything is queued. A model directs at most
 * `maxRegions` regions per shot (its manifest): one per actor, and one more for a marked
 * background phrase once there is an actor (without actors a mark directs nothing). The
 * engine refuses a shot over it (engine/regions.ts); here the same rule is counted for
 * the prompt field (prompt.check) and job.enqueue refuses such a shot with CONFLICT,
 * naming it and what to do, instead of a job that fails afterwards.
 */
import type { ShotSpec } from '../engine/spec';
import type { ModelRegistry } from './models';
import { SpecError } from './shot-spec';

export interface RegionFigures {
  actors: number;
  /** a background phrase is marked */
  background: boolean;
  /** the regions the shot takes: its actors', and the background's when one is marked and there is an actor */
  used: number;
  /** the most the model directs per shot */
  limit: number;
  /** why the shot cannot be generated (over the limit, saying what to do), or null */
  problem: string | null;
}

/** The regions a shot takes (the engine's rule in engine/regions.ts buildRegions). */
export function regionsUsed(actors: number, background: boolean): number {
  return actors + (background && actors > 0 ? 1 : 0);
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What to do about a shot over the limit, in words; null when it fits. */
export function regionProblem(actors: number, background: boolean, limit: number, modelName: string): string | null {
  const used = regionsUsed(actors, background);
  if (used <= limit) return null;
  const excess = used - limit;
  const withBackground = background && actors > 0;
  const need = withBackground
    ? `${plural(actors, 'actor')} and the marked background need ${used} regions`
    : `${plural(actors, 'actor')} need ${used} regions`;
  let advice: string;
  if (!withBackground) advice = excess === 1 ? 'Remove an actor' : `Remove ${excess} actors`;
  else if (excess === 1) advice = 'Remove an actor or clear the background';
  else advice = `Remove ${excess} actors, or ${plural(excess - 1, 'actor')} and clear the background,`;
  return `${need}; ${modelName} directs at most ${limit} per shot. ${advice} to generate.`;
}

export function regionFigures(actors: number, background: boolean, limit: number, modelName: string): RegionFigures {
  return { actors, background, used: regionsUsed(actors, background), limit, problem: regionProblem(actors, background, limit, modelName) };
}

/** A shot with more regions than its model directs: refused before it is queued (the router answers CONFLICT). */
export class TooManyRegionsError extends SpecError {
  constructor(message: string) {
    super(message);
    this.name = 'TooManyRegionsError';
  }
}

/** Throws a TooManyRegionsError naming the shot when its actors (and marked background) need more regions than its model has. */
export function refuseOverRegions(models: ModelRegistry, spec: ShotSpec, shotName: string): void {
  const model = models.resolve(spec.modelId);
  const problem = regionProblem(spec.objects.length, spec.background !== undefined, model.maxRegions, model.name);
  if (problem) throw new TooManyRegionsError(`Shot "${shotName}": ${problem}`);
}
