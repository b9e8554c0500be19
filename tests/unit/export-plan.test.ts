import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PlanError, planFromStore } from '../../electron/export/plan';
import type { ProjectStore } from '../../electron/store/project-store';
import { projectStoreFixture } from '../helpers/store';

const ctx = projectStoreFixture({ name: 'Film', fps: { num: 24000, den: 1001 }, width: 640, height: 360 });

function addTake(store: ProjectStore, shotId: string, name: string) {
  return store.takes.add({
    shotId, specHash: `hash-${name}`, spec: {}, modelId: 'm', videoFile: path.join('takes', name, 'clip.mp4'),
    posterFile: path.join('takes', name, 'poster.jpg'), thumbs: [], provider: null, timings: {}, metrics: {},
  });
}

/** Two scenes: A (a1 48 frames, a2 30) and B (b1 12). */
function twoScenes(store: ProjectStore) {
  const a = store.createScene('Arrival');
  const b = store.createScene('Bridge');
  const a1 = store.createShot(a, 'Wide');
  const a2 = store.createShot(a, 'Close');
  const b1 = store.createShot(b, 'Run');
  store.updateShot(a1, { durationFrames: 48, prompt: 'a man walks', dialogue: 'Hello.', notes: 'slow', camera: { cx: 0.2, cy: 0, cz: 1.5 }, seed: 7 });
  store.updateShot(a2, { durationFrames: 30 });
  store.updateShot(b1, { durationFrames: 12 });
  return { a, b, a1, a2, b1 };
}

describe('export plan', () => {
  it('lists every shot of the project in timeline order with start frames that add up', () => {
    const { a1, a2, b1 } = twoScenes(ctx.store);
    const plan = planFromStore(ctx.store, { kind: 'project' });
    expect(plan.project).toMatchObject({ name: 'Film', fps: { num: 24000, den: 1001 }, width: 640, height: 360, folder: ctx.store.path });
    expect(plan.title).toBe('Film');
    expect(plan.shots.map((s) => [s.shotId, s.sceneName, s.index, s.indexInScene, s.sceneIndex, s.startFrame, s.durationFrames])).toEqual([
      [a1, 'Arrival', 0, 0, 0, 0, 48],
      [a2, 'Arrival', 1, 1, 0, 48, 30],
      [b1, 'Bridge', 2, 0, 1, 78, 12],
    ]);
    expect(plan.durationFrames).toBe(90);
    expect(plan.shots[0]).toMatchObject({ name: 'Wide', prompt: 'a man walks', dialogue: 'Hello.', notes: 'slow', camera: { cx: 0.2, cy: 0, cz: 1.5 }, seed: 7, take: null });
  });

  it('exports one scene from frame 0', () => {
    const { b, b1 } = twoScenes(ctx.store);
    const plan = planFromStore(ctx.store, { kind: 'scene', sceneId: b });
    expect(plan.title).toBe('Bridge');
    expect(plan.shots.map((s) => [s.shotId, s.startFrame, s.sceneIndex])).toEqual([[b1, 0, 1]]);
    expect(plan.durationFrames).toBe(12);
  });

  it('exports a range across scenes, whichever end is given first', () => {
    const { a2, b1 } = twoScenes(ctx.store);
    for (const [fromShotId, toShotId] of [[a2, b1], [b1, a2]] as const) {
      const plan = planFromStore(ctx.store, { kind: 'range', fromShotId, toShotId });
      expect(plan.shots.map((s) => [s.shotId, s.startFrame])).toEqual([[a2, 0], [b1, 30]]);
      expect(plan.title).toBe('Close – Run');
      expect(plan.durationFrames).toBe(42);
    }
  });

  it("uses the shot's newest take with absolute paths, and none for a shot without takes", () => {
    const { a1, a2 } = twoScenes(ctx.store);
    addTake(ctx.store, a1, 'old');
    // created_at has millisecond resolution: make sure the second take is newer
    const later = Date.now() + 5;
    while (Date.now() < later) { /* wait */ }
    const newest = addTake(ctx.store, a1, 'new');
    const plan = planFromStore(ctx.store, { kind: 'project' });
    const media = path.join(ctx.store.path, 'media');
    expect(plan.shots[0]!.take).toEqual({
      id: newest.id, mediaPath: path.join(media, 'takes', 'new', 'clip.mp4'), posterPath: path.join(media, 'takes', 'new', 'poster.jpg'),
      modelId: 'm', specHash: 'hash-new',
    });
    expect(plan.shots.find((s) => s.shotId === a2)!.take).toBeNull();
  });

  it('answers a clear error for an unknown scene or shot, or nothing to export', () => {
    const { a1 } = twoScenes(ctx.store);
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(() => planFromStore(ctx.store, { kind: 'scene', sceneId: missing })).toThrow(PlanError);
    expect(() => planFromStore(ctx.store, { kind: 'range', fromShotId: a1, toShotId: missing })).toThrow(/no shot/);
    const empty = ctx.store.createScene('Empty');
    expect(() => planFromStore(ctx.store, { kind: 'scene', sceneId: empty })).toThrow(/"Empty" has no shots/);
  });
});
