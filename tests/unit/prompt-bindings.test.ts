/**
 * The prompt field's actors: a selection made into an actor (whole words, its own colour,
 * a first box), refused where it cannot be, a lost actor bound again or removed, and the
 * highlight of the text being typed, carried as the store will carry it on saving.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ShotObject } from '../../electron/ipc/schemas';
import { ShotObjectInput } from '../../electron/ipc/schemas';
import { rebindObjects } from '../../electron/store/phrase-binding';
import { ACTOR_COLORS } from '../../renderer/src/canvas/binding';
import {
  backgroundWords, bindActor, bindingViews, defaultFirstBox, dropActor, makeActor, MAX_PHRASE_CHARS,
} from '../../renderer/src/prompt/bindings';

const PROMPT = 'a red fox chases a white rabbit past an old oak';
const at = (text: string, phrase: string): [number, number] => [text.indexOf(phrase), text.indexOf(phrase) + phrase.length];
const saved = (text: string, phrase: string, color = '#ff5a5f'): ShotObject => ({
  id: randomUUID(), phrase, span: at(text, phrase), color, keyframes: [{ frame: 0, box: [0.1, 0.1, 0.4, 0.6] }], path: null,
});
const made = (edit: ReturnType<typeof makeActor>) => {
  if ('problem' in edit) throw new Error(edit.problem);
  return edit;
};

describe('makeActor', () => {
  it('makes the selected words an actor: whole words, no marker in the prompt, a colour of its own and a first box', () => {
    // "ed fo" cuts two words: the actor is "red fox"
    const edit = made(makeActor(PROMPT, 3, 8, []));
    expect(edit.index).toBe(0);
    expect(edit.objects).toEqual([{ phrase: 'red fox', span: [2, 9], color: ACTOR_COLORS[0], keyframes: [{ frame: 0, box: defaultFirstBox(0) }], path: null }]);
    expect(ShotObjectInput.safeParse(edit.objects[0]).success).toBe(true);
  });

  it('takes the word at the caret, keeps the actors there are, and picks an unused colour and another place', () => {
    const fox = saved(PROMPT, 'red fox', ACTOR_COLORS[0]);
    const edit = made(makeActor(PROMPT, PROMPT.indexOf('rabbit') + 2, PROMPT.indexOf('rabbit') + 2, [fox]));
    expect(edit.objects.map((o) => [o.phrase, o.color])).toEqual([['red fox', ACTOR_COLORS[0]], ['rabbit', ACTOR_COLORS[1]]]);
    expect(edit.objects[1]!.keyframes[0]!.box).not.toEqual(fox.keyframes[0]!.box);
    expect(edit.objects[0]).toEqual({ phrase: 'red fox', span: fox.span, color: fox.color, keyframes: fox.keyframes, path: null });
  });

  it('refuses no words, another actor\'s words, a ninth actor and a phrase the store would not keep', () => {
    const fox = saved(PROMPT, 'red fox');
    expect(makeActor(PROMPT, 1, 2, [])).toEqual({ problem: 'Select the words of the prompt that name the actor' });
    expect(makeActor(PROMPT, 0, 4, [fox])).toEqual({ problem: '"red fox" is an actor already: select other words' });
    const eight = Array.from({ length: 8 }, () => fox);
    expect(makeActor(PROMPT, 30, 32, eight)).toEqual({ problem: 'A shot takes at most 8 actors' });
    const long = 'word '.repeat(60);
    expect(makeActor(long, 0, long.length, [])).toEqual({ problem: `An actor is named by at most ${MAX_PHRASE_CHARS} characters of the prompt` });
  });

  it('lets a lost actor\'s old place be taken: its words are not there any more', () => {
    const lost = { ...saved(PROMPT, 'red fox'), phrase: 'grey wolf' };
    expect(made(makeActor(PROMPT, 2, 9, [lost])).objects.map((o) => o.phrase)).toEqual(['grey wolf', 'red fox']);
  });
});

describe('bindActor and dropActor', () => {
  it('binds a lost actor to the selected words, keeping its boxes and colour', () => {
    const lost = { ...saved(PROMPT, 'red fox', '#3fa7ff'), phrase: 'grey wolf' };
    const edit = bindActor(PROMPT, PROMPT.indexOf('old oak'), PROMPT.indexOf('old oak') + 7, [lost], 0);
    expect(edit).toEqual({ index: 0, objects: [{ phrase: 'old oak', span: at(PROMPT, 'old oak'), color: '#3fa7ff', keyframes: lost.keyframes, path: null }] });
  });

  it('removes an actor', () => {
    expect(dropActor([saved(PROMPT, 'red fox'), saved(PROMPT, 'rabbit')], 0).map((o) => o.phrase)).toEqual(['rabbit']);
  });
});

describe('bindingViews', () => {
  it('carries bound actors onto the text being typed, as the store will when it is saved', () => {
    const objects = [saved(PROMPT, 'red fox'), saved(PROMPT, 'rabbit'), saved(PROMPT, 'oak')];
    const typed = 'at dawn a red fox chases a white hare past an old oak';
    const views = bindingViews(PROMPT, typed, objects);
    expect(views.map((v) => [v.phrase, v.span, v.lost])).toEqual([
      ['red fox', at(typed, 'red fox'), false], ['rabbit', null, true], ['oak', at(typed, 'oak'), false],
    ]);
    const store = rebindObjects(PROMPT, typed, objects);
    expect(views.map((v) => v.span)).toEqual(store.map((r) => r?.span ?? null));
  });

  it('flags an actor lost before this edit, and shows a widened one with its new words', () => {
    const lost = { ...saved(PROMPT, 'red fox'), phrase: 'grey wolf' };
    const views = bindingViews(PROMPT, 'a red foxes chases a white rabbit past an old oak', [lost, saved(PROMPT, 'red fox')]);
    expect(views.map((v) => [v.phrase, v.lost])).toEqual([['grey wolf', true], ['red foxes', false]]);
  });
});

describe('backgroundWords', () => {
  it('is every word no actor holds once there is an actor, and nothing before', () => {
    const text = 'a fox in a snowy field';
    expect(backgroundWords(text, [])).toEqual([]);
    const views = bindingViews(text, text, [saved(text, 'fox')]);
    expect(backgroundWords(text, views).map(([a, b]) => text.slice(a, b))).toEqual(['a', 'in', 'a', 'snowy', 'field']);
  });
});

describe('defaultFirstBox', () => {
  it('is a valid box inside the frame for every actor a shot can have', () => {
    for (let i = 0; i < 8; i++) {
      const [x1, y1, x2, y2] = defaultFirstBox(i);
      expect(x1).toBeGreaterThanOrEqual(0);
      expect(x2).toBeLessThanOrEqual(1);
      expect(x2 > x1 && y2 > y1 && y1 >= 0 && y2 <= 1).toBe(true);
    }
  });
});
