/**
 * CLIP's byte-level BPE tokenizer (ZeroScope and other converted models), from the
 * package's Hugging Face `tokenizer.json`, through @huggingface/tokenizers.
 *
 * That library gives no character offsets. CLIP splits the text into words (its
 * pre-tokenizer pattern, below) and applies BPE to each word alone, so encoding each word
 * by itself gives the same tokens with known characters. The concatenation is checked
 * against the whole encoding; where they differ no token gets an offset (and object
 * control reports the phrase as unbound rather than binding the wrong tokens).
 */
import { Tokenizer as HfTokenizer } from '@huggingface/tokenizers';
import { PromptTooLongError, type Encoding, type TokenCount, type Tokenizer } from './types';

/** CLIP's pre-tokenizer split (contractions, letter runs, single digits, other symbol runs). */
const CLIP_WORDS = /'s|'t|'re|'ve|'m|'ll|'d|\p{L}+|\p{N}|[^\s\p{L}\p{N}]+/giu;

export interface ClipOptions { maxTokens: number; bos: number; eos: number; pad: number }

export class ClipBpeTokenizer implements Tokenizer {
  readonly maxTokens: number;

  private constructor(private readonly hf: HfTokenizer, private readonly options: ClipOptions) {
    this.maxTokens = options.maxTokens;
  }

  static fromJson(json: string, options: ClipOptions): ClipBpeTokenizer {
    const parsed = JSON.parse(json) as object;
    return new ClipBpeTokenizer(new HfTokenizer(parsed, { model_max_length: options.maxTokens }), options);
  }

  /** Token ids of `text` without start/end tokens (the pad id stays: ZeroScope pads with "!", a real token). */
  private words(text: string): number[] {
    const ids = this.hf.encode(text, { add_special_tokens: false }).ids;
    return ids.filter((id) => id !== this.options.bos && id !== this.options.eos);
  }

  /** Byte-level BPE reads any text: no word is unknown to it (a rare word costs more tokens instead). */
  count(text: string): TokenCount {
    return { tokens: this.words(text).length, limit: this.maxTokens - 2, unknown: [] };
  }

  encode(text: string): Encoding {
    const body = this.words(text);
    if (body.length > this.maxTokens - 2) throw new PromptTooLongError(body.length, this.maxTokens - 2);
    const ids = [this.options.bos, ...body, this.options.eos];
    const offsets: Encoding['offsets'] = ids.map(() => null);
    const pieces: { ids: number[]; span: [number, number] }[] = [];
    for (const match of text.matchAll(CLIP_WORDS)) {
      pieces.push({ ids: this.words(match[0]), span: [match.index, match.index + match[0].length] });
    }
    const joined = pieces.flatMap((p) => p.ids);
    if (joined.length === body.length && joined.every((id, i) => id === body[i])) {
      let t = 1;
      for (const piece of pieces) for (const _ of piece.ids) offsets[t++] = piece.span;
    }
    while (ids.length < this.maxTokens) {
      ids.push(this.options.pad);
      offsets.push(null);
    }
    return { ids, offsets };
  }
}
