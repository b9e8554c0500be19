/**
 * One valid call for every call of the contract, with what it must do. Typed as a mapped
 * type over CallName, so adding a call to the contract without a case here fails to compile.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import pkg from '../../package.json';
import type { CallInput, CallName, CallOutput, EventName } from '../../electron/ipc/contract';
import { hashSpec } from '../../electron/engine/spec-hash';
import type { TestApp } from './app';
import { damageDatabase } from './damage-db';
import { FOX_PROMPT, objectFor, type Fixture } from './fixture';
import { exportCases } from './router-cases-export';

export interface ValidCase<K extends CallName> {
  /** what must be true before the call (run just before it; `input` stays free of effects) */
  setup?: (f: Fixture, app: TestApp) => void | Promise<void>;
  input: (f: Fixture) => CallInput<K>;
  /** the events this call must emit */
  events: EventName[];
  check: (value: CallOutput<K>, f: Fixture, app: TestApp) => void | Promise<void>;
}

type State = CallOutput<'project.get'>;
const scene = (s: State, i: number) => s.scenes[i]!;
const sceneNames = (s: State) => s.scenes.map((x) => x.name);
const shotNames = (s: State, i: number) => scene(s, i).shots.map((x) => x.name);
const EDIT: EventName[] = ['project.changed'];

/** Backs the fixture's project up, then gives its database a junk header (its warning is expected). */
async function damageFilm(_f: Fixture, app: TestApp): Promise<void> {
  await app.services.library.backupChanged();
  app.services.library.close();
  damageDatabase(path.join(app.dir, 'Film.directa', 'project.db'), 'junk header');
  app.services.library.list();
  app.logs.length = 0;
}

const LIBRARY: EventName[] = ['library.changed'];

export const validCases: { [K in CallName]: ValidCase<K> } = {
  ...exportCases,
  'app.info': {
    input: () => ({}),
    events: [],
    check: (v, _f, app) => expect(v).toEqual({ version: pkg.version, libraryDir: app.dir, host: 'browser' }),
  },
  'project.list': {
    input: () => ({}),
    events: [],
    check: (v, f) => expect(v.map((p) => [p.id, p.name])).toEqual([[f.projectId, 'Film']]),
  },
  'project.create': {
    input: () => ({ name: 'Second', fps: { num: 25, den: 1 }, width: 1920, height: 1080 }),
    events: LIBRARY,
    check: async (v, _f, app) => {
      expect(v.project).toMatchObject({ name: 'Second', fps: { num: 25, den: 1 }, width: 1920, height: 1080 });
      expect(v.scenes).toEqual([]);
      expect(fs.existsSync(path.join(app.dir, 'Second.directa', 'project.db'))).toBe(true);
      expect(await app.ok<unknown[]>('project.list', {})).toHaveLength(2);
    },
  },
  'project.get': {
    input: (f) => ({ projectId: f.projectId }),
    events: [],
    check: (v) => {
      expect(sceneNames(v)).toEqual(['Opening', 'Chase']);
      expect([shotNames(v, 0), shotNames(v, 1)]).toEqual([['A', 'B'], ['C']]);
      expect(scene(v, 0).shots[0]).toMatchObject({ prompt: FOX_PROMPT, camera: { cx: 0.25, cy: 0, cz: 1.2 } });
      expect(scene(v, 0).shots[0]!.objects.map((o) => o.phrase)).toEqual(['fox', 'oak']);
    },
  },
  'project.rename': {
    input: (f) => ({ projectId: f.projectId, name: '  Renamed  ' }),
    events: LIBRARY,
    check: (v, _f, app) => {
      expect(v.project.name).toBe('Renamed');
      expect(v.project.path).toBe(path.join(app.dir, 'Renamed.directa'));
      expect(fs.existsSync(path.join(app.dir, 'Film.directa'))).toBe(false);
      expect(sceneNames(v)).toEqual(['Opening', 'Chase']);
    },
  },
  'project.delete': {
    input: (f) => ({ projectId: f.projectId }),
    events: LIBRARY,
    check: async (v, f, app) => {
      expect(path.dirname(v.trashedTo)).toBe(path.join(app.dir, '.trash'));
      expect(fs.existsSync(path.join(v.trashedTo, 'project.db'))).toBe(true);
      const after = await app.call('project.get', { projectId: f.projectId });
      expect(after).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    },
  },
  'project.damaged': {
    setup: damageFilm,
    input: () => ({}),
    events: [],
    check: (v, _f, app) => expect(v).toEqual([{
      folder: 'Film.directa', path: path.join(app.dir, 'Film.directa'), reason: expect.stringMatching(/header is damaged/),
      advice: expect.stringMatching(/^Restore the last backup/), backup: { takenAt: expect.any(String) },
    }]),
  },
  'project.restoreBackup': {
    setup: damageFilm,
    input: () => ({ folder: 'Film.directa' }),
    events: LIBRARY,
    check: async (v, f, app) => {
      expect(v.project.id).toBe(f.projectId);
      expect(sceneNames(v)).toEqual(['Opening', 'Chase']);
      expect(scene(v, 0).shots[0]!.objects.map((o) => o.phrase)).toEqual(['fox', 'oak']);
      expect(fs.readdirSync(path.join(app.dir, 'Film.directa')).filter((n) => n.startsWith('project.db.damaged-'))).toHaveLength(1);
      expect(await app.ok('project.damaged', {})).toEqual([]);
    },
  },
  'scene.create': {
    input: (f) => ({ projectId: f.projectId, name: 'Middle', index: 1 }),
    events: EDIT,
    check: (v) => expect(sceneNames(v)).toEqual(['Opening', 'Middle', 'Chase']),
  },
  'scene.update': {
    input: (f) => ({ projectId: f.projectId, sceneId: f.sceneIds[0], patch: { name: 'Prologue', notes: 'dawn' } }),
    events: EDIT,
    check: (v) => expect(scene(v, 0)).toMatchObject({ name: 'Prologue', notes: 'dawn' }),
  },
  'scene.duplicate': {
    input: (f) => ({ projectId: f.projectId, sceneId: f.sceneIds[0] }),
    events: EDIT,
    check: (v) => {
      expect(sceneNames(v)).toEqual(['Opening', 'Opening copy', 'Chase']);
      expect(shotNames(v, 1)).toEqual(['A', 'B']);
      expect(scene(v, 1).shots[0]!.objects).toHaveLength(2);
    },
  },
  'project.undo': {
    input: (f) => ({ projectId: f.projectId }),
    events: EDIT,
    check: (v) => {
      // the fixture's last edit set shot A's boxes: undo takes them away, and can be redone
      expect(scene(v, 0).shots[0]!.objects).toEqual([]);
      expect(scene(v, 0).shots[0]!.prompt).toBe(FOX_PROMPT);
      expect(v.history).toEqual({ undo: 'Edit shot', redo: 'Edit boxes' });
    },
  },
  'project.redo': {
    input: (f) => ({ projectId: f.projectId }),
    events: EDIT,
    // nothing was undone, so nothing changes (the round trip is in tests/unit/history.test.ts)
    check: (v) => {
      expect(v.history).toEqual({ undo: 'Edit boxes', redo: null });
      expect(scene(v, 0).shots[0]!.objects.map((o) => o.phrase)).toEqual(['fox', 'oak']);
    },
  },
  'scene.delete': {
    input: (f) => ({ projectId: f.projectId, sceneId: f.sceneIds[0] }),
    events: EDIT,
    check: (v) => expect(sceneNames(v)).toEqual(['Chase']),
  },
  'scene.move': {
    input: (f) => ({ projectId: f.projectId, sceneId: f.sceneIds[1], index: 0 }),
    events: EDIT,
    check: (v) => expect(sceneNames(v)).toEqual(['Chase', 'Opening']),
  },
  'shot.create': {
    input: (f) => ({ projectId: f.projectId, sceneId: f.sceneIds[1], name: 'D', index: 0 }),
    events: EDIT,
    check: (v) => expect(shotNames(v, 1)).toEqual(['D', 'C']),
  },
  'shot.update': {
    input: (f) => ({ projectId: f.projectId, shotId: f.shotIds.a, patch: UPDATE }),
    events: EDIT,
    check: (v) => {
      const shot = scene(v, 0).shots[0]!;
      expect(shot).toMatchObject(UPDATE);
      expect(shot.objects.map((o) => UPDATE.prompt.slice(...o.span))).toEqual(['fox', 'oak']);
    },
  },
  'shot.duplicate': {
    input: (f) => ({ projectId: f.projectId, shotId: f.shotIds.a }),
    events: EDIT,
    check: (v) => {
      expect(shotNames(v, 0)).toEqual(['A', 'A copy', 'B']);
      expect(scene(v, 0).shots[1]!.objects.map((o) => o.phrase)).toEqual(['fox', 'oak']);
    },
  },
  'shot.delete': {
    input: (f) => ({ projectId: f.projectId, shotId: f.shotIds.b }),
    events: EDIT,
    check: (v) => expect(shotNames(v, 0)).toEqual(['A']),
  },
  'shot.deleteMany': {
    input: (f) => ({ projectId: f.projectId, shotIds: [f.shotIds.c, f.shotIds.a] }),
    // shot C's queued job is cancelled with it (tests/integration/deleted-shot-jobs.test.ts)
    events: ['job.changed', ...EDIT],
    // one undo step across scenes (its undo and redo: tests/integration/shot-delete-many.test.ts)
    check: async (v, f, app) => {
      expect([shotNames(v, 0), shotNames(v, 1)]).toEqual([['B'], []]);
      expect(v.history.undo).toBe('Delete 2 shots');
      expect(await app.ok('job.list', { projectId: f.projectId })).toEqual([
        expect.objectContaining({ id: f.jobId, shotId: null, status: 'cancelled', error: expect.stringMatching(/shot was deleted/) }),
      ]);
    },
  },
  'shot.move': {
    input: (f) => ({ projectId: f.projectId, shotId: f.shotIds.a, sceneId: f.sceneIds[1], index: 1 }),
    events: EDIT,
    check: (v) => expect([shotNames(v, 0), shotNames(v, 1)]).toEqual([['B'], ['C', 'A']]),
  },
  'shot.copyTo': {
    input: (f) => ({ projectId: f.projectId, shotIds: [f.shotIds.b, f.shotIds.a], sceneId: f.sceneIds[1], index: 0 }),
    events: EDIT,
    // one undo step (its undo and redo: tests/unit/shot-copy-store.test.ts)
    check: (v, f) => {
      expect([shotNames(v, 0), shotNames(v, 1)]).toEqual([['A', 'B'], ['B', 'A', 'C']]);
      expect(scene(v, 1).shots[1]!.objects.map((o) => o.phrase)).toEqual(['fox', 'oak']);
      expect(scene(v, 1).shots[1]!.id).not.toBe(f.shotIds.a);
      expect(v.history.undo).toBe('Paste 2 shots');
    },
  },
  'shot.setObjects': {
    input: (f) => ({ projectId: f.projectId, shotId: f.shotIds.a, objects: [objectFor(FOX_PROMPT, 'oak', { color: '#00AA00', path: null })] }),
    events: EDIT,
    check: (v) => {
      const objects = scene(v, 0).shots[0]!.objects;
      expect(objects.map(({ id: _, ...o }) => o)).toEqual([objectFor(FOX_PROMPT, 'oak', { color: '#00AA00', path: null })]);
    },
  },
  'shot.setBackground': {
    // characters 11–18 are "uns pas": taken on whole words, "runs past"
    input: (f) => ({ projectId: f.projectId, shotId: f.shotIds.a, span: [11, 18] }),
    events: EDIT,
    check: (v) => {
      expect(scene(v, 0).shots[0]!.background).toEqual({ phrase: 'runs past', span: [10, 19] });
      expect(scene(v, 0).shots[1]!.background).toBeNull();
      expect(v.history.undo).toBe('Mark background');
    },
  },
  'model.list': {
    input: () => ({}),
    events: [],
    check: (v) => {
      expect(v.models.map((m) => m.id)).toEqual(['directa-tiny-random']);
      expect(v).toMatchObject({ defaultId: 'directa-tiny-random', problems: [] });
    },
  },
  'prompt.check': {
    input: () => ({ prompt: FOX_PROMPT }),
    events: [],
    check: async (v, _f, app) => {
      // the default model, the tiny package: a word tokenizer of 24 tokens that knows no fox, past or oak
      expect(v).toEqual({
        modelId: 'directa-tiny-random', modelName: 'Directa tiny (random weights)', tokens: 8, limit: 22,
        unknownWords: ['fox', 'past', 'oak'].map((word) => ({ word, span: [FOX_PROMPT.indexOf(word), FOX_PROMPT.indexOf(word) + word.length] })),
        regions: null,
      });
      // with the shot's actors: their regions against the model's 4 (a marked background takes one more)
      const regions = await app.ok<typeof v>('prompt.check', { prompt: FOX_PROMPT, regions: { actors: 4, background: true } });
      expect(regions.regions).toMatchObject({ actors: 4, background: true, used: 5, limit: 4, problem: expect.stringMatching(/clear the background/) });
      const long = await app.ok<typeof v>('prompt.check', { modelId: 'directa-tiny-random', prompt: 'a red car '.repeat(8) });
      expect(long).toMatchObject({ tokens: 24, limit: 22, unknownWords: [] });
    },
  },
  'job.enqueue': {
    input: (f) => ({ projectId: f.projectId, shotId: f.shotIds.a }),
    events: ['job.changed'],
    check: async (v, f, app) => {
      expect(v).toMatchObject({ reused: false, take: null, job: { shotId: f.shotIds.a, status: 'queued' } });
      // the same spec again is not queued twice
      const again = await app.ok<typeof v>('job.enqueue', { projectId: f.projectId, shotId: f.shotIds.a });
      expect(again).toMatchObject({ reused: true, job: { id: v.job!.id } });
    },
  },
  'job.list': {
    input: (f) => ({ projectId: f.projectId }),
    events: [],
    check: (v, f) => expect(v.map((j) => [j.id, j.status])).toEqual([[f.jobId, 'queued']]),
  },
  'job.cancel': {
    input: (f) => ({ projectId: f.projectId, jobId: f.jobId }),
    events: ['job.changed'],
    check: (v) => expect(v.status).toBe('cancelled'),
  },
  'job.move': {
    input: (f) => ({ projectId: f.projectId, jobId: f.jobId, index: 0 }),
    events: [],
    check: (v, f) => expect(v.map((j) => j.id)).toEqual([f.jobId]),
  },
  'take.list': {
    input: (f) => ({ projectId: f.projectId, shotId: f.shotIds.b }),
    events: [],
    check: (v, f) => {
      expect(v.map((t) => t.id)).toEqual([f.takeId]);
      expect(v[0]).toMatchObject({ videoUrl: `/media/${f.projectId}/takes/t1/clip.mp4`, posterUrl: `/media/${f.projectId}/takes/t1/poster.jpg` });
      expect(v[0]!.requested).toBeNull(); // the fixture's take has no readable spec
    },
  },
  'take.active': {
    setup: async (f, app) => {
      await app.ok('take.setActive', { projectId: f.projectId, shotId: f.shotIds.b, takeId: f.takeId });
      app.events.length = 0;
    },
    input: (f) => ({ projectId: f.projectId, shotIds: [f.shotIds.c, f.shotIds.b, f.shotIds.a] }),
    events: [],
    check: (v, f) => {
      expect(v.map((x) => [x.shotId, x.take?.id ?? null])).toEqual([[f.shotIds.c, null], [f.shotIds.b, f.takeId], [f.shotIds.a, null]]);
      expect(v[1]!.take!.videoUrl).toBe(`/media/${f.projectId}/takes/t1/clip.mp4`);
    },
  },
  'take.setActive': {
    input: (f) => ({ projectId: f.projectId, shotId: f.shotIds.b, takeId: f.takeId }),
    events: EDIT,
    check: (v, f) => {
      expect(scene(v, 0).shots.find((s) => s.id === f.shotIds.b)!.activeTakeId).toBe(f.takeId);
      expect(scene(v, 0).shots.find((s) => s.id === f.shotIds.a)!.activeTakeId).toBeNull();
      expect(v.history.undo).toBe('Pick take'); // one undo step (the store's tests undo it)
    },
  },
  'shot.spec': {
    input: (f) => ({ projectId: f.projectId, shotId: f.shotIds.a }),
    events: [],
    check: async (v, f, app) => {
      expect(v.hash).toBe(hashSpec(v.spec));
      expect(v.spec).toMatchObject({ prompt: FOX_PROMPT, camera: { cx: 0.25, cy: 0, cz: 1.2 }, durationFrames: 72, fps: { num: 24000, den: 1001 } });
      expect(v.spec.objects.map((o) => o.phrase)).toEqual(['fox', 'oak']);
      const again = await app.ok<{ hash: string }>('shot.spec', { projectId: f.projectId, shotId: f.shotIds.a });
      expect(again.hash).toBe(v.hash);
    },
  },
};

const UPDATE = {
  name: 'Wide',
  durationFrames: 48,
  prompt: `at night, ${FOX_PROMPT}`,
  negativePrompt: 'blurry',
  camera: { cx: -1, cy: 1, cz: 2 },
  seed: 4294967295,
  sampler: { scheduler: 'dpmpp-2m' as const, steps: 30, guidance: 7.5 },
  modelId: 'zeroscope-dav@1',
  notes: 'handheld',
  dialogue: 'FOX: ...',
};

/** A valid input for `name` (the table, looked up by a runtime name). */
export function validInput(name: CallName, f: Fixture): Record<string, unknown> {
  return (validCases[name] as ValidCase<CallName>).input(f) as Record<string, unknown>;
}
