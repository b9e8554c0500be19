import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callNames, calls, type CallName } from '../../electron/ipc/contract';
import { ProjectState } from '../../electron/ipc/schemas';
import { makeApp, type TestApp } from '../helpers/app';
import { dumpLibrary } from '../helpers/db-dump';
import { seedProject, type Fixture } from '../helpers/fixture';
import { validCases, type ValidCase } from '../helpers/router-cases';

let app: TestApp;
let f: Fixture;
beforeEach(async () => {
  app = makeApp();
  f = await seedProject(app);
});
afterEach(() => app.close());

describe('the router, given a valid call', () => {
  it('has a case for every call of the contract and nothing else', () => {
    expect(Object.keys(validCases).sort()).toEqual([...callNames].sort());
    expect(callNames.length).toBeGreaterThan(0);
  });

  it.each(callNames)('%s answers ok, matches the contract and does what it says', async (name: CallName) => {
    const c = validCases[name] as ValidCase<CallName>;
    await c.setup?.(f, app);
    const result = await app.services.router(name, c.input(f));
    if (!result.ok) expect.fail(`${name}: ${result.error.code} ${result.error.message}`);
    expect(calls[name].output.safeParse(result.value).success).toBe(true);
    expect(app.events.map((e) => e.name)).toEqual(c.events);
    for (const e of app.events) {
      const expected = { 'project.changed': { projectId: f.projectId }, 'job.changed': expect.objectContaining({ projectId: f.projectId }), 'export.changed': expect.objectContaining({ projectId: f.projectId }) };
      expect(e.payload).toEqual(expected[e.name as keyof typeof expected] ?? {});
    }
    await c.check(result.value as never, f, app);
    // an edit answers the project's new state: the same as reading it afresh
    if (ProjectState.safeParse(result.value).success && name !== 'project.create') {
      expect(await app.ok('project.get', { projectId: f.projectId })).toEqual(result.value);
    }
    expect(app.logs).toEqual([]);
  });
});

describe('the router, given a valid call the state cannot satisfy', () => {
  it('answers CONFLICT for shot.spec when an object\'s phrase left the prompt, and writes nothing', async () => {
    await app.ok('shot.update', { projectId: f.projectId, shotId: f.shotIds.a, patch: { prompt: 'a red wolf runs past an old oak' } });
    const before = dumpLibrary(app.dir);
    const result = await app.call('shot.spec', { projectId: f.projectId, shotId: f.shotIds.a });
    expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('"fox"') } });
    expect(dumpLibrary(app.dir)).toEqual(before);
  });

  it('answers the stored order after several edits, positions dense', async () => {
    const { projectId, sceneIds: [s1, s2], shotIds: { a, b, c } } = f;
    await app.ok('shot.move', { projectId, shotId: c, sceneId: s1, index: 0 });
    await app.ok('shot.move', { projectId, shotId: a, sceneId: s2, index: 5 });
    await app.ok('scene.move', { projectId, sceneId: s2, index: 0 });
    const state = await app.ok<ProjectState>('project.get', { projectId });
    expect(state.scenes.map((s) => [s.id, s.shots.map((x) => x.id)])).toEqual([[s2, [a]], [s1, [c, b]]]);
    const rows = dumpLibrary(app.dir).projects['Film.directa']!.tables['shots'] as { scene_id: string; position: number }[];
    expect(rows.filter((r) => r.scene_id === s1).map((r) => r.position).sort()).toEqual([0, 1]);
  });
});
