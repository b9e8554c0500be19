/**
 * The model's limits as the prompt field shows them: the token count against the limit,
 * the words the model does not know, the regions the shot's actors (and a marked
 * background) take against the most the model directs, and the note that refuses
 * Generate over a limit. The figures come from the main process (prompt.check), counted
 * by the model's own tokenizer and manifest; this module only words them.
 */
import type { CallOutput, CallInput } from '../../../electron/ipc/contract';

export type PromptFigures = CallOutput<'prompt.check'>;
export type RegionQuery = NonNullable<CallInput<'prompt.check'>['regions']>;
export type PromptQuery = Required<Pick<CallInput<'prompt.check'>, 'prompt'>> & { modelId: string | null; regions?: RegionQuery };

export function tokenLine(f: PromptFigures): string {
  return `${f.tokens} / ${f.limit} tokens`;
}

export function isOver(f: PromptFigures): boolean {
  return f.tokens > f.limit;
}

/** Why Generate is refused for a text over the limit (`what`: which field it is). */
export function overLimitNote(f: PromptFigures, what: 'prompt' | 'negative prompt' = 'prompt'): string {
  return `The ${what} is too long for ${f.modelName}: ${f.tokens} tokens, at most ${f.limit}. Shorten it to generate.`;
}

/** The unknown words once each (the first spelling met), in prompt order. */
export function unknownWordList(f: PromptFigures): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const { word } of f.unknownWords) {
    const key = word.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      out.push(word);
    }
  }
  return out;
}

/**
 * What a field's meter asks prompt.check about, or null for nothing: an empty negative
 * prompt is the model's own (which the main process checks when the shot is queued).
 */
export function meterQuery(what: 'prompt' | 'negative prompt', text: string, modelId: string | null): PromptQuery | null {
  return what === 'negative prompt' && text === '' ? null : { modelId, prompt: text };
}

/** The same text for the same model (the token figures hold, whatever the regions). */
export const sameText = (a: PromptQuery, b: PromptQuery): boolean => a.prompt === b.prompt && a.modelId === b.modelId;

export const sameQuery = (a: PromptQuery, b: PromptQuery): boolean => sameText(a, b)
  && a.regions?.actors === b.regions?.actors && a.regions?.background === b.regions?.background;

/**
 * The figures an answer gives a query: all of them for the same question, the token
 * figures alone (regions null) while only the actors changed, so the count does not
 * blink while a new answer is on its way; null for another text.
 */
export function figuresFor(answered: { query: PromptQuery; value: PromptFigures | null } | null, query: PromptQuery): PromptFigures | null {
  if (!answered?.value || !sameText(answered.query, query)) return null;
  return sameQuery(answered.query, query) ? answered.value : { ...answered.value, regions: null };
}

/** What the prompt's meter asks about the shot's regions: its actors, and whether a background is marked. */
export function regionQuery(shot: { objects: readonly unknown[]; background: unknown }): RegionQuery {
  return { actors: shot.objects.length, background: shot.background !== null };
}

/** The regions the shot takes against the model's limit, e.g. "2 actors + background: 3 / 4 regions"; null when not asked or without actors. */
export function regionLine(f: PromptFigures): string | null {
  const r = f.regions;
  if (!r || r.actors === 0) return null;
  const actors = `${r.actors} actor${r.actors === 1 ? '' : 's'}${r.background && r.actors > 0 ? ' + background' : ''}`;
  return `${actors}: ${r.used} / ${r.limit} regions`;
}

/** Why Generate is refused for too many regions (the main process's words, as job.enqueue says them), or null. */
export function regionNote(f: PromptFigures): string | null {
  return f.regions?.problem ?? null;
}

/**
 * Why a shot must not be queued, from the figures of its prompt (with its regions) and
 * negative prompt (an empty negative prompt is the model's own, which the main process
 * checks): the first text over the limit, else too many regions, or null. A check that
 * fails refuses nothing here: job.enqueue checks again and says what is wrong.
 */
export async function generateRefusal(
  shot: { prompt: string; negativePrompt: string; modelId: string | null; objects: readonly unknown[]; background: unknown },
  check: (query: PromptQuery) => Promise<PromptFigures>,
): Promise<string | null> {
  const texts = [['prompt', shot.prompt], ['negative prompt', shot.negativePrompt]] as const;
  let regions: string | null = null;
  for (const [what, prompt] of texts) {
    if (what === 'negative prompt' && prompt === '') continue;
    let figures: PromptFigures;
    try {
      figures = await check(what === 'prompt' ? { modelId: shot.modelId, prompt, regions: regionQuery(shot) } : { modelId: shot.modelId, prompt });
    } catch {
      return null;
    }
    if (isOver(figures)) return overLimitNote(figures, what);
    regions ??= regionNote(figures);
  }
  return regions;
}
