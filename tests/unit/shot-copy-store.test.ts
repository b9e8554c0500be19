/** The store's copy of shots into a scene (timeline paste and duplicate across scenes): one edit, one undo step. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ProjectStore } from '../../electron/store/project-store';
import { FOX_PROMPT, objectFor } from '../helpers/fixture';
import { expectStoreError, projectStoreFixture } from '../helpers/store';

const ctx = projectStoreFixture({ name: 'Film', fps: { num: 24000, den: 1001 } });
let store: ProjectStore;
let s1: string;
let s2: string;
let a: string;
let b: string;
let c: string;
beforeEach(() => {
  ({ store } = ctx);
  s1 = store.createScene('One');
  s2 = store.createScene('Two');
  [a, b, c] = [store.createShot(s1, 'A'), store.createShot(s1, 'B'), store.createShot(s1, 'C')];
  store.createShot(s2, 'X');
  store.createShot(s2, 'Y');
  store.updateShot(a, { prompt: FOX_PROMPT, seed: 7, durationFrames: 50 });
  store.setObjects(a, [objectFor(FOX_PROMPT, 'fox'), objectFor(FOX_PROMPT, 'oak', { path: null })]);
});

const shots = (sceneId: string) => store.snapshot().scenes.find((s) => s.id === sceneId)!.shots;
const names = (sceneId: string): string[] => shots(sceneId).map((s) => s.name);
const positions = (sceneId: string): number[] =>
  store.db.prepare('SELECT position FROM shots WHERE scene_id = ? ORDER BY position').pluck().all(sceneId) as number[];
const withoutIds = <T extends { id: string }>(xs: T[]) => xs.map(({ id: _, ...rest }) => rest);

describe('copyShots', () => {
  it('pastes copies into another scene at an index, in the order given, with their fields and objects', () => {
    const copies = store.copyShots([c, a], s2, 1);
    expect(names(s2)).toEqual(['X', 'C', 'A', 'Y']);
    expect(names(s1)).toEqual(['A', 'B', 'C']);
    expect(shots(s2).slice(1, 3).map((s) => s.id)).toEqual(copies);
    const copy = store.getShot(copies[1]!);
    const original = store.getShot(a);
    expect(copy).toMatchObject({ sceneId: s2, prompt: FOX_PROMPT, seed: 7, durationFrames: 50 });
    expect(withoutIds(copy.objects)).toEqual(withoutIds(original.objects));
    expect(copy.objects.map((o) => o.id)).not.toEqual(original.objects.map((o) => o.id));
    expect(positions(s2)).toEqual([0, 1, 2, 3]);
  });

  it('is one undo step however many shots it copies, and redoes as one', () => {
    store.copyShots([a, b, c], s2, 0);
    expect(names(s2)).toEqual(['A', 'B', 'C', 'X', 'Y']);
    expect(store.snapshot().history.undo).toBe('Paste 3 shots');
    store.undo();
    expect(names(s2)).toEqual(['X', 'Y']);
    expect(store.db.prepare('SELECT count(*) FROM shot_objects').pluck().get()).toBe(2);
    store.redo();
    expect(names(s2)).toEqual(['A', 'B', 'C', 'X', 'Y']);
    expect(shots(s2)[0]!.objects).toHaveLength(2);
    expect(positions(s2)).toEqual([0, 1, 2, 3, 4]);
  });

  it('names a copy "… copy" (then "… copy 2") only where the scene already has that name (a duplicate in place)', () => {
    store.copyShots([a, b], s1, 2);
    expect(names(s1)).toEqual(['A', 'B', 'A copy', 'B copy', 'C']);
    store.copyShots([a], s1, 999); // an index past the end is the end
    expect(names(s1)).toEqual(['A', 'B', 'A copy', 'B copy', 'C', 'A copy 2']);
    expect(store.snapshot().history.undo).toBe('Paste shot');
    expect(positions(s1)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('refuses an unknown shot or scene, or a shot listed twice, and writes nothing', () => {
    const before = store.snapshot();
    expectStoreError(() => store.copyShots([a, '00000000-0000-4000-8000-000000000000'], s2, 0), 'NOT_FOUND');
    expectStoreError(() => store.copyShots([a], '00000000-0000-4000-8000-000000000000', 0), 'NOT_FOUND');
    expectStoreError(() => store.copyShots([a, a], s2, 0), 'INVALID');
    expect(store.snapshot()).toEqual(before);
  });
});
