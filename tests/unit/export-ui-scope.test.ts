/**
 * The export dialog's scope (this scene, a range, the project) as the contract's scope,
 * the shots it covers (checked against the main process's own plan), its default title,
 * and the conform policy's wording.
 */
import { describe, expect, it } from 'vitest';
import { planFromStore } from '../../electron/export/plan';
import type { ProjectState } from '../../electron/ipc/schemas';
import {
  conformSummary, DEFAULT_CONFORM, isDefaultConform, LONGER_CHOICES, SHORTER_CHOICES,
} from '../../renderer/src/export/conform-policy';
import {
  exportScope, initialPick, scopeShots, scopeSummary, scopeTitle, type ExportScope,
} from '../../renderer/src/export/scope';
import { ConformPolicy } from '../../electron/ipc/schemas';
import { DEFAULT_CONFORM as SERVICE_DEFAULT } from '../../electron/export/conform';
import { projectStoreFixture } from '../helpers/store';

const ctx = projectStoreFixture({ name: 'Film' });

/** Scenes Opening (a, b) and Chase (c, d), and an empty scene Coda. */
function project(): { state: ProjectState; ids: Record<string, string> } {
  const opening = ctx.store.createScene('Opening');
  const chase = ctx.store.createScene('Chase');
  const coda = ctx.store.createScene('Coda');
  const ids: Record<string, string> = { opening, chase, coda };
  for (const [name, scene, frames] of [['a', opening, 24], ['b', opening, 48], ['c', chase, 12], ['d', chase, 36]] as const) {
    ids[name] = ctx.store.createShot(scene, name);
    ctx.store.updateShot(ids[name]!, { durationFrames: frames });
  }
  return { state: ctx.store.snapshot() as ProjectState, ids };
}

const names = (shots: { shot: { name: string } }[]) => shots.map((s) => s.shot.name);

describe('export scope', () => {
  it('turns a pick into the contract’s scope, or null while incomplete', () => {
    expect(exportScope({ choice: 'project', sceneId: null, fromShotId: null, toShotId: null })).toEqual({ kind: 'project' });
    expect(exportScope({ choice: 'scene', sceneId: 's', fromShotId: null, toShotId: null })).toEqual({ kind: 'scene', sceneId: 's' });
    expect(exportScope({ choice: 'scene', sceneId: null, fromShotId: 'a', toShotId: 'a' })).toBeNull();
    expect(exportScope({ choice: 'range', sceneId: 's', fromShotId: 'a', toShotId: null })).toBeNull();
    expect(exportScope({ choice: 'range', sceneId: 's', fromShotId: 'a', toShotId: 'b' })).toEqual({ kind: 'range', fromShotId: 'a', toShotId: 'b' });
  });

  it('covers the shots the main process plans, in the same order, ranges across scenes either way round', () => {
    const { state, ids } = project();
    const scopes: ExportScope[] = [
      { kind: 'project' },
      { kind: 'scene', sceneId: ids.chase! },
      { kind: 'range', fromShotId: ids.b!, toShotId: ids.c! },
      { kind: 'range', fromShotId: ids.d!, toShotId: ids.a! },
      { kind: 'range', fromShotId: ids.c!, toShotId: ids.c! },
    ];
    for (const scope of scopes) {
      const planned = planFromStore(ctx.store, scope).shots.map((s) => s.name);
      expect(names(scopeShots(state.scenes, scope)), JSON.stringify(scope)).toEqual(planned);
    }
    expect(names(scopeShots(state.scenes, { kind: 'range', fromShotId: ids.b!, toShotId: ids.c! }))).toEqual(['b', 'c']);
    expect(scopeShots(state.scenes, { kind: 'scene', sceneId: ids.coda! })).toEqual([]);
    expect(scopeShots(state.scenes, { kind: 'range', fromShotId: ids.a!, toShotId: 'gone' })).toEqual([]);
    expect(scopeShots(state.scenes, null)).toEqual([]);
  });

  it('titles an export after the project and what it covers', () => {
    const { state, ids } = project();
    expect(scopeTitle('Film', state.scenes, { kind: 'project' })).toBe('Film');
    expect(scopeTitle('Film', state.scenes, { kind: 'scene', sceneId: ids.chase! })).toBe('Film - Chase');
    expect(scopeTitle('Film', state.scenes, { kind: 'range', fromShotId: ids.d!, toShotId: ids.b! })).toBe('Film - b to d');
    expect(scopeTitle('Film', state.scenes, { kind: 'range', fromShotId: ids.c!, toShotId: ids.c! })).toBe('Film - c');
    expect(scopeTitle('Film', state.scenes, null)).toBe('Film');
  });

  it('counts shots, frames and shots without a take', () => {
    const { state, ids } = project();
    const shots = scopeShots(state.scenes, { kind: 'project' });
    expect(scopeSummary(shots, (id) => id === ids.a || id === ids.d)).toEqual({ shots: 4, frames: 120, withoutTake: 2 });
    expect(scopeSummary([], () => true)).toEqual({ shots: 0, frames: 0, withoutTake: 0 });
  });

  it('opens on the timeline’s selected range, else the scene, else the project', () => {
    expect(initialPick('s', ['a', 'b', 'c'])).toEqual({ choice: 'range', sceneId: 's', fromShotId: 'a', toShotId: 'c' });
    expect(initialPick('s', ['a'])).toEqual({ choice: 'scene', sceneId: 's', fromShotId: 'a', toShotId: 'a' });
    expect(initialPick(null, [])).toEqual({ choice: 'project', sceneId: null, fromShotId: null, toShotId: null });
  });
});

describe('conform policy', () => {
  it('offers every choice the contract accepts, with the service’s default', () => {
    expect(SHORTER_CHOICES.map((c) => c.value)).toEqual(ConformPolicy.shape.shorter.options);
    expect(LONGER_CHOICES.map((c) => c.value)).toEqual(ConformPolicy.shape.longer.options);
    expect(DEFAULT_CONFORM).toEqual(SERVICE_DEFAULT);
    expect(ctx.store.info().conform).toEqual(DEFAULT_CONFORM); // a new project starts at the default
  });

  it('says which policy applies and whether it is the default', () => {
    expect(isDefaultConform({ shorter: 'stretch', longer: 'stretch' })).toBe(true);
    expect(conformSummary(DEFAULT_CONFORM)).toBe('Shorter takes: stretch · longer takes: speed up (the default)');
    expect(conformSummary({ shorter: 'loop', longer: 'trim' })).toBe('Shorter takes: loop · longer takes: trim');
  });
});
