import { beforeEach, describe, expect, it } from 'vitest';
import type { ProjectStore } from '../../electron/store/project-store';
import type { ShotObjectData } from '../../electron/store/types';
import { shotToSpec, SpecError } from '../../electron/services/shot-spec';
import { FOX_PROMPT, objectFor } from '../helpers/fixture';
import { expectStoreError, projectStoreFixture } from '../helpers/store';

const ctx = projectStoreFixture({ name: 'Film', fps: { num: 24000, den: 1001 } });
let store: ProjectStore;
beforeEach(() => ({ store } = ctx));

const sceneNames = (): string[] => store.snapshot().scenes.map((s) => s.name);
const shotNames = (sceneId: string): string[] => store.snapshot().scenes.find((s) => s.id === sceneId)!.shots.map((s) => s.name);
const positions = (sql: string, ...params: unknown[]): number[] => store.db.prepare(sql).pluck().all(...params) as number[];
const dense = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** Every scene's positions and every scene's shots' positions are exactly 0..n-1. */
function expectDense(): void {
  const scenes = positions('SELECT position FROM scenes ORDER BY position');
  expect(scenes).toEqual(dense(scenes.length));
  for (const id of store.db.prepare('SELECT id FROM scenes').pluck().all()) {
    const shots = positions('SELECT position FROM shots WHERE scene_id = ? ORDER BY position', id);
    expect(shots).toEqual(dense(shots.length));
  }
}

describe('scenes', () => {
  it('creates at the end or at an index (clamped), with default names', () => {
    const s1 = store.createScene();
    store.createScene('Last');
    store.createScene('First', 0);
    store.createScene('Middle', 2);
    store.createScene('Clamped', 999);
    expect(sceneNames()).toEqual(['First', 'Scene 1', 'Middle', 'Last', 'Clamped']);
    expect(store.snapshot().scenes[1]!.id).toBe(s1);
    expectDense();
  });

  it('updates name and notes; an unknown scene is NOT_FOUND', () => {
    const id = store.createScene('Old');
    store.updateScene(id, { notes: 'night' });
    store.updateScene(id, { name: 'New' });
    expect(store.snapshot().scenes[0]).toMatchObject({ name: 'New', notes: 'night' });
    expectStoreError(() => store.updateScene('00000000-0000-4000-8000-000000000000', { name: 'x' }), 'NOT_FOUND');
  });

  it('duplicates a scene right after itself with copies of its shots and objects', () => {
    const s1 = store.createScene('One');
    store.createScene('Two');
    const shot = store.createShot(s1, 'A');
    store.updateShot(shot, { prompt: FOX_PROMPT });
    store.setObjects(shot, [objectFor(FOX_PROMPT, 'fox')]);
    store.createShot(s1, 'B');
    const copy = store.duplicateScene(s1);
    expect(sceneNames()).toEqual(['One', 'One copy', 'Two']);
    const [orig, dup] = store.snapshot().scenes;
    expect(dup!.id).toBe(copy);
    expect(dup!.shots.map((s) => s.name)).toEqual(['A', 'B']);
    expect(dup!.shots[0]!.id).not.toBe(orig!.shots[0]!.id);
    expect(dup!.shots[0]!.objects.map(({ id: _, ...o }) => o)).toEqual(orig!.shots[0]!.objects.map(({ id: _, ...o }) => o));
    expect(dup!.shots[0]!.objects[0]!.id).not.toBe(orig!.shots[0]!.objects[0]!.id);
    expectDense();
  });

  it('deletes a scene with its shots and objects and closes the gap', () => {
    const [a, b, c] = [store.createScene('A'), store.createScene('B'), store.createScene('C')];
    const shot = store.createShot(b);
    store.updateShot(shot, { prompt: FOX_PROMPT });
    store.setObjects(shot, [objectFor(FOX_PROMPT, 'fox')]);
    store.deleteScene(b);
    expect(store.snapshot().scenes.map((s) => s.id)).toEqual([a, c]);
    expect(store.db.prepare('SELECT count(*) FROM shots').pluck().get()).toBe(0);
    expect(store.db.prepare('SELECT count(*) FROM shot_objects').pluck().get()).toBe(0);
    expectDense();
    expectStoreError(() => store.deleteScene(b), 'NOT_FOUND');
  });

  it('moves a scene to any index', () => {
    const [a, b, c] = [store.createScene('A'), store.createScene('B'), store.createScene('C')];
    store.moveScene(a, 2);
    expect(sceneNames()).toEqual(['B', 'C', 'A']);
    store.moveScene(a, 0);
    store.moveScene(c, 1);
    expect(sceneNames()).toEqual(['A', 'C', 'B']);
    store.moveScene(b, 50);
    expect(sceneNames()).toEqual(['A', 'C', 'B']);
    expectDense();
  });
});

describe('shots', () => {
  let s1: string;
  let s2: string;
  beforeEach(() => {
    s1 = store.createScene('One');
    s2 = store.createScene('Two');
  });

  it('creates with three seconds at the project rate, a 32-bit seed and the null camera', () => {
    const id = store.createShot(s1);
    store.createShot(s1, 'First', 0);
    const shot = store.getShot(id);
    expect(shot).toMatchObject({ name: 'Shot 1', durationFrames: 72, camera: { cx: 0, cy: 0, cz: 1 }, prompt: '', objects: [] });
    expect(Number.isInteger(shot.seed) && shot.seed >= 0 && shot.seed < 2 ** 32).toBe(true);
    expect(shotNames(s1)).toEqual(['First', 'Shot 1']);
    expectStoreError(() => store.createShot('00000000-0000-4000-8000-000000000000'), 'NOT_FOUND');
    expectDense();
  });

  it('updates every editable field', () => {
    const id = store.createShot(s1);
    const patch = {
      name: 'Wide', durationFrames: 48, prompt: 'p', negativePrompt: 'n', camera: { cx: -1, cy: 1, cz: 0.5 },
      seed: 7, sampler: { scheduler: 'dpmpp-2m' as const, steps: 30, guidance: 7.5 }, modelId: 'm', notes: 'x', dialogue: 'y',
    };
    store.updateShot(id, patch);
    expect(store.getShot(id)).toMatchObject(patch);
    expectStoreError(() => store.updateShot('00000000-0000-4000-8000-000000000000', { name: 'x' }), 'NOT_FOUND');
  });

  it('duplicates a shot right after itself, objects included', () => {
    const a = store.createShot(s1, 'A');
    store.createShot(s1, 'B');
    store.updateShot(a, { prompt: FOX_PROMPT, seed: 99 });
    store.setObjects(a, [objectFor(FOX_PROMPT, 'fox'), objectFor(FOX_PROMPT, 'oak', { path: null })]);
    const copy = store.duplicateShot(a);
    expect(shotNames(s1)).toEqual(['A', 'A copy', 'B']);
    const original = store.getShot(a);
    const dup = store.getShot(copy);
    expect(dup).toMatchObject({ prompt: FOX_PROMPT, seed: 99, sceneId: s1 });
    expect(dup.objects.map(({ id: _, ...o }) => o)).toEqual(original.objects.map(({ id: _, ...o }) => o));
    expect(new Set([...dup.objects, ...original.objects].map((o) => o.id)).size).toBe(4);
    expectDense();
  });

  it('deletes a shot with its objects and closes the gap', () => {
    const [a, b, c] = [store.createShot(s1, 'A'), store.createShot(s1, 'B'), store.createShot(s1, 'C')];
    store.updateShot(b, { prompt: FOX_PROMPT });
    store.setObjects(b, [objectFor(FOX_PROMPT, 'fox')]);
    store.deleteShot(b);
    expect(store.snapshot().scenes[0]!.shots.map((s) => s.id)).toEqual([a, c]);
    expect(store.db.prepare('SELECT count(*) FROM shot_objects').pluck().get()).toBe(0);
    expectDense();
    expectStoreError(() => store.deleteShot(b), 'NOT_FOUND');
  });

  it('moves a shot within its scene and across scenes, keeping both scenes dense', () => {
    const [a, b, c] = [store.createShot(s1, 'A'), store.createShot(s1, 'B'), store.createShot(s1, 'C')];
    store.createShot(s2, 'X');
    store.createShot(s2, 'Y');
    store.moveShot(a, s1, 2);
    expect(shotNames(s1)).toEqual(['B', 'C', 'A']);
    store.moveShot(c, s2, 1);
    expect(shotNames(s1)).toEqual(['B', 'A']);
    expect(shotNames(s2)).toEqual(['X', 'C', 'Y']);
    expect(store.getShot(c).sceneId).toBe(s2);
    expectDense();
    store.moveShot(b, s2, 999);
    expect(shotNames(s1)).toEqual(['A']);
    expect(shotNames(s2)).toEqual(['X', 'C', 'Y', 'B']);
    expectDense();
    expectStoreError(() => store.moveShot(a, '00000000-0000-4000-8000-000000000000', 0), 'NOT_FOUND');
    expect(shotNames(s1)).toEqual(['A']);
  });
});

describe('objects', () => {
  let shot: string;
  beforeEach(() => {
    shot = store.createShot(store.createScene());
    store.updateShot(shot, { prompt: FOX_PROMPT });
  });

  it('refuses to shorten the shot past an object keyframe, and writes nothing', () => {
    store.setObjects(shot, [objectFor(FOX_PROMPT, 'fox')]); // last keyframe at frame 40
    expectStoreError(() => store.updateShot(shot, { durationFrames: 40 }), 'INVALID');
    expect(store.getShot(shot).durationFrames).toBe(72);
    store.updateShot(shot, { durationFrames: 41 });
    expect(store.getShot(shot).durationFrames).toBe(41);
  });

  it('replaces the objects of a shot, in order', () => {
    store.setObjects(shot, [objectFor(FOX_PROMPT, 'fox')]);
    const next = [objectFor(FOX_PROMPT, 'oak', { color: '#00ff00', path: null }), objectFor(FOX_PROMPT, 'fox')];
    store.setObjects(shot, next);
    expect(store.getShot(shot).objects.map(({ id: _, ...o }) => o)).toEqual(next);
    store.setObjects(shot, []);
    expect(store.getShot(shot).objects).toEqual([]);
  });

  it('refuses a span that does not select the phrase, and writes nothing', () => {
    const fox = objectFor(FOX_PROMPT, 'fox');
    store.setObjects(shot, [fox]);
    const bad: ShotObjectData[][] = [
      [objectFor(FOX_PROMPT, 'oak'), { ...fox, span: [7, 10] }],
      [{ ...fox, phrase: 'wolf' }],
      [{ ...fox, phrase: 'oak!', span: [27, 31] }],
      [{ ...fox, keyframes: [{ frame: 72, box: [0, 0, 1, 1] }] }],
    ];
    for (const objects of bad) {
      expectStoreError(() => store.setObjects(shot, objects), 'INVALID');
      expect(store.getShot(shot).objects.map(({ id: _, ...o }) => o)).toEqual([fox]);
    }
  });

  it('follows its phrase when the prompt is edited', () => {
    store.setObjects(shot, [objectFor(FOX_PROMPT, 'fox'), objectFor(FOX_PROMPT, 'oak')]);
    const prompt = 'at dawn, a red fox runs past an old oak';
    store.updateShot(shot, { prompt });
    const objects = store.getShot(shot).objects;
    expect(objects.map((o) => o.span)).toEqual([[15, 18], [36, 39]]);
    for (const o of objects) expect(prompt.slice(...o.span)).toBe(o.phrase);
  });

  it('keeps a dangling span when its phrase leaves the prompt, and the spec then refuses the shot', () => {
    store.setObjects(shot, [objectFor(FOX_PROMPT, 'fox')]);
    store.updateShot(shot, { prompt: 'a red wolf runs past an old oak' });
    const record = store.getShot(shot);
    expect(record.objects[0]!.span).toEqual([6, 9]);
    expect(() => shotToSpec(store.info(), record)).toThrow(SpecError);
  });

  it('never moves an object onto the same words elsewhere when its own words go, and widens it over a suffix', () => {
    const twice = 'a fox and a fox';
    store.updateShot(shot, { prompt: twice });
    store.setObjects(shot, [objectFor(twice, 'fox'), { ...objectFor(twice, 'fox'), span: [12, 15] }]);
    store.updateShot(shot, { prompt: 'a wolf and a fox' });
    store.updateShot(shot, { prompt: 'a wolf and a foxes' });
    const [first, second] = store.getShot(shot).objects;
    expect([first!.phrase, first!.span]).toEqual(['fox', [2, 5]]); // lost: kept as it was, not moved onto "foxes"
    expect([second!.phrase, second!.span]).toEqual(['foxes', [13, 18]]);
  });

  it('takes a lost object back unchanged beside an edit of the others, and refuses it changed', () => {
    store.setObjects(shot, [objectFor(FOX_PROMPT, 'fox'), objectFor(FOX_PROMPT, 'oak')]);
    const prompt = 'a red wolf runs past an old oak';
    store.updateShot(shot, { prompt });
    const [lost, oak] = store.getShot(shot).objects.map(({ id: _, ...o }) => o);
    const moved = { ...oak!, keyframes: [{ frame: 0, box: [0.5, 0.5, 0.9, 0.9] as [number, number, number, number] }] };
    store.setObjects(shot, [lost!, moved]);
    expect(store.getShot(shot).objects.map(({ id: _, ...o }) => o)).toEqual([lost, moved]);
    expectStoreError(() => store.setObjects(shot, [{ ...lost!, span: [7, 10] }, moved]), 'INVALID');
    expectStoreError(() => store.setObjects(shot, [{ ...lost!, phrase: 'wolf' }, moved]), 'INVALID');
    // bound again to words of the prompt, it is an ordinary object
    store.setObjects(shot, [{ ...lost!, phrase: 'wolf', span: [6, 10] }, moved]);
    expect(shotToSpec(store.info(), store.getShot(shot)).objects.map((o) => o.phrase)).toEqual(['wolf', 'oak']);
  });
});
