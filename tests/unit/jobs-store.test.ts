import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS } from '../../electron/store/jobs';
import type { ProjectStore } from '../../electron/store/project-store';
import { expectStoreError, projectStoreFixture } from '../helpers/store';

const ctx = projectStoreFixture();
let store: ProjectStore;
let shot: string;
beforeEach(() => {
  store = ctx.store;
  shot = store.createShot(store.createScene());
});

const spec = (n: number) => ({ version: 1, seed: n });
const hash = (n: number) => n.toString(16).padStart(64, '0');

describe('job queue', () => {
  it('runs jobs in queue order, through to done with a take', () => {
    const a = store.jobs.enqueue(shot, hash(1), spec(1));
    const b = store.jobs.enqueue(shot, hash(2), spec(2));
    expect(store.jobs.next()?.id).toBe(a.id);
    store.jobs.start(a.id);
    store.jobs.progress(a.id, 0.5);
    expect(store.jobs.get(a.id)).toMatchObject({ status: 'running', progress: 0.5, attempts: 1 });
    expect(store.jobs.next()?.id).toBe(b.id);
    const take = store.takes.add({ shotId: shot, specHash: hash(1), spec: spec(1), modelId: 'm', videoFile: 'a.mp4', posterFile: null, thumbs: [], provider: 'cpu', timings: { totalMs: 5 }, metrics: {} });
    store.jobs.finish(a.id, take.id);
    expect(store.jobs.get(a.id)).toMatchObject({ status: 'done', progress: 1, takeId: take.id });
    expect(store.takes.byHash(hash(1))?.id).toBe(take.id);
    expect(store.takes.forShot(shot).map((t) => t.id)).toEqual([take.id]);
    expect(store.jobs.pendingFor(hash(2))?.id).toBe(b.id);
  });

  it('reorders queued jobs and refuses to reorder a running one', () => {
    const ids = [1, 2, 3].map((n) => store.jobs.enqueue(shot, hash(n), spec(n)).id);
    store.jobs.move(ids[2]!, 0);
    expect(store.jobs.list().map((j) => j.id)).toEqual([ids[2], ids[0], ids[1]]);
    store.jobs.start(ids[2]!);
    expectStoreError(() => store.jobs.move(ids[2]!, 1), 'CONFLICT');
  });

  it('cancels queued and running jobs, not finished ones', () => {
    const a = store.jobs.enqueue(shot, hash(1), spec(1));
    expect(store.jobs.cancel(a.id).status).toBe('cancelled');
    expectStoreError(() => store.jobs.cancel(a.id), 'CONFLICT');
    expect(store.jobs.next()).toBeNull();
  });

  it('cancels the unfinished jobs of deleted shots, saying why; undo brings the shot back, not the jobs', () => {
    const other = store.createShot(store.createScene());
    const [queued, running, done, kept] = [1, 2, 3, 4].map((n) => store.jobs.enqueue(n === 4 ? other : shot, hash(n), spec(n)));
    store.jobs.start(running!.id);
    store.jobs.start(done!.id);
    store.jobs.finish(done!.id, store.takes.add({ shotId: shot, specHash: hash(3), spec: spec(3), modelId: 'm', videoFile: 'a.mp4', posterFile: null, thumbs: [], provider: 'cpu', timings: {}, metrics: {} }).id);
    expect(store.jobs.cancelOrphans('gone')).toEqual([]); // every shot still there
    store.deleteShot(shot);
    const cancelled = store.jobs.cancelOrphans('gone');
    expect(cancelled.map((j) => [j.id, j.status, j.shotId, j.error]).sort()).toEqual(
      [[queued!.id, 'cancelled', null, 'gone'], [running!.id, 'cancelled', null, 'gone']].sort(),
    );
    expect(store.jobs.get(done!.id)).toMatchObject({ status: 'done', shotId: null, error: null });
    expect(store.jobs.get(kept!.id)).toMatchObject({ status: 'queued', shotId: other });
    store.undo();
    expect(store.getShot(shot).id).toBe(shot);
    expect(store.jobs.get(queued!.id)).toMatchObject({ status: 'cancelled', shotId: null });
    expect(store.jobs.cancelOrphans('gone')).toEqual([]);
  });

  it('after a restart, re-queues interrupted jobs and fails ones that keep dying', () => {
    const a = store.jobs.enqueue(shot, hash(1), spec(1));
    store.jobs.start(a.id);
    expect(store.jobs.recover()).toEqual({ requeued: 1, failed: 0 });
    expect(store.jobs.get(a.id).status).toBe('queued');
    for (let i = 2; i < MAX_ATTEMPTS; i++) {
      store.jobs.start(a.id);
      expect(store.jobs.recover()).toEqual({ requeued: 1, failed: 0 });
    }
    store.jobs.start(a.id); // interrupted for the MAX_ATTEMPTS-th time
    expect(store.jobs.recover()).toEqual({ requeued: 0, failed: 1 });
    expect(store.jobs.get(a.id)).toMatchObject({ status: 'failed', error: expect.stringContaining('interrupted') });
  });

  it('keeps jobs out of undo', () => {
    store.jobs.enqueue(shot, hash(1), spec(1));
    expect(store.snapshot().history.undo).toBe('Add shot');
  });
});
