/**
 * The figures of the prompt being typed (prompt.check): asked when typing pauses, read by
 * the prompt field for its count, its unknown words and its over-limit note. A check is a
 * question, not an edit: it does not count as saving, and a failure is shown in the
 * field, not in the app's error banner.
 */
import { call } from '../lib/api';
import { LatestCheck, type Answer } from './latest-check';
import { figuresFor, sameQuery, type PromptFigures, type PromptQuery } from './limits';

export class PromptFiguresState {
  answer = $state<Answer<PromptQuery, PromptFigures> | null>(null);
  private readonly check = new LatestCheck<PromptQuery, PromptFigures>(
    (query) => call('prompt.check', query),
    (answer) => (this.answer = answer),
    sameQuery,
  );

  request(query: PromptQuery): void {
    this.check.request(query);
  }

  /** The figures of exactly this text, once answered (its regions once asked about these actors); null before (or when the check failed). */
  figuresFor(query: PromptQuery): PromptFigures | null {
    return figuresFor(this.answer, query);
  }

  /** Why the last check could not be answered (no model installed…), for exactly this text. */
  problemFor(query: PromptQuery): string | null {
    return this.answer && sameQuery(this.answer.query, query) ? this.answer.problem : null;
  }

  dispose(): void {
    this.check.dispose();
  }
}
