/** take.list answers what each take asked for (to overlay on it); take.setActive picks the take a shot plays, as one undo step. */
import { describe, expect, it } from 'vitest';
import type { CallOutput } from '../../electron/ipc/contract';
import { seededApp } from '../helpers/seeded-app';

type State = CallOutput<'project.get'>;
const t = seededApp();

/** A take of shot A made from its real spec. */
function takeOfA(): string {
  const { spec, hash } = t.app.services.generation.specFor(t.f.projectId, t.f.shotIds.a);
  return t.app.services.library.get(t.f.projectId).takes.add({
    shotId: t.f.shotIds.a, specHash: hash, spec, modelId: 'directa-tiny-random', videoFile: 'takes/a1/clip.mp4',
    posterFile: null, thumbs: [], provider: 'cpu', timings: { totalMs: 1 }, metrics: {},
  }).id;
}

const activeOf = (s: State, shotId: string) => s.scenes.flatMap((x) => x.shots).find((x) => x.id === shotId)!.activeTakeId;

describe('take calls', () => {
  it('answers each take with the camera and actors it asked for', async () => {
    const id = takeOfA();
    const [take] = await t.app.ok<CallOutput<'take.list'>>('take.list', { projectId: t.f.projectId, shotId: t.f.shotIds.a });
    expect(take!.id).toBe(id);
    expect(take!.requested!.camera).toEqual({ cx: 0.25, cy: 0, cz: 1.2 });
    expect(take!.requested!.durationFrames).toBe(72);
    expect(take!.requested!.objects.map((o) => o.phrase)).toEqual(['fox', 'oak']);
    expect(take!.requested!.objects[0]!.keyframes).toEqual([{ frame: 0, box: [0.1, 0.2, 0.3, 0.5] }, { frame: 40, box: [0.5, 0.2, 0.8, 0.6] }]);
  });

  it('picks a take, undoes and redoes the pick, and goes back to the newest', async () => {
    const older = takeOfA();
    await new Promise((r) => setTimeout(r, 5)); // a later created_at
    takeOfA();
    let state = await t.app.ok<State>('take.setActive', { projectId: t.f.projectId, shotId: t.f.shotIds.a, takeId: older });
    expect(activeOf(state, t.f.shotIds.a)).toBe(older);
    expect(t.app.events.map((e) => e.name)).toEqual(['project.changed']);
    state = await t.app.ok<State>('project.undo', { projectId: t.f.projectId });
    expect(activeOf(state, t.f.shotIds.a)).toBeNull();
    state = await t.app.ok<State>('project.redo', { projectId: t.f.projectId });
    expect(activeOf(state, t.f.shotIds.a)).toBe(older);
    state = await t.app.ok<State>('take.setActive', { projectId: t.f.projectId, shotId: t.f.shotIds.a, takeId: null });
    expect(activeOf(state, t.f.shotIds.a)).toBeNull();
  });

  it('refuses another shot’s take and writes nothing', async () => {
    const result = await t.app.call('take.setActive', { projectId: t.f.projectId, shotId: t.f.shotIds.c, takeId: t.f.takeId });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const state = await t.app.ok<State>('project.get', { projectId: t.f.projectId });
    expect(activeOf(state, t.f.shotIds.c)).toBeNull();
  });
});
