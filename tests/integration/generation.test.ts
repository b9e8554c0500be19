/**
 * A shot generated end to end through the app's services on the tiny package:
 * spec → job → take → an MP4 that reads back with the shot's frame count; reuse,
 * cancellation and clear failures.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallOutput } from '../../electron/ipc/contract';
import type { Job, ProjectState } from '../../electron/ipc/schemas';
import { probeClip } from '../../electron/media';
import { makeApp, type TestApp } from '../helpers/app';

let app: TestApp;
let projectId: string;
let shotId: string;

beforeEach(async () => {
  app = makeApp();
  const created = await app.ok<ProjectState>('project.create', { name: 'Gen', fps: { num: 24000, den: 1001 } });
  projectId = created.project.id;
  const scene = (await app.ok<ProjectState>('scene.create', { projectId })).scenes[0]!.id;
  const state = await app.ok<ProjectState>('shot.create', { projectId, sceneId: scene });
  shotId = state.scenes[0]!.shots[0]!.id;
  await app.ok('shot.update', {
    projectId, shotId,
    patch: { prompt: 'a red car on a street', durationFrames: 30, seed: 5, camera: { cx: 0.4, cy: 0, cz: 1.2 }, sampler: { scheduler: 'ddim', steps: 3, guidance: 7.5 } },
  });
});
afterEach(() => app.close());

type Enqueued = CallOutput<'job.enqueue'>;
const jobs = (): Promise<Job[]> => app.ok<Job[]>('job.list', { projectId });
const mediaDir = (): string => path.join(app.services.library.get(projectId).path, 'media');

describe('generation', () => {
  it('turns a shot into a take whose MP4 has the shot\'s frames at the project\'s rate, with metrics', async () => {
    const enqueued = await app.ok<Enqueued>('job.enqueue', { projectId, shotId });
    expect(enqueued).toMatchObject({ reused: false, take: null, job: { status: 'queued' } });
    await app.services.generation.idle();

    const [job] = await jobs();
    expect(job).toMatchObject({ status: 'done', progress: 1, error: null });
    const takes = await app.ok<CallOutput<'take.list'>>('take.list', { projectId, shotId });
    expect(takes).toHaveLength(1);
    const take = takes[0]!;
    expect(take).toMatchObject({ id: job!.takeId, modelId: 'directa-tiny-random', provider: 'cpu' });
    const file = path.join(mediaDir(), ...take.videoUrl.split('/').slice(3).map(decodeURIComponent));
    const info = await probeClip(file);
    expect(info).toMatchObject({ frames: 30, width: 128, height: 128, fps: { num: 24000, den: 1001 } });
    expect(take.thumbUrls.length).toBeGreaterThan(0);
    expect(take.metrics).toMatchObject({ camera: { requested: { cx: 0.4, cy: 0, cz: 1.2 } } });
    expect(take.timings.totalMs).toBeGreaterThan(0);

    const progressEvents = app.events.filter((e) => e.name === 'job.changed').map((e) => (e.payload as { job: Job }).job.progress);
    expect(progressEvents.length).toBeGreaterThanOrEqual(5); // queued, running, a step each, done
    expect(progressEvents.at(-1)).toBe(1);

    // the same spec again: the take is reused, nothing is generated
    const again = await app.ok<Enqueued>('job.enqueue', { projectId, shotId });
    expect(again).toMatchObject({ reused: true, job: null, take: { id: take.id } });
  });

  it('cancels a running job: a cancelled job, no take, no files', async () => {
    await app.ok('shot.update', { projectId, shotId, patch: { sampler: { scheduler: 'ddim', steps: 200, guidance: 7.5 } } });
    const { job } = await app.ok<Enqueued>('job.enqueue', { projectId, shotId });
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (app.events.some((e) => e.name === 'job.changed' && (e.payload as { job: Job }).job.progress > 0)) {
          clearInterval(timer);
          resolve();
        }
      }, 10);
    });
    expect((await app.ok<Job>('job.cancel', { projectId, jobId: job!.id })).status).toBe('cancelled');
    await app.services.generation.idle();
    expect((await jobs())[0]).toMatchObject({ status: 'cancelled', takeId: null });
    expect(await app.ok('take.list', { projectId, shotId })).toEqual([]);
    const takesDir = path.join(mediaDir(), 'takes');
    expect(fs.existsSync(takesDir) ? fs.readdirSync(takesDir) : []).toEqual([]);
  });

  it('refuses to queue a shot whose prompt or negative prompt is longer than the model takes, saying so', async () => {
    await app.ok('shot.update', { projectId, shotId, patch: { prompt: 'a red car '.repeat(12) } });
    const result = await app.call('job.enqueue', { projectId, shotId });
    expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'Shot "Shot 1": The prompt is 36 tokens long; Directa tiny (random weights) takes at most 22. Shorten it to generate.' } });
    await app.ok('shot.update', { projectId, shotId, patch: { prompt: 'a red car', negativePrompt: 'blurry, '.repeat(12) } });
    expect(await app.call('job.enqueue', { projectId, shotId })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('The negative prompt is 24 tokens long') } });
    expect(await jobs()).toEqual([]);
    // at the limit it is queued
    await app.ok('shot.update', { projectId, shotId, patch: { prompt: 'a red car '.repeat(7).trim() + ' now', negativePrompt: '' } });
    expect((await app.ok<Enqueued>('job.enqueue', { projectId, shotId })).job).toMatchObject({ status: 'queued' });
  });

  it('refuses to queue a shot for a model that is not installed', async () => {
    await app.ok('shot.update', { projectId, shotId, patch: { modelId: 'no-such-model' } });
    const result = await app.call('job.enqueue', { projectId, shotId });
    expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('"no-such-model" is not installed') } });
    expect(await jobs()).toEqual([]);
  });
});
