/**
 * Actors bound to words of the prompt, as character spans, in the renderer: the store's
 * own span logic (`electron/store/prompt-spans.ts`: words, selections snapped to words,
 * rebinding across prompt edits), so the prompt field previews exactly the rebinding the
 * main process saves, plus what only the editor needs: the highlight layer's segments.
 */
export {
  isBound, mapCharacters, rebindSpans, selectionToSpan, snapToWords, spansOverlap, spanText, wordAt, words,
} from '../../../electron/store/prompt-spans';
export type { Rebound, Span, SpanStatus } from '../../../electron/store/prompt-spans';

type SpanLike = readonly [number, number];

export interface Segment {
  start: number;
  end: number;
  text: string;
  /** indices (into the spans given) of the spans that cover this piece; empty for plain text */
  owners: number[];
}

/**
 * The prompt cut into pieces at every span edge, each with the spans that cover it: what
 * a highlight layer behind the prompt field draws (in the owners' colours), with no
 * marker characters in the text. Spans out of range are clipped; empty ones ignored.
 */
export function highlightSegments(text: string, spans: readonly (SpanLike | null)[]): Segment[] {
  const cuts = new Set<number>([0, text.length]);
  const clipped = spans.map((s) => (s ? ([Math.max(0, Math.min(s[0], text.length)), Math.max(0, Math.min(s[1], text.length))] as const) : null));
  for (const s of clipped) if (s && s[1] > s[0]) { cuts.add(s[0]); cuts.add(s[1]); }
  const points = [...cuts].sort((x, y) => x - y);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    if (end === start) continue;
    const owners: number[] = [];
    clipped.forEach((s, k) => { if (s && s[0] <= start && end <= s[1] && s[1] > s[0]) owners.push(k); });
    out.push({ start, end, text: text.slice(start, end), owners });
  }
  return out;
}
