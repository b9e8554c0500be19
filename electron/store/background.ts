/**
 * A shot's background phrase (migration 6, background-schema.ts): words of the prompt the
 * director marks as the background, which the engine binds to the frame outside the
 * actors' boxes. Marked and cleared as one undoable edit; carried across prompt edits with
 * the actors, in the edit's own transaction (the same rebinding, phrase-binding.ts); lost,
 * phrase and span kept as they were, when its words go.
 */
import type { Db } from './database';
import { isBound, rebindObjects } from './phrase-binding';
import { selectionToSpan, spansOverlap } from './prompt-spans';
import { backgroundColumns } from './rows';
import { StoreError, type BackgroundPhrase, type ShotRecord } from './types';

type Edit = <T>(label: string, fn: () => T) => T;

/**
 * The background that characters `[start, end)` of the shot's prompt mark: taken on whole
 * words, as a selection is (spaces and punctuation at its edges dropped, a word cut by an
 * edge taken whole). Refused, saying why, when the span is outside the prompt, holds no
 * word, or takes words of an actor.
 */
export function markBackground(shot: Pick<ShotRecord, 'prompt' | 'objects'>, span: readonly [number, number]): BackgroundPhrase {
  const [a, b] = span;
  const { prompt } = shot;
  if (!(b > a)) throw new StoreError('INVALID', `the background's span must end after it starts (got ${a}–${b})`);
  if (b > prompt.length) {
    throw new StoreError('INVALID', `the background's span ${a}–${b} is outside the prompt, which is ${prompt.length} characters long`);
  }
  const words = selectionToSpan(prompt, a, b);
  if (!words) throw new StoreError('INVALID', `characters ${a}–${b} of the prompt hold no word to mark as the background`);
  const phrase = prompt.slice(words[0], words[1]);
  const actor = shot.objects.find((o) => isBound(prompt, o) && spansOverlap(o.span, words));
  if (actor) {
    throw new StoreError('INVALID', `"${phrase}" takes words of the actor "${actor.phrase}" (characters ${actor.span[0]}–${actor.span[1]}): the background must be other words`);
  }
  return { phrase, span: words };
}

/** Whether the shot's background is marked and its words still stand in its prompt. */
export function backgroundBound(shot: Pick<ShotRecord, 'prompt' | 'background'>): boolean {
  return shot.background !== null && isBound(shot.prompt, shot.background);
}

/** Refuses actor `index` (as setObjects is given it) where it is bound to words of the shot's bound background. */
export function refuseActorOnBackground(shot: Pick<ShotRecord, 'prompt' | 'background'>, actor: { phrase: string; span: readonly [number, number] }, index: number): void {
  const bg = shot.background;
  if (!bg || !isBound(shot.prompt, bg) || !isBound(shot.prompt, actor) || !spansOverlap(actor.span, bg.span)) return;
  throw new StoreError('INVALID', `object ${index + 1}: "${actor.phrase}" takes words of the background "${bg.phrase}": clear the background or select other words`);
}

/** The background carried from the shot's prompt onto `prompt`, or null where it stays as it was (none, lost now or before). */
export function reboundBackground(shot: Pick<ShotRecord, 'prompt' | 'background'>, prompt: string): BackgroundPhrase | null {
  if (!shot.background) return null;
  return rebindObjects(shot.prompt, prompt, [shot.background])[0] ?? null;
}

export class BackgroundStore {
  constructor(
    private readonly db: Db,
    private readonly edit: Edit,
    private readonly shot: (id: string) => ShotRecord,
  ) {}

  /** Marks characters `span` of the shot's prompt as its background (see markBackground), or clears it (null); one undo step. */
  set(shotId: string, span: readonly [number, number] | null): void {
    this.edit(span ? 'Mark background' : 'Clear background', () => {
      const shot = this.shot(shotId);
      const next = span === null ? null : markBackground(shot, span);
      if (sameBackground(shot.background, next)) return;
      this.write(shotId, next);
    });
  }

  /** Inside an edit of the prompt (ProjectStore.updateShot): moves the background with its words; a lost one stays as it was. */
  rebind(shot: ShotRecord, prompt: string): void {
    const next = reboundBackground(shot, prompt);
    if (next && !sameBackground(shot.background, next)) this.write(shot.id, next);
  }

  private write(shotId: string, background: BackgroundPhrase | null): void {
    this.db.prepare(`UPDATE shots SET background_phrase = @background_phrase, background_start = @background_start,
      background_end = @background_end, updated_at = @updated_at WHERE id = @id`)
      .run({ ...backgroundColumns(background), updated_at: new Date().toISOString(), id: shotId });
  }
}

function sameBackground(a: BackgroundPhrase | null, b: BackgroundPhrase | null): boolean {
  return a === b || (a !== null && b !== null && a.phrase === b.phrase && a.span[0] === b.span[0] && a.span[1] === b.span[1]);
}
