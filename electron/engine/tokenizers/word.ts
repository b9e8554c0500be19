/**
 * The word-level tokenizer of the default model, as native-models writes it: lower-case,
 * runs of [a-z0-9] and single other non-space characters, a vocabulary file with one token
 * per line (id = line number), unknown words → unk.
 */
import { PromptTooLongError, type Encoding, type TokenCount, type Tokenizer } from './types';

export interface WordTokenizerOptions {
  vocab: readonly string[];
  maxTokens: number;
  bos: number;
  eos: number;
  pad: number;
  unk: number;
  /** the manifest's `pattern`, a regular expression over the lower-cased text */
  pattern: string;
}

export class WordTokenizer implements Tokenizer {
  readonly maxTokens: number;
  private readonly ids: Map<string, number>;
  private readonly pattern: RegExp;

  constructor(private readonly options: WordTokenizerOptions) {
    this.maxTokens = options.maxTokens;
    this.ids = new Map(options.vocab.map((token, id) => [token, id]));
    this.pattern = new RegExp(options.pattern, 'gu');
    for (const key of ['bos', 'eos', 'pad', 'unk'] as const) {
      if (!Number.isInteger(options[key]) || options[key] < 0 || options[key] >= options.vocab.length) {
        throw new Error(`tokenizer: ${key} id ${options[key]} is not in the vocabulary`);
      }
    }
  }

  static fromVocabFile(text: string, options: Omit<WordTokenizerOptions, 'vocab'>): WordTokenizer {
    const vocab = text.split('\n');
    if (vocab[vocab.length - 1] === '') vocab.pop();
    return new WordTokenizer({ ...options, vocab });
  }

  encode(text: string): Encoding {
    const { bos, eos, pad } = this.options;
    const words = this.words(text);
    if (words.length > this.maxTokens - 2) throw new PromptTooLongError(words.length, this.maxTokens - 2);
    const ids = [bos, ...words.map((w) => w.id), eos];
    const offsets: Encoding['offsets'] = [null, ...words.map((w) => w.offset), null];
    while (ids.length < this.maxTokens) {
      ids.push(pad);
      offsets.push(null);
    }
    return { ids, offsets };
  }

  count(text: string): TokenCount {
    const words = this.words(text);
    const unknown = words.filter((w) => w.id === this.options.unk).map((w) => w.offset);
    return { tokens: words.length, limit: this.maxTokens - 2, unknown };
  }

  private words(text: string): { id: number; offset: [number, number] }[] {
    const words: { id: number; offset: [number, number] }[] = [];
    // Lower-case per character so offsets stay those of the original prompt.
    const lower = [...text].map((ch) => (ch.toLowerCase().length === ch.length ? ch.toLowerCase() : ch)).join('');
    for (const match of lower.matchAll(this.pattern)) {
      words.push({ id: this.ids.get(match[0]) ?? this.options.unk, offset: [match.index, match.index + match[0].length] });
    }
    return words;
  }
}
