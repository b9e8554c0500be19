/**
 * A long scene in the store (the timeline's 500 shots): a move writes only the rows whose
 * position changes, so its undo record stays small, and undo and redo still restore the
 * exact order; the snapshot reads every scene's shots and objects in order.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ProjectStore } from '../../electron/store/project-store';
import { FOX_PROMPT, objectFor } from '../helpers/fixture';
import { projectStoreFixture } from '../helpers/store';

const ctx = projectStoreFixture({ name: 'Long' });
let store: ProjectStore;
let long: string;
let other: string;
beforeEach(() => {
  ({ store } = ctx);
  long = store.createScene('Long');
  other = store.createScene('Other');
  const first = store.createShot(long, 'S');
  store.updateShot(first, { prompt: FOX_PROMPT });
  store.setObjects(first, [objectFor(FOX_PROMPT, 'fox'), objectFor(FOX_PROMPT, 'oak', { path: null })]);
  while (ids(long).length < 200) store.copyShots(ids(long).slice(0, 200 - ids(long).length), long, ids(long).length);
  store.createShot(other, 'O');
});

function ids(sceneId: string): string[] {
  return store.snapshot().scenes.find((s) => s.id === sceneId)!.shots.map((s) => s.id);
}
const lastEditRows = (): number =>
  store.db.prepare('SELECT count(*) FROM undo_log WHERE edit = (SELECT max(id) FROM undo_edits WHERE stack = ?)').pluck().get('undo') as number;

describe('a 200-shot scene', () => {
  it('moving a shot one place records two position changes, not two hundred', () => {
    const before = ids(long);
    store.moveShot(before[150]!, long, 151);
    const after = ids(long);
    expect(after[151]).toBe(before[150]);
    expect(after[150]).toBe(before[151]);
    // the moved row's scene (unchanged) and both positions: far fewer than one row per shot
    expect(lastEditRows()).toBeLessThanOrEqual(3);
    store.undo();
    expect(ids(long)).toEqual(before);
    store.redo();
    expect(ids(long)).toEqual(after);
  });

  it('moving a shot to another scene keeps both scenes in order, undoably', () => {
    const [longBefore, otherBefore] = [ids(long), ids(other)];
    store.moveShot(longBefore[10]!, other, 0);
    expect(ids(other)).toEqual([longBefore[10], ...otherBefore]);
    expect(ids(long)).toEqual(longBefore.filter((_, i) => i !== 10));
    const positions = store.db.prepare('SELECT position FROM shots WHERE scene_id = ? ORDER BY position').pluck().all(long);
    expect(positions).toEqual(Array.from({ length: 199 }, (_, i) => i));
    store.undo();
    expect([ids(long), ids(other)]).toEqual([longBefore, otherBefore]);
  });

  it('the snapshot has every shot with its objects, in scene and shot order', () => {
    const state = store.snapshot();
    expect(state.scenes.map((s) => [s.name, s.shots.length])).toEqual([['Long', 200], ['Other', 1]]);
    expect(state.scenes[0]!.shots.every((s) => s.objects.map((o) => o.phrase).join() === 'fox,oak')).toBe(true);
    expect(state.scenes[0]!.shots[199]).toEqual(store.getShot(state.scenes[0]!.shots[199]!.id));
    expect(state.scenes[1]!.shots[0]!.objects).toEqual([]);
  });
});
