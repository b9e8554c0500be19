/** A tokenizer as the engine uses it: ids padded to the model's length, with character offsets. */
export interface Encoding {
  /** exactly maxTokens ids: [bos] tokens… [eos] [pad]… */
  ids: number[];
  /** for each id, the [start, end) characters of the prompt it came from; null for specials */
  offsets: ([number, number] | null)[];
}

/** What a prompt costs a model, whatever its length: for the prompt field and for refusing a prompt before it is queued. */
export interface TokenCount {
  /** the prompt's tokens, start and end tokens not counted */
  tokens: number;
  /** the most `tokens` can be: the model's length less its start and end tokens */
  limit: number;
  /** [start, end) of each word the model does not know (it reads them as its unknown token) */
  unknown: [number, number][];
}

export interface Tokenizer {
  readonly maxTokens: number;
  /** throws PromptTooLongError when the prompt does not fit */
  encode(text: string): Encoding;
  /** counts without padding or refusing: a prompt over the limit answers tokens > limit */
  count(text: string): TokenCount;
}

export class PromptTooLongError extends Error {
  /** `tokens`: the prompt's tokens; `limit`: the most the model takes (start and end tokens not counted in either) */
  constructor(readonly tokens: number, readonly limit: number) {
    super(`the prompt is ${tokens} tokens long; this model takes at most ${limit}. Shorten it.`);
    this.name = 'PromptTooLongError';
  }
}

/** Indices of the tokens whose characters overlap [start, end). */
export function tokensInSpan(encoding: Encoding, span: readonly [number, number]): number[] {
  const out: number[] = [];
  encoding.offsets.forEach((o, i) => {
    if (o && o[0] < span[1] && o[1] > span[0]) out.push(i);
  });
  return out;
}
