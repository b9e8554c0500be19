/**
 * The background phrase in the prompt field, as pure functions of the saved shot: the
 * selected words marked as the background (whole words, never an actor's), and the mark
 * carried onto the text being typed by the same rebinding the store applies on saving
 * (lib/prompt-spans), flagged when its words go. No marker characters go into the prompt:
 * the mark is the shot's `background` span (shot.setBackground).
 */
import type { BackgroundPhrase, ShotObject } from '../../../electron/ipc/schemas';
import { isBound, rebindSpans, selectionToSpan, spansOverlap, type Span } from '../lib/prompt-spans';

export interface BackgroundView {
  phrase: string;
  /** where its words stand in the text shown; null when they are gone */
  span: Span | null;
  /** its words are gone from the prompt: flag it, the director marks other words or clears it */
  lost: boolean;
}

/** The shot's background as the prompt field shows it while `text` is typed over the saved prompt; null when none is marked. */
export function backgroundView(saved: string, text: string, background: BackgroundPhrase | null): BackgroundView | null {
  if (!background) return null;
  if (!isBound(saved, background)) return { phrase: background.phrase, span: null, lost: true };
  const span = rebindSpans(saved, text, [background.span])[0]!.span;
  return { phrase: span ? text.slice(span[0], span[1]) : background.phrase, span, lost: span === null };
}

export type BackgroundEdit = { span: Span } | { problem: string };

/** The selected words of the saved prompt as the span to mark as the background, or why they cannot be. */
export function markBackground(prompt: string, start: number, end: number, objects: readonly ShotObject[]): BackgroundEdit {
  const span = selectionToSpan(prompt, start, end);
  if (!span) return { problem: 'Select the words of the prompt that describe the background' };
  const actor = objects.find((o) => isBound(prompt, o) && spansOverlap(o.span, span));
  if (actor) return { problem: `"${actor.phrase}" is an actor: select other words for the background` };
  return { span };
}

/** Why the selected words cannot be an actor because they are the background's, or null. */
export function backgroundTaken(prompt: string, span: Span, background: BackgroundPhrase | null): string | null {
  if (!background || !isBound(prompt, background) || !spansOverlap(background.span, span)) return null;
  return `"${background.phrase}" is the background: select other words, or clear the background first`;
}
