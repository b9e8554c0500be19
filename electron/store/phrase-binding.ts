/**
 * An object binds to words of its shot's prompt by character span; its phrase is the
 * text that span selects. When the prompt is edited, every bound object is carried onto
 * the new prompt by the prompt diff of prompt-spans.ts (the same rebinding the editor
 * previews while the edit is typed): it shifts with text inserted or deleted before it,
 * widens over text inserted among its words (its phrase becomes the wider text), and is
 * never moved onto other words. An object whose words are gone keeps its phrase and old
 * span: it is lost (its span no longer selects its phrase), the editor flags it, and a
 * shot with a lost object is refused for generation until the object is bound again.
 */
import { isBound, rebindSpans } from './prompt-spans';

export { isBound };

export interface Binding {
  phrase: string;
  span: readonly [number, number];
}

/**
 * The bindings carried from `oldPrompt` to `newPrompt`, one answer per object in order:
 * the new phrase and span, or null where the object is lost (its words went in this edit,
 * or were gone already) and stays as it was.
 */
export function rebindObjects(oldPrompt: string, newPrompt: string, objects: readonly Binding[]): ({ phrase: string; span: [number, number] } | null)[] {
  const bound = objects.map((o) => isBound(oldPrompt, o));
  const rebound = rebindSpans(oldPrompt, newPrompt, objects.filter((_, i) => bound[i]).map((o) => o.span));
  let k = 0;
  return objects.map((_, i) => {
    if (!bound[i]) return null;
    const { span } = rebound[k++]!;
    return span ? { phrase: newPrompt.slice(span[0], span[1]), span } : null;
  });
}
