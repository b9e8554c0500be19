/**
 * Actors made from words of the prompt, as pure functions of the saved shot: the
 * selection becomes an actor (words snapped whole, a colour of its own, a first box the
 * canvas then moves), a lost actor is bound to other words or removed, and the prompt
 * field's highlight is computed for the text being typed before it is saved, by the same
 * rebinding the store applies when it is (lib/prompt-spans). No marker characters ever go
 * into the prompt: the bindings are the objects' spans.
 */
import type { BackgroundPhrase, ShotObject } from '../../../electron/ipc/schemas';
import { addActor, MAX_ACTORS, removeActor, toActors, type Actor } from '../canvas/actors';
import { nextActorColor } from '../canvas/binding';
import { isBound, rebindSpans, selectionToSpan, spansOverlap, words, type Span } from '../lib/prompt-spans';
import { backgroundTaken } from './background';

/** The store keeps a phrase of at most this many characters (LIMITS.nameChars). */
export const MAX_PHRASE_CHARS = 200;

export interface BindingView {
  /** the object's index in the shot */
  index: number;
  phrase: string;
  color: string;
  /** where its words stand in the text shown; null when they are gone */
  span: Span | null;
  /** its words are gone from the prompt: flag it, the director binds it again or removes it */
  lost: boolean;
}

/**
 * Every object of the shot as the prompt field shows it while `text` is typed over the
 * saved prompt: bound objects carried onto `text` (lost where this edit removes their
 * words), objects lost already flagged as they are.
 */
export function bindingViews(saved: string, text: string, objects: readonly ShotObject[]): BindingView[] {
  const bound = objects.map((o) => isBound(saved, o));
  const carried = rebindSpans(saved, text, objects.filter((_, i) => bound[i]).map((o) => o.span));
  let k = 0;
  return objects.map((o, index) => {
    const span = bound[index] ? carried[k++]!.span : null;
    return { index, phrase: span ? text.slice(span[0], span[1]) : o.phrase, color: o.color, span, lost: span === null };
  });
}

/**
 * The words the engine gives the background when none is marked (background.ts): once a
 * shot has actors, every word of the prompt not bound to one is bound to the frame outside
 * the boxes. None without actors.
 */
export function backgroundWords(text: string, views: readonly BindingView[]): Span[] {
  const spans = views.flatMap((v) => (v.span ? [v.span] : []));
  if (spans.length === 0) return [];
  return words(text).filter((w) => !spans.some((s) => spansOverlap(s, w)));
}

/** A first box for the `index`th actor, placed apart from the others' first boxes (the canvas moves it). */
export function defaultFirstBox(index: number): [number, number, number, number] {
  const centres = [0.5, 0.3, 0.7, 0.15, 0.85, 0.4, 0.6, 0.5];
  const cx = centres[index % centres.length]!;
  return [cx - 0.125, 0.325, cx + 0.125, 0.775];
}

export type ActorEdit = { objects: Actor[]; index: number } | { problem: string };

/** The selected words as a span to bind, or why they cannot be: nothing selected, too long, another actor's words or the background's. */
function selectedWords(
  prompt: string, start: number, end: number, objects: readonly ShotObject[], except: number, background: BackgroundPhrase | null,
): { span: Span } | { problem: string } {
  const span = selectionToSpan(prompt, start, end);
  if (!span) return { problem: 'Select the words of the prompt that name the actor' };
  if (span[1] - span[0] > MAX_PHRASE_CHARS) return { problem: `An actor is named by at most ${MAX_PHRASE_CHARS} characters of the prompt` };
  const taken = objects.find((o, i) => i !== except && isBound(prompt, o) && spansOverlap(o.span, span));
  if (taken) return { problem: `"${taken.phrase}" is an actor already: select other words` };
  const problem = backgroundTaken(prompt, span, background);
  return problem ? { problem } : { span };
}

/** The shot's objects with a new actor made of the selected words of the saved prompt (never the marked background's). */
export function makeActor(
  prompt: string, start: number, end: number, objects: readonly ShotObject[], frame = 0, background: BackgroundPhrase | null = null,
): ActorEdit {
  if (objects.length >= MAX_ACTORS) return { problem: `A shot takes at most ${MAX_ACTORS} actors` };
  const chosen = selectedWords(prompt, start, end, objects, -1, background);
  if ('problem' in chosen) return chosen;
  const actors = toActors(objects);
  const [a, b] = chosen.span;
  const binding = { phrase: prompt.slice(a, b), span: chosen.span, color: nextActorColor(actors.map((x) => x.color)) };
  return { objects: addActor(actors, binding, defaultFirstBox(actors.length), frame), index: actors.length };
}

/** The shot's objects with actor `index` bound to the selected words instead (its boxes and colour kept). */
export function bindActor(
  prompt: string, start: number, end: number, objects: readonly ShotObject[], index: number, background: BackgroundPhrase | null = null,
): ActorEdit {
  if (!objects[index]) return { problem: 'That actor is gone' };
  const chosen = selectedWords(prompt, start, end, objects, index, background);
  if ('problem' in chosen) return chosen;
  const [a, b] = chosen.span;
  const actors = toActors(objects);
  actors[index] = { ...actors[index]!, phrase: prompt.slice(a, b), span: chosen.span };
  return { objects: actors, index };
}

/** The shot's objects without actor `index`. */
export function dropActor(objects: readonly ShotObject[], index: number): Actor[] {
  return removeActor(toActors(objects), index);
}
