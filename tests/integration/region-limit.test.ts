/**
 * The region limit up front, through the router on the tiny package (maxRegions 4, as the
 * built-in model): prompt.check counts the shot's actors, and a marked background's
 * region, against the limit; job.enqueue refuses a shot over it with CONFLICT naming the
 * shot and what to do, and queues nothing; within the limit the shot is queued.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallOutput } from '../../electron/ipc/contract';
import type { Job, ProjectState, ShotObjectInput } from '../../electron/ipc/schemas';
import { makeApp, type TestApp } from '../helpers/app';

const PROMPT = 'a red car and a white dog and a cat and a bird and a man on a street at night';
const ACTORS = ['red car', 'white dog', 'cat', 'bird', 'man'];
const span = (phrase: string): [number, number] => [PROMPT.indexOf(phrase), PROMPT.indexOf(phrase) + phrase.length];
const actor = (phrase: string): ShotObjectInput => ({
  phrase, span: span(phrase), color: '#ff5a5f', keyframes: [{ frame: 0, box: [0.1, 0.1, 0.3, 0.3] }], path: null,
});

let app: TestApp;
let projectId: string;
let shotId: string;

beforeEach(async () => {
  app = makeApp();
  projectId = (await app.ok<ProjectState>('project.create', { name: 'Crowd' })).project.id;
  const scene = (await app.ok<ProjectState>('scene.create', { projectId })).scenes[0]!.id;
  shotId = (await app.ok<ProjectState>('shot.create', { projectId, sceneId: scene, name: 'Crowd scene' })).scenes[0]!.shots[0]!.id;
  await app.ok('shot.update', { projectId, shotId, patch: { prompt: PROMPT, durationFrames: 8, sampler: { scheduler: 'ddim', steps: 2, guidance: 7.5 } } });
});
afterEach(async () => {
  await app.services.generation.idle();
  await app.close();
});

const jobs = (): Promise<Job[]> => app.ok<Job[]>('job.list', { projectId });
const actors = (n: number) => app.ok('shot.setObjects', { projectId, shotId, objects: ACTORS.slice(0, n).map(actor) });
const background = (on: boolean) => app.ok('shot.setBackground', { projectId, shotId, span: on ? span('street at night') : null });
const check = (n: number, bg: boolean) => app.ok<CallOutput<'prompt.check'>>('prompt.check', { prompt: PROMPT, regions: { actors: n, background: bg } });

describe('the region limit', () => {
  it('is reported by prompt.check: the actors, and the background\'s region once there is an actor', async () => {
    expect((await check(4, false)).regions).toEqual({ actors: 4, background: false, used: 4, limit: 4, problem: null });
    expect((await check(3, true)).regions).toEqual({ actors: 3, background: true, used: 4, limit: 4, problem: null });
    expect((await check(0, true)).regions).toMatchObject({ used: 0, problem: null });
    const over = await check(4, true);
    expect(over.regions).toEqual({
      actors: 4, background: true, used: 5, limit: 4,
      problem: `4 actors and the marked background need 5 regions; ${over.modelName} directs at most 4 per shot. Remove an actor or clear the background to generate.`,
    });
    expect((await app.ok<CallOutput<'prompt.check'>>('prompt.check', { prompt: PROMPT })).regions).toBeNull();
  });

  it('refuses to queue four actors and a marked background with CONFLICT naming the shot, and queues nothing', async () => {
    await actors(4);
    await background(true);
    const { modelName } = await check(4, true);
    const result = await app.call('job.enqueue', { projectId, shotId });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: `Shot "Crowd scene": 4 actors and the marked background need 5 regions; ${modelName} directs at most 4 per shot. Remove an actor or clear the background to generate.`,
      },
    });
    expect(await jobs()).toEqual([]);
    expect(app.events.some((e) => e.name === 'job.changed')).toBe(false);
  });

  it('refuses five actors, background or not, saying to remove one', async () => {
    await actors(5);
    const result = await app.call('job.enqueue', { projectId, shotId });
    expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/^Shot "Crowd scene": 5 actors need 5 regions; .+ Remove an actor to generate\.$/) } });
    expect(await jobs()).toEqual([]);
  });

  it('queues the shot once the background is cleared, and at the limit with one', async () => {
    await actors(4);
    await background(true);
    expect((await app.call('job.enqueue', { projectId, shotId })).ok).toBe(false);
    await background(false);
    const { job } = await app.ok<CallOutput<'job.enqueue'>>('job.enqueue', { projectId, shotId });
    expect(job).toMatchObject({ status: 'queued', shotId });
    await app.ok('job.cancel', { projectId, jobId: job!.id }); // queued is the point: no need to render it

    await actors(3);
    await background(true);
    const again = await app.ok<CallOutput<'job.enqueue'>>('job.enqueue', { projectId, shotId });
    expect(again.job).toMatchObject({ status: 'queued', shotId });
    await app.ok('job.cancel', { projectId, jobId: again.job!.id });
  });
});
