/**
 * Objects bind to a phrase of the prompt by character span. When the prompt is edited
 * the span follows the phrase: to its occurrence nearest the old position.
 */
export function rebindSpan(phrase: string, span: [number, number], prompt: string): [number, number] | null {
  if (phrase.length === 0) return null;
  if (prompt.slice(span[0], span[1]) === phrase) return span;
  let best: number | null = null;
  for (let at = prompt.indexOf(phrase); at !== -1; at = prompt.indexOf(phrase, at + 1)) {
    if (best === null || Math.abs(at - span[0]) < Math.abs(best - span[0])) best = at;
  }
  return best === null ? null : [best, best + phrase.length];
}
