/**
 * shot.deleteMany through the router (issue 12: multi-shot delete): the shots of a
 * selection, across scenes, go as one undo step; one undo brings every one back in its
 * place with its actors, its takes and its picked take, redo deletes them again; an id
 * that is not a shot of this project deletes none; the takes' files stay while the delete
 * can be undone and go once it cannot.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallOutput } from '../../electron/ipc/contract';
import { UNDO_DEPTH } from '../../electron/store/history';
import { makeApp, type TestApp } from '../helpers/app';
import { seedProject, type Fixture } from '../helpers/fixture';

type State = CallOutput<'project.get'>;
let app: TestApp;
let f: Fixture;
/** shot D, after B in the first scene (so the scene keeps a shot whose place must close up) */
let d: string;

beforeEach(async () => {
  app = makeApp();
  f = await seedProject(app);
  const state = await app.ok<State>('shot.create', { projectId: f.projectId, sceneId: f.sceneIds[0], name: 'D' });
  d = state.scenes[0]!.shots[2]!.id;
  app.events.length = 0;
});
afterEach(async () => {
  expect(app.logs).toEqual([]);
  await app.close();
});

const store = () => app.services.library.get(f.projectId);
const get = () => app.ok<State>('project.get', { projectId: f.projectId });
const names = (s: State) => s.scenes.map((scene) => scene.shots.map((shot) => shot.name));
const takeIds = async (shotId: string) => (await app.ok<CallOutput<'take.list'>>('take.list', { projectId: f.projectId, shotId })).map((t) => t.id);

/** A take of `shotId` with its files in media/takes/<id>/, as generation leaves them. */
function takeWithFiles(shotId: string): { id: string; dir: string } {
  const take = store().takes.add({
    shotId, specHash: 'd'.repeat(64), spec: {}, modelId: 'directa-tiny-random', videoFile: 'takes/x/clip.mp4',
    posterFile: null, thumbs: [], provider: 'cpu', timings: { totalMs: 1 }, metrics: {},
  });
  const dir = path.join(store().path, 'media', 'takes', take.id);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'clip.mp4'), 'clip');
  return { id: take.id, dir };
}

describe('shot.deleteMany', () => {
  it('deletes shots of two scenes as one undo step; one undo brings them all back with their actors and takes, redo deletes them again', async () => {
    const ofA = takeWithFiles(f.shotIds.a);
    await app.ok('take.setActive', { projectId: f.projectId, shotId: f.shotIds.b, takeId: f.takeId });
    const before = await get();
    expect(names(before)).toEqual([['A', 'B', 'D'], ['C']]);
    app.events.length = 0;

    const after = await app.ok<State>('shot.deleteMany', { projectId: f.projectId, shotIds: [f.shotIds.c, f.shotIds.a, f.shotIds.b] });
    expect(names(after)).toEqual([['D'], []]);
    expect(store().db.prepare('SELECT position FROM shots').pluck().all()).toEqual([0]); // D closes up
    expect(after.history.undo).toBe('Delete 3 shots');
    // shot C's queued job goes with it (cancelled, not brought back by undo: deleted-shot-jobs.test.ts)
    expect(app.events.map((e) => e.name)).toEqual(['job.changed', 'project.changed']);
    expect(app.events[0]!.payload).toMatchObject({ projectId: f.projectId, job: { id: f.jobId, status: 'cancelled' } });
    expect(store().takes.forShot(f.shotIds.a)).toEqual([]);
    expect(store().takes.forShot(f.shotIds.b)).toEqual([]);
    expect(fs.existsSync(ofA.dir)).toBe(true); // the delete can be undone: the files wait

    const undone = await app.ok<State>('project.undo', { projectId: f.projectId });
    expect(undone.scenes).toEqual(before.scenes); // every shot in its place, with its fields, actors and picked take
    expect(undone.history.redo).toBe('Delete 3 shots');
    expect(await takeIds(f.shotIds.a)).toEqual([ofA.id]);
    expect(await takeIds(f.shotIds.b)).toEqual([f.takeId]);
    expect(undone.scenes[0]!.shots[1]!.activeTakeId).toBe(f.takeId);
    expect(store().db.pragma('foreign_key_check')).toEqual([]);

    const redone = await app.ok<State>('project.redo', { projectId: f.projectId });
    expect(redone.scenes).toEqual(after.scenes);
    expect(store().takes.forShot(f.shotIds.b)).toEqual([]);
    expect((await app.ok<State>('project.undo', { projectId: f.projectId })).scenes).toEqual(before.scenes);
    expect(await takeIds(f.shotIds.b)).toEqual([f.takeId]);
  });

  it('is all or nothing: an unknown shot, or a shot of another project, deletes none and names it', async () => {
    const before = await get();
    const other = await app.ok<State>('project.create', { name: 'Other film' });
    const inOther = (await app.ok<State>('scene.create', { projectId: other.project.id })).scenes[0]!.id;
    const otherShot = (await app.ok<State>('shot.create', { projectId: other.project.id, sceneId: inOther })).scenes[0]!.shots[0]!.id;
    app.events.length = 0;

    const result = await app.call('shot.deleteMany', { projectId: f.projectId, shotIds: [f.shotIds.a, d, otherShot] });
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: `no shot ${otherShot} in this project` } });
    expect(await get()).toEqual(before);
    expect(app.events).toEqual([]);
    // the other project's shot is untouched too
    expect(names(await app.ok<State>('project.get', { projectId: other.project.id }))).toEqual([['Shot 1']]);
  });

  it('keeps the takes\' files while the delete can be undone, and removes them once it cannot', async () => {
    const ofA = takeWithFiles(f.shotIds.a);
    const ofD = takeWithFiles(d);
    const kept = takeWithFiles(f.shotIds.c);
    await app.ok('shot.deleteMany', { projectId: f.projectId, shotIds: [f.shotIds.a, d] });
    for (let i = 0; i < UNDO_DEPTH - 1; i++) store().createScene();
    expect([fs.existsSync(ofA.dir), fs.existsSync(ofD.dir)]).toEqual([true, true]); // the oldest edit still undoable
    store().createScene(); // ...and now it falls off the bounded history
    expect([fs.existsSync(ofA.dir), fs.existsSync(ofD.dir)]).toEqual([false, false]);
    expect(fs.existsSync(kept.dir)).toBe(true);
  });
});
