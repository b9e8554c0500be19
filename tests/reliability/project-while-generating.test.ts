/**
 * Issue 11, item 1: renaming or deleting a project, or deleting the shot or its scene,
 * while one of its shots generates. Before the fix a rename or a delete closed the
 * database under the running job and the next progress message threw from the engine
 * worker's message listener (the whole process aborted), and a deleted shot failed its
 * job with "FOREIGN KEY constraint failed".
 *
 *  - rename: the running job is interrupted and queued again; it finishes in the renamed folder
 *  - delete: the running job is cancelled, then the project goes to the trash
 *  - deleting the shot or its scene: the job is cancelled saying so, and keeps no files
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallOutput } from '../../electron/ipc/contract';
import type { Job, ProjectState } from '../../electron/ipc/schemas';
import { makeApp, type TestApp } from '../helpers/app';
import { iterations } from '../helpers/reliability';

let app: TestApp;
let projectId: string;
let sceneId: string;
let shotId: string;
const uncaught: unknown[] = [];
const onUncaught = (err: unknown): void => void uncaught.push(err);

beforeEach(async () => {
  uncaught.length = 0;
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  app = makeApp();
  const created = await app.ok<ProjectState>('project.create', { name: 'Busy' });
  projectId = created.project.id;
  sceneId = (await app.ok<ProjectState>('scene.create', { projectId })).scenes[0]!.id;
  shotId = (await app.ok<ProjectState>('shot.create', { projectId, sceneId })).scenes[0]!.shots[0]!.id;
  // long enough to be caught running on any machine, short enough for a loaded one
  await app.ok('shot.update', {
    projectId, shotId, patch: { prompt: 'a red car on a street', durationFrames: 12, seed: 3, sampler: { scheduler: 'ddim', steps: 40, guidance: 7.5 } },
  });
});
afterEach(async () => {
  await app.close();
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onUncaught);
});

const jobEvents = (): Job[] => app.events.filter((e) => e.name === 'job.changed').map((e) => (e.payload as { job: Job }).job);

/** Queues the shot and resolves once its job is running and has reported a step. */
async function generating(): Promise<Job> {
  const { job } = await app.ok<CallOutput<'job.enqueue'>>('job.enqueue', { projectId, shotId });
  for (let waited = 0; !jobEvents().some((j) => j.id === job!.id && j.status === 'running' && j.progress > 0); waited += 20) {
    if (waited > 120_000) throw new Error('the job never started');
    await new Promise((r) => setTimeout(r, 20));
  }
  return job!;
}

const takeFolders = (projectDir: string): string[] => {
  const dir = path.join(projectDir, 'media', 'takes');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
};

describe('a project changed while one of its shots generates', () => {
  it('rename: the job is queued again and finishes in the renamed folder; the app lives', async () => {
    const job = await generating();
    const renamed = await app.ok<ProjectState>('project.rename', { projectId, name: 'Busy renamed' });
    expect(renamed.project.name).toBe('Busy renamed');
    await app.services.generation.idle();

    const store = app.services.library.get(projectId);
    expect(path.basename(store.path)).toBe('Busy renamed.directa');
    const final = store.jobs.get(job.id);
    expect(final).toMatchObject({ status: 'done', error: null, attempts: 1 });
    const statuses = jobEvents().filter((j) => j.id === job.id).map((j) => j.status);
    expect(statuses.slice(statuses.indexOf('running'))).toContain('queued'); // stopped and queued again, then done
    const takes = store.takes.forShot(shotId);
    expect(takes.map((t) => t.id)).toEqual([final.takeId]);
    expect(fs.existsSync(path.join(store.path, 'media', takes[0]!.videoFile))).toBe(true);
    expect(takeFolders(store.path)).toEqual([path.basename(path.dirname(takes[0]!.videoFile))]); // none left by the stopped run
    expect(fs.existsSync(path.join(app.dir, 'Busy.directa'))).toBe(false);
    expect(uncaught).toEqual([]);
  });

  it('delete: the job is cancelled, the project goes to the trash whole, the queue goes on with other projects', async () => {
    const job = await generating();
    const other = (await app.ok<ProjectState>('project.create', { name: 'Other' })).project.id;
    const otherScene = (await app.ok<ProjectState>('scene.create', { projectId: other })).scenes[0]!.id;
    const otherShot = (await app.ok<ProjectState>('shot.create', { projectId: other, sceneId: otherScene })).scenes[0]!.shots[0]!.id;
    await app.ok('shot.update', { projectId: other, shotId: otherShot, patch: { prompt: 'a blue car', durationFrames: 8, sampler: { scheduler: 'ddim', steps: 2, guidance: 7.5 } } });
    await app.ok('job.enqueue', { projectId: other, shotId: otherShot });

    const { trashedTo } = await app.ok<{ trashedTo: string }>('project.delete', { projectId });
    await app.services.generation.idle();

    expect(jobEvents().filter((j) => j.id === job.id).at(-1)).toMatchObject({ status: 'cancelled' });
    expect(takeFolders(trashedTo)).toEqual([]);
    expect((await app.call('project.get', { projectId })).ok).toBe(false);
    expect((await app.ok<Job[]>('job.list', { projectId: other }))[0]).toMatchObject({ status: 'done' });
    expect(uncaught).toEqual([]);
  });

  it.each([
    ['the shot', () => app.ok('shot.delete', { projectId, shotId })],
    ['its scene', () => app.ok('scene.delete', { projectId, sceneId })],
  ])('deleting %s: the job is cancelled saying the shot was deleted, and keeps no files', async (_, remove) => {
    const job = await generating();
    await remove();
    await app.services.generation.idle();
    const store = app.services.library.get(projectId);
    const final = store.jobs.get(job.id);
    expect(final.status).toBe('cancelled');
    expect(final.error).toMatch(/shot was deleted/);
    expect(final.error).not.toMatch(/FOREIGN KEY/i);
    expect(store.takes.byHash(final.specHash)).toBeNull();
    expect(takeFolders(store.path)).toEqual([]);
    expect(uncaught).toEqual([]);
  });

  it('deleting the shot after its frames are made (while encoding): the job is cancelled the same way', async () => {
    await app.ok('shot.update', { projectId, shotId, patch: { sampler: { scheduler: 'ddim', steps: 2, guidance: 7.5 } } });
    // the shot goes with the last step's progress write: after the last look at it, while the take encodes
    const store = app.services.library.get(projectId);
    const progress = store.jobs.progress.bind(store.jobs);
    store.jobs.progress = (id, fraction) => {
      progress(id, fraction);
      if (fraction >= 0.95) store.deleteShot(shotId);
    };
    await app.ok('job.enqueue', { projectId, shotId });
    await app.services.generation.idle();
    const [final] = store.jobs.list();
    expect(final).toMatchObject({ status: 'cancelled', error: expect.stringMatching(/shot was deleted/) });
    expect(takeFolders(store.path)).toEqual([]);
    expect(uncaught).toEqual([]);
  });
});

describe('a project renamed or deleted at a random moment of a generation', () => {
  const runs = Array.from({ length: iterations(4, 40) }, (_, i) => [i + 1, i % 2 ? 'delete' : 'rename', Math.floor(Math.random() * 1500)] as const);

  it.each(runs)('run %i: %s after %i ms: the job ends as it must, no stray files, nothing uncaught', async (_, action, delay) => {
    await app.ok('shot.update', { projectId, shotId, patch: { sampler: { scheduler: 'ddim', steps: 8, guidance: 7.5 } } });
    const { job } = await app.ok<CallOutput<'job.enqueue'>>('job.enqueue', { projectId, shotId });
    await new Promise((r) => setTimeout(r, delay)); // queued, generating, encoding or done by now
    if (action === 'rename') {
      await app.ok('project.rename', { projectId, name: `Busy ${delay}` });
      await app.services.generation.idle();
      const store = app.services.library.get(projectId);
      expect(store.jobs.get(job!.id).status).toBe('done');
      expect(takeFolders(store.path)).toEqual(store.takes.forShot(shotId).map((t) => path.basename(path.dirname(t.videoFile))));
    } else {
      const { trashedTo } = await app.ok<{ trashedTo: string }>('project.delete', { projectId });
      await app.services.generation.idle();
      const db = new Database(path.join(trashedTo, 'project.db'), { readonly: true });
      try {
        const status = db.prepare('SELECT status FROM jobs WHERE id = ?').pluck().get(job!.id);
        const takes = db.prepare('SELECT video_file FROM takes').pluck().all() as string[];
        expect(['cancelled', 'done', 'queued']).toContain(status);
        expect(takeFolders(trashedTo)).toEqual(takes.map((f) => path.basename(path.dirname(f))));
      } finally {
        db.close();
      }
    }
    expect(uncaught).toEqual([]);
  });
});
