/**
 * The model's region limit as the canvas's New actor meets it: a model directs one region
 * per actor and one for a marked background once there is an actor (the main process's
 * rule, electron/services/region-limit.ts), so a new actor that would take the shot past
 * the model's `maxRegions` is refused here, saying why, instead of a shot Generate refuses.
 */

export interface RegionModel { name: string; maxRegions: number }

/** The regions a shot with `actors` actors takes. */
export function regionsTaken(actors: number, background: boolean): number {
  return actors + (background && actors > 0 ? 1 : 0);
}

/**
 * Why one more actor does not fit the shot's model, or null (also when the model is not
 * known: job.enqueue checks again).
 */
export function newActorProblem(actors: number, background: boolean, model: RegionModel | undefined): string | null {
  if (!model || regionsTaken(actors + 1, background) <= model.maxRegions) return null;
  const limit = model.maxRegions;
  if (background) {
    return `${model.name} directs at most ${limit} regions per shot, one per actor and one for the marked background: `
      + 'there is no room for another actor. Clear the background or remove an actor first.';
  }
  return `${model.name} directs at most ${limit} actor${limit === 1 ? '' : 's'} per shot: there is no room for another. Remove an actor first.`;
}
