/**
 * Migration 6: a shot's background phrase.
 *
 * A director may mark words of the prompt as the background ("in a snowy field"): the
 * engine then binds the background region (the frame outside the actors' boxes) to those
 * words only, instead of to every word no actor holds. Like an actor's binding it is a
 * phrase and its character span `[background_start, background_end)` in the prompt; all
 * three are NULL when none is marked. When an edit of the prompt removes its words, the
 * phrase and span stay as they were (the span no longer selects the phrase): it is lost,
 * and the editor flags it.
 *
 * The undo triggers of `shots` list their columns, so they are made again here with the
 * three new columns among them. Shipped migrations are never edited: the column list
 * here is this migration's own.
 */
import { SHOT_UNDO_COLUMNS_5 } from './export-schema';
import { undoTriggers } from './undo-schema';

/** Columns of `shots` under undo from migration 6 on. */
export const SHOT_UNDO_COLUMNS_6 = [...SHOT_UNDO_COLUMNS_5, 'background_phrase', 'background_start', 'background_end'] as const;

export const BACKGROUND_MIGRATION = `
  ALTER TABLE shots ADD COLUMN background_phrase TEXT;
  ALTER TABLE shots ADD COLUMN background_start INTEGER;
  ALTER TABLE shots ADD COLUMN background_end INTEGER
    CHECK ((background_phrase IS NULL) = (background_end IS NULL)
      AND (background_start IS NULL) = (background_end IS NULL)
      AND (background_end IS NULL OR (background_start >= 0 AND background_end > background_start)));

  DROP TRIGGER shots_undo_insert;
  DROP TRIGGER shots_undo_update;
  DROP TRIGGER shots_undo_delete;
  ${undoTriggers('shots', SHOT_UNDO_COLUMNS_6)}
`;
