/**
 * shot.setBackground through the router: marks words of the prompt as the background,
 * undone and redone with project.undo/redo (the mark, and its move with a prompt edit),
 * refused with a clear message where the span is outside the prompt or on an actor, and
 * carried into the shot's spec (whose hash changes only while one is marked).
 */
import { describe, expect, it } from 'vitest';
import type { CallOutput } from '../../electron/ipc/contract';
import { dumpLibrary } from '../helpers/db-dump';
import { FOX_PROMPT } from '../helpers/fixture';
import { seededApp } from '../helpers/seeded-app';

type State = CallOutput<'project.get'>;
const t = seededApp();

const backgroundOf = (s: State) => s.scenes[0]!.shots.find((x) => x.id === t.f.shotIds.a)!.background;
const span = (phrase: string, prompt = FOX_PROMPT): [number, number] => [prompt.indexOf(phrase), prompt.indexOf(phrase) + phrase.length];
const get = () => t.app.ok<State>('project.get', { projectId: t.f.projectId });

describe('shot.setBackground', () => {
  it('marks, clears, and undo/redo bring each state back', async () => {
    let state = await t.app.ok<State>('shot.setBackground', { projectId: t.f.projectId, shotId: t.f.shotIds.a, span: span('runs past') });
    expect(backgroundOf(state)).toEqual({ phrase: 'runs past', span: span('runs past') });
    state = await t.app.ok<State>('shot.setBackground', { projectId: t.f.projectId, shotId: t.f.shotIds.a, span: null });
    expect(backgroundOf(state)).toBeNull();
    expect(state.history.undo).toBe('Clear background');
    state = await t.app.ok<State>('project.undo', { projectId: t.f.projectId });
    expect(backgroundOf(state)).toEqual({ phrase: 'runs past', span: span('runs past') });
    state = await t.app.ok<State>('project.undo', { projectId: t.f.projectId });
    expect(backgroundOf(state)).toBeNull();
    state = await t.app.ok<State>('project.redo', { projectId: t.f.projectId });
    expect(backgroundOf(state)).toEqual({ phrase: 'runs past', span: span('runs past') });
    expect(state.history).toEqual({ undo: 'Mark background', redo: 'Clear background' });
  });

  it('moves with a prompt edit, and undoing the edit puts both back', async () => {
    await t.app.ok('shot.setBackground', { projectId: t.f.projectId, shotId: t.f.shotIds.a, span: span('runs past') });
    const edited = `at night, ${FOX_PROMPT}`;
    let state = await t.app.ok<State>('shot.update', { projectId: t.f.projectId, shotId: t.f.shotIds.a, patch: { prompt: edited } });
    expect(backgroundOf(state)).toEqual({ phrase: 'runs past', span: span('runs past', edited) });
    state = await t.app.ok<State>('project.undo', { projectId: t.f.projectId });
    expect(state.scenes[0]!.shots[0]!.prompt).toBe(FOX_PROMPT);
    expect(backgroundOf(state)).toEqual({ phrase: 'runs past', span: span('runs past') });
    state = await t.app.ok<State>('project.redo', { projectId: t.f.projectId });
    expect(backgroundOf(state)).toEqual({ phrase: 'runs past', span: span('runs past', edited) });
  });

  it('refuses a span past the prompt or on an actor with a message that says so, writing nothing', async () => {
    const before = dumpLibrary(t.app.dir);
    const past = await t.app.call('shot.setBackground', { projectId: t.f.projectId, shotId: t.f.shotIds.a, span: [22, 40] });
    expect(past).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('outside the prompt, which is 30 characters long') } });
    const actor = await t.app.call('shot.setBackground', { projectId: t.f.projectId, shotId: t.f.shotIds.a, span: span('old oak') });
    expect(actor).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('takes words of the actor "oak"') } });
    expect(dumpLibrary(t.app.dir)).toEqual(before);
    expect(backgroundOf(await get())).toBeNull();
  });

  it('goes into the spec, changing its hash only while marked', async () => {
    const plain = await t.app.ok<CallOutput<'shot.spec'>>('shot.spec', { projectId: t.f.projectId, shotId: t.f.shotIds.a });
    expect(plain.spec).not.toHaveProperty('background');
    await t.app.ok('shot.setBackground', { projectId: t.f.projectId, shotId: t.f.shotIds.a, span: span('runs past') });
    const marked = await t.app.ok<CallOutput<'shot.spec'>>('shot.spec', { projectId: t.f.projectId, shotId: t.f.shotIds.a });
    expect(marked.spec.background).toEqual({ phrase: 'runs past', span: span('runs past') });
    expect(marked.hash).not.toBe(plain.hash);
    await t.app.ok('project.undo', { projectId: t.f.projectId });
    expect((await t.app.ok<CallOutput<'shot.spec'>>('shot.spec', { projectId: t.f.projectId, shotId: t.f.shotIds.a })).hash).toBe(plain.hash);
  });
});
