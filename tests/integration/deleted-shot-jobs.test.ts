/**
 * Jobs of deleted shots, through the router on the tiny package: deleting a shot cancels
 * its queued job (it never starts) and its running one (no take, no files kept), saying
 * why, and the queue hears it through job.changed; the other shots' jobs run. Undoing the
 * delete brings the shot back without the job (Generate queues it anew); an edit that
 * takes the shot away again (redo of the delete, a scene delete) cancels a job queued meanwhile.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallOutput } from '../../electron/ipc/contract';
import type { Job, ProjectState } from '../../electron/ipc/schemas';
import { SHOT_DELETED } from '../../electron/services/generation';
import { makeApp, type TestApp } from '../helpers/app';

let app: TestApp;
let projectId: string;
let sceneId: string;
/** shot A generates long enough to be caught running; B and C are quick */
let a: string;
let b: string;
let c: string;

beforeEach(async () => {
  app = makeApp();
  projectId = (await app.ok<ProjectState>('project.create', { name: 'Queue' })).project.id;
  sceneId = (await app.ok<ProjectState>('scene.create', { projectId })).scenes[0]!.id;
  for (const name of ['A', 'B', 'C']) await app.ok('shot.create', { projectId, sceneId, name });
  [a, b, c] = (await app.ok<ProjectState>('project.get', { projectId })).scenes[0]!.shots.map((s) => s.id) as [string, string, string];
  const quick = { durationFrames: 8, seed: 1, sampler: { scheduler: 'ddim', steps: 2, guidance: 7.5 } };
  await app.ok('shot.update', { projectId, shotId: a, patch: { prompt: 'a red car on a street', durationFrames: 12, seed: 3, sampler: { scheduler: 'ddim', steps: 40, guidance: 7.5 } } });
  await app.ok('shot.update', { projectId, shotId: b, patch: { prompt: 'a white dog', ...quick } });
  await app.ok('shot.update', { projectId, shotId: c, patch: { prompt: 'a blue car', ...quick } });
  app.events.length = 0;
});
afterEach(async () => {
  await app.services.generation.idle();
  expect(app.logs.filter((l) => !l.startsWith('take '))).toEqual([]);
  await app.close();
});

const enqueue = async (shotId: string): Promise<Job> => (await app.ok<CallOutput<'job.enqueue'>>('job.enqueue', { projectId, shotId })).job!;
const jobs = (): Promise<Job[]> => app.ok<Job[]>('job.list', { projectId });
const jobOf = async (id: string): Promise<Job> => (await jobs()).find((j) => j.id === id)!;
const eventsOf = (id: string): Job[] => app.events.filter((e) => e.name === 'job.changed')
  .map((e) => (e.payload as { job: Job }).job).filter((j) => j.id === id);
const takes = (shotId: string) => app.ok<CallOutput<'take.list'>>('take.list', { projectId, shotId });
const shotIds = async (): Promise<string[]> => (await app.ok<ProjectState>('project.get', { projectId })).scenes[0]!.shots.map((s) => s.id);
const takeFolders = (): string[] => {
  const dir = path.join(app.services.library.get(projectId).path, 'media', 'takes');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
};

/** Resolves once the job is running and has reported a step. */
async function running(id: string): Promise<void> {
  for (let waited = 0; !eventsOf(id).some((j) => j.status === 'running' && j.progress > 0); waited += 20) {
    if (waited > 120_000) throw new Error('the job never started');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('deleting a shot with a job', () => {
  it('cancels its queued job, the other shot\'s job runs, and undo brings the shot back without the job', async () => {
    const jobA = await enqueue(a);
    const jobB = await enqueue(b); // waits behind A
    await app.ok('shot.delete', { projectId, shotId: b });

    const cancelled = await jobOf(jobB.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', shotId: null, error: SHOT_DELETED, startedAt: null, takeId: null });
    expect(eventsOf(jobB.id).map((j) => j.status)).toEqual(['queued', 'cancelled']); // the queue UI updates from these
    await app.services.generation.idle();
    expect(await jobOf(jobA.id)).toMatchObject({ status: 'done', shotId: a });
    expect(await jobOf(jobB.id)).toMatchObject({ status: 'cancelled' }); // never started
    expect(await takes(a)).toHaveLength(1);

    const undone = await app.ok<ProjectState>('project.undo', { projectId });
    expect(undone.scenes[0]!.shots.map((s) => s.id)).toEqual([a, b, c]);
    expect(await jobOf(jobB.id)).toMatchObject({ status: 'cancelled', shotId: null }); // not resurrected
    expect((await jobs()).filter((j) => j.status === 'queued' || j.status === 'running')).toEqual([]);
    expect(await takes(b)).toEqual([]);
    await app.services.generation.idle();
    expect(await takes(b)).toEqual([]); // nothing ran for it

    // Generate queues it anew
    const again = await enqueue(b);
    expect(again.id).not.toBe(jobB.id);
    await app.services.generation.idle();
    expect(await jobOf(again.id)).toMatchObject({ status: 'done', shotId: b });
  });

  it('cancels its running job and keeps no take; the next job runs; undo brings the shot back without a take', async () => {
    const jobA = await enqueue(a);
    const jobC = await enqueue(c);
    await running(jobA.id);
    await app.ok('shot.deleteMany', { projectId, shotIds: [a] });
    await app.services.generation.idle();

    expect(await jobOf(jobA.id)).toMatchObject({ status: 'cancelled', shotId: null, error: SHOT_DELETED, takeId: null });
    expect(eventsOf(jobA.id).at(-1)).toMatchObject({ status: 'cancelled' });
    expect(await jobOf(jobC.id)).toMatchObject({ status: 'done', shotId: c });
    const [take] = app.services.library.get(projectId).takes.forShot(c);
    expect(takeFolders()).toEqual([path.basename(path.dirname(take!.videoFile))]); // none left by the cancelled run

    await app.ok('project.undo', { projectId });
    expect(await shotIds()).toEqual([a, b, c]);
    expect(await takes(a)).toEqual([]);
    expect(await jobOf(jobA.id)).toMatchObject({ status: 'cancelled', shotId: null });
    expect((await jobs()).some((j) => j.status === 'queued' || j.status === 'running')).toBe(false);
  });

  it('cancels a job queued after the undo when the delete is redone, and the jobs of a deleted scene\'s shots', async () => {
    const jobA = await enqueue(a); // keeps the queue busy: the jobs below stay queued
    await app.ok('shot.delete', { projectId, shotId: b });
    await app.ok('project.undo', { projectId });
    const jobB = await enqueue(b);
    await app.ok('project.redo', { projectId });
    expect(await jobOf(jobB.id)).toMatchObject({ status: 'cancelled', shotId: null, error: SHOT_DELETED });

    const jobC = await enqueue(c);
    await app.ok('scene.delete', { projectId, sceneId });
    expect(await jobOf(jobC.id)).toMatchObject({ status: 'cancelled', shotId: null, error: SHOT_DELETED });
    await app.services.generation.idle();
    expect(await jobOf(jobA.id)).toMatchObject({ status: 'cancelled', shotId: null }); // A went with its scene
    expect(takeFolders()).toEqual([]);
  });
});
