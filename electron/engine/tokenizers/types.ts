/** A tokenizer as the engine uses it: ids padded to the model's length, with character offsets. */
export interface Encoding {
  /** exactly maxTokens ids: [bos] tokens… [eos] [pad]… */
  ids: number[];
  /** for each id, the [start, end) characters of the prompt it came from; null for specials */
  offsets: ([number, number] | null)[];
}

export interface Tokenizer {
  readonly maxTokens: number;
  /** throws PromptTooLongError when the prompt does not fit */
  encode(text: string): Encoding;
}

export class PromptTooLongError extends Error {
  constructor(readonly tokens: number, readonly maxTokens: number) {
    super(`the prompt is ${tokens} tokens long; this model takes at most ${maxTokens - 2}. Shorten it.`);
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
