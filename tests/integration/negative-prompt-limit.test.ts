/**
 * The negative prompt against its model's limit, through the router on the tiny package
 * (word tokenizer, 22 tokens): prompt.check gives the meter the same count job.enqueue
 * refuses with; an over-long negative prompt is refused as CONFLICT (naming the shot and
 * the field) even while the prompt fits, and nothing is queued; at the limit it is queued.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallOutput } from '../../electron/ipc/contract';
import type { Job, ProjectState } from '../../electron/ipc/schemas';
import { makeApp, type TestApp } from '../helpers/app';

let app: TestApp;
let projectId: string;
let shotId: string;

beforeEach(async () => {
  app = makeApp();
  projectId = (await app.ok<ProjectState>('project.create', { name: 'Negatives' })).project.id;
  const scene = (await app.ok<ProjectState>('scene.create', { projectId })).scenes[0]!.id;
  shotId = (await app.ok<ProjectState>('shot.create', { projectId, sceneId: scene, name: 'Wide' })).scenes[0]!.shots[0]!.id;
  await app.ok('shot.update', { projectId, shotId, patch: { prompt: 'a red car on a street', durationFrames: 8, sampler: { scheduler: 'ddim', steps: 2, guidance: 7.5 } } });
});
afterEach(async () => {
  await app.services.generation.idle();
  await app.close();
});

const jobs = (): Promise<Job[]> => app.ok<Job[]>('job.list', { projectId });
const negative = (text: string) => app.ok('shot.update', { projectId, shotId, patch: { negativePrompt: text } });

describe('a negative prompt over the limit', () => {
  it('is counted by prompt.check as job.enqueue counts it, and refused as CONFLICT with nothing queued', async () => {
    const text = 'blurry, '.repeat(12).trim();
    const check = await app.ok<CallOutput<'prompt.check'>>('prompt.check', { modelId: null, prompt: text });
    expect([check.tokens, check.limit]).toEqual([24, 22]);
    expect(check.unknownWords.map((u) => u.word)).toEqual(Array(12).fill('blurry'));

    await negative(text);
    const result = await app.call('job.enqueue', { projectId, shotId });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: `Shot "Wide": The negative prompt is 24 tokens long; ${check.modelName} takes at most 22. Shorten it to generate.` },
    });
    expect(await jobs()).toEqual([]);
  });

  it('is queued once it is cut to the limit', async () => {
    await negative('blurry, '.repeat(11).trim());
    expect((await app.ok<CallOutput<'prompt.check'>>('prompt.check', { modelId: null, prompt: 'blurry, '.repeat(11).trim() })).tokens).toBe(22);
    const { job } = await app.ok<CallOutput<'job.enqueue'>>('job.enqueue', { projectId, shotId });
    expect(job).toMatchObject({ status: 'queued', shotId });
    await app.ok('job.cancel', { projectId, jobId: job!.id }); // queued is the point: no need to render it
  });
});
