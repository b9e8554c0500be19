/**
 * The model's limits as the prompt field shows them: the token count against the limit,
 * the words the model does not know, and the note that refuses Generate over the limit.
 * The figures come from the main process (prompt.check), counted by the model's own
 * tokenizer; this module only words them.
 */
import type { CallOutput, CallInput } from '../../../electron/ipc/contract';

export type PromptFigures = CallOutput<'prompt.check'>;
export type PromptQuery = Required<Pick<CallInput<'prompt.check'>, 'prompt'>> & { modelId: string | null };

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

export const sameQuery = (a: PromptQuery, b: PromptQuery): boolean => a.prompt === b.prompt && a.modelId === b.modelId;

/**
 * Why a shot must not be queued, from the figures of its prompt and negative prompt (an
 * empty negative prompt is the model's own, which the main process checks): the first
 * text over the limit, or null. A check that fails refuses nothing here: job.enqueue
 * checks again and says what is wrong.
 */
export async function generateRefusal(
  shot: { prompt: string; negativePrompt: string; modelId: string | null },
  check: (query: PromptQuery) => Promise<PromptFigures>,
): Promise<string | null> {
  const texts = [['prompt', shot.prompt], ['negative prompt', shot.negativePrompt]] as const;
  for (const [what, prompt] of texts) {
    if (what === 'negative prompt' && prompt === '') continue;
    let figures: PromptFigures;
    try {
      figures = await check({ modelId: shot.modelId, prompt });
    } catch {
      return null;
    }
    if (isOver(figures)) return overLimitNote(figures, what);
  }
  return null;
}
