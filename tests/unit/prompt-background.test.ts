/**
 * The prompt field's background phrase: the selection marked (whole words, never an
 * actor's), the mark carried onto the text being typed exactly as the store carries it on
 * saving (moved, widened, flagged when its words go), and actors refused on its words.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ShotObject } from '../../electron/ipc/schemas';
import { reboundBackground } from '../../electron/store/background';
import { backgroundTaken, backgroundView, markBackground } from '../../renderer/src/prompt/background';
import { bindActor, makeActor } from '../../renderer/src/prompt/bindings';

const PROMPT = 'a red fox chases a white rabbit across a snowy field at dusk';
const at = (text: string, phrase: string): [number, number] => [text.indexOf(phrase), text.indexOf(phrase) + phrase.length];
const actor = (text: string, phrase: string): ShotObject => ({
  id: randomUUID(), phrase, span: at(text, phrase), color: '#ff5a5f', keyframes: [{ frame: 0, box: [0.1, 0.1, 0.4, 0.6] }], path: null,
});
const field = { phrase: 'snowy field', span: at(PROMPT, 'snowy field') };

describe('markBackground', () => {
  it('marks the selected words, widened to whole words and without the spaces at its edges', () => {
    expect(markBackground(PROMPT, PROMPT.indexOf('nowy'), PROMPT.indexOf('field') + 2, [])).toEqual({ span: at(PROMPT, 'snowy field') });
    expect(markBackground(PROMPT, PROMPT.indexOf(' across'), PROMPT.indexOf(' at'), [])).toEqual({ span: at(PROMPT, 'across a snowy field') });
  });

  it('takes the word at the caret', () => {
    const caret = PROMPT.indexOf('dusk') + 1;
    expect(markBackground(PROMPT, caret, caret, [])).toEqual({ span: at(PROMPT, 'dusk') });
  });

  it('refuses no words and an actor\'s words, saying so; a lost actor holds no words', () => {
    expect(markBackground('a  b', 1, 3, [])).toEqual({ problem: 'Select the words of the prompt that describe the background' });
    const fox = actor(PROMPT, 'red fox');
    expect(markBackground(PROMPT, 4, PROMPT.indexOf('chases') + 3, [fox])).toEqual({ problem: '"red fox" is an actor: select other words for the background' });
    const lost = { ...fox, phrase: 'grey wolf' }; // its span no longer selects its phrase
    expect(markBackground(PROMPT, 4, 8, [lost])).toEqual({ span: at(PROMPT, 'red fox') });
  });
});

describe('actors and the background', () => {
  it('refuses an actor made of the background\'s words, and binding a lost actor to them', () => {
    const problem = '"snowy field" is the background: select other words, or clear the background first';
    expect(makeActor(PROMPT, PROMPT.indexOf('field'), PROMPT.indexOf('field') + 5, [], 0, field)).toEqual({ problem });
    const lost = { ...actor(PROMPT, 'red fox'), phrase: 'grey wolf' };
    expect(bindActor(PROMPT, PROMPT.indexOf('snowy'), PROMPT.indexOf('snowy') + 5, [lost], 0, field)).toEqual({ problem });
    expect('objects' in makeActor(PROMPT, 2, 9, [], 0, field)).toBe(true); // other words: fine
  });

  it('lets words of a lost background be an actor', () => {
    const gone = { phrase: 'snowy field', span: [0, 11] as [number, number] };
    expect(backgroundTaken(PROMPT, at(PROMPT, 'a red fox'), gone)).toBeNull();
  });
});

describe('backgroundView while the prompt is typed', () => {
  it('is null without a mark, and the mark where it stands when nothing changed', () => {
    expect(backgroundView(PROMPT, PROMPT, null)).toBeNull();
    expect(backgroundView(PROMPT, PROMPT, field)).toEqual({ phrase: 'snowy field', span: field.span, lost: false });
  });

  it('moves with text typed before it and widens over words typed among its own', () => {
    const before = `at night, ${PROMPT}`;
    expect(backgroundView(PROMPT, before, field)).toEqual({ phrase: 'snowy field', span: at(before, 'snowy field'), lost: false });
    const among = PROMPT.replace('snowy field', 'snowy open field');
    expect(backgroundView(PROMPT, among, field)).toEqual({ phrase: 'snowy open field', span: at(among, 'snowy open field'), lost: false });
  });

  it('is flagged lost the moment its words go, and stays lost when the saved prompt already lost them', () => {
    const gone = PROMPT.replace('snowy field', 'green meadow');
    expect(backgroundView(PROMPT, gone, field)).toEqual({ phrase: 'snowy field', span: null, lost: true });
    expect(backgroundView(gone, `${gone}!`, field)).toEqual({ phrase: 'snowy field', span: null, lost: true });
  });

  it('carries the mark exactly as the store does on saving', () => {
    const edits = [
      `at night, ${PROMPT}`, PROMPT.replace('snowy field', 'snowy open field'), PROMPT.replace('snowy', 'snowy,'),
      PROMPT.replace('a red fox chases', 'two wolves chase'), PROMPT.replace('snowy field', 'field'), `${PROMPT}, cinematic`, '',
    ];
    for (const text of edits) {
      const view = backgroundView(PROMPT, text, field)!;
      const stored = reboundBackground({ prompt: PROMPT, background: field }, text);
      expect(view.span, text).toEqual(stored?.span ?? null);
      if (stored) expect(view.phrase, text).toBe(stored.phrase);
    }
  });
});
