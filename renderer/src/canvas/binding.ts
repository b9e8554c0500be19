/**
 * What a new actor is bound to: words of the prompt (the store keeps an actor only where
 * its span selects its phrase exactly), and a colour of its own.
 */
type SpanLike = readonly [number, number];

/** Eight colours (a shot's most actors) far apart in hue and readable on a dark frame. */
export const ACTOR_COLORS: readonly string[] = [
  '#ff5a5f', '#3fa7ff', '#ffc53d', '#36d399', '#c77dff', '#ff8c42', '#2ee6e6', '#f06fd0',
];

/** The first palette colour no actor has, or the least used one. */
export function nextActorColor(used: readonly string[]): string {
  const counts = ACTOR_COLORS.map((c) => used.filter((u) => u.toLowerCase() === c).length);
  return ACTOR_COLORS[counts.indexOf(Math.min(...counts))]!;
}

export type PhraseMatch = { phrase: string; span: [number, number] } | { problem: string };

/**
 * Where `words` stand in the prompt, as the phrase and span to bind: case and surrounding
 * spaces aside, whole words preferred, the first place not already bound to an actor nor
 * in the marked background (`background`, the span of its words while they stand).
 */
export function findPhrase(prompt: string, words: string, taken: readonly SpanLike[] = [], background: SpanLike | null = null): PhraseMatch {
  const wanted = words.trim();
  if (!wanted) return { problem: 'Type the words of the prompt this actor is' };
  const haystack = prompt.toLowerCase();
  const needle = wanted.toLowerCase();
  const places: number[] = [];
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) places.push(at);
  if (places.length === 0) return { problem: `"${wanted}" is not in the prompt` };
  const overlaps = (a: number, [s, e]: SpanLike): boolean => a < e && a + needle.length > s;
  const unbound = places.filter((a) => !taken.some((t) => overlaps(a, t)));
  if (unbound.length === 0) return { problem: `"${wanted}" is already an actor` };
  const free = unbound.filter((a) => !background || !overlaps(a, background));
  if (free.length === 0) return { problem: `"${wanted}" is the background: clear it first, or type other words` };
  const whole = free.filter((a) => isWordStart(prompt, a) && isWordEnd(prompt, a + needle.length));
  const start = whole[0] ?? free[0]!;
  const end = start + needle.length;
  return { phrase: prompt.slice(start, end), span: [start, end] };
}

const WORD = /[\p{L}\p{N}]/u;
function isWordStart(text: string, at: number): boolean {
  return at === 0 || !WORD.test(text[at - 1]!);
}
function isWordEnd(text: string, at: number): boolean {
  return at === text.length || !WORD.test(text[at]!);
}
