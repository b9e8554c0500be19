import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callNames, calls, type CallName } from '../../electron/ipc/contract';
import { LIMITS, RpcError, type ErrorCode } from '../../electron/ipc/schemas';
import { makeApp, type TestApp } from '../helpers/app';
import { dumpLibrary } from '../helpers/db-dump';
import { FOX_PROMPT, objectFor, seedProject, type Fixture } from '../helpers/fixture';
import { validInput } from '../helpers/router-cases';
import { exportBad } from '../helpers/router-cases-export';

type Input = Record<string, unknown>;
type Bad = [label: string, input: (f: Fixture, valid: Input) => unknown, code: ErrorCode];

const MB = 'x'.repeat(1024 * 1024);
/** A fixture whose ids are only there to give valid inputs their shape. */
const SHAPE_ONLY: Fixture = { projectId: randomUUID(), sceneIds: [randomUUID(), randomUUID()], shotIds: { a: randomUUID(), b: randomUUID(), c: randomUUID() }, jobId: randomUUID(), takeId: randomUUID() };
const INVALID = 'INVALID_INPUT';

/** Bad inputs that follow from the shape of a valid one, for every call. */
function genericBad(name: CallName, valid: Input): Bad[] {
  const shape = (calls[name].input as unknown as { shape: Record<string, { safeParse(v: unknown): { success: boolean } }> }).shape;
  const out: Bad[] = [
    ['null', () => null, INVALID], ['undefined', () => undefined, INVALID], ['an array', () => [], INVALID],
    ['an array of the valid input', (_, v) => [v], INVALID], ['a string', () => 'input', INVALID],
    ['a number', () => 42, INVALID], ['an extra field', (_, v) => ({ ...v, extra: 1 }), INVALID],
    ['an own __proto__ field', (_, v) => JSON.parse(JSON.stringify({ ...v, ['__' + 'proto__']: null }).replace('"__proto__":null', '"__proto__":{"polluted":true}')), INVALID],
  ];
  for (const key of Object.keys(valid)) {
    if (!shape[key]!.safeParse(undefined).success) out.push([`${key} missing`, (_, v) => omit(v, key), INVALID]);
    if (!shape[key]!.safeParse(null).success) out.push([`${key} null`, (_, v) => ({ ...v, [key]: null }), INVALID]);
    out.push([`${key} a 1 MB string`, (_, v) => ({ ...v, [key]: MB }), INVALID]);
    if (key.endsWith('Id')) {
      out.push([`${key} unknown`, (_, v) => ({ ...v, [key]: randomUUID() }), 'NOT_FOUND']);
      out.push([`${key} malformed`, (_, v) => ({ ...v, [key]: 'not-a-uuid' }), INVALID]);
      out.push([`${key} a uuid with junk after it`, (_, v) => ({ ...v, [key]: `${String(v[key])}' OR 1=1 --` }), INVALID]);
      out.push([`${key} a number`, (_, v) => ({ ...v, [key]: 1 }), INVALID]);
    }
  }
  return out;
}

const omit = (v: Input, key: string): Input => Object.fromEntries(Object.entries(v).filter(([k]) => k !== key));
const patch = (p: unknown) => (_: Fixture, v: Input) => ({ ...v, patch: p });
const camera = (c: unknown) => patch({ camera: c });
const objects = (o: unknown[]) => (_: Fixture, v: Input) => ({ ...v, objects: o });
const fox = objectFor(FOX_PROMPT, 'fox');
const withBox = (box: unknown) => ({ ...fox, keyframes: [{ frame: 0, box }] });
const indexBad = (key = 'index'): Bad[] => [
  [`${key} -1`, (_, v) => ({ ...v, [key]: -1 }), INVALID], [`${key} 1.5`, (_, v) => ({ ...v, [key]: 1.5 }), INVALID],
  [`${key} NaN`, (_, v) => ({ ...v, [key]: NaN }), INVALID], [`${key} Infinity`, (_, v) => ({ ...v, [key]: Infinity }), INVALID],
  [`${key} "1"`, (_, v) => ({ ...v, [key]: '1' }), INVALID],
];

/** Bad inputs particular to each call. */
const specificBad: { [K in CallName]: Bad[] } = {
  ...exportBad,
  'app.info': [],
  'project.list': [],
  'project.create': [
    ['empty name', () => ({ name: '' }), INVALID], ['blank name', () => ({ name: ' \t ' }), INVALID],
    ['name too long', () => ({ name: 'n'.repeat(LIMITS.nameChars + 1) }), INVALID], ['name a number', () => ({ name: 42 }), INVALID],
    ['fps 0/1', () => ({ name: 'x', fps: { num: 0, den: 1 } }), INVALID], ['fps 1000/1', () => ({ name: 'x', fps: { num: 1000, den: 1 } }), INVALID],
    ['fps fractional', () => ({ name: 'x', fps: { num: 23.976, den: 1 } }), INVALID],
    ['fps extra field', () => ({ name: 'x', fps: { num: 24, den: 1, drop: true } }), INVALID],
    ['width 10', () => ({ name: 'x', width: 10 }), INVALID], ['height 1.5', () => ({ name: 'x', height: 720.5 }), INVALID],
    ['width Infinity', () => ({ name: 'x', width: Infinity }), INVALID],
  ],
  'project.get': [],
  'project.rename': [['empty name', (_, v) => ({ ...v, name: '' }), INVALID], ['name an object', (_, v) => ({ ...v, name: {} }), INVALID]],
  'project.delete': [],
  'project.damaged': [],
  'project.restoreBackup': [
    ['a path up', () => ({ folder: '../Film.directa' }), INVALID], ['an absolute path', () => ({ folder: '/etc/x.directa' }), INVALID],
    ['a path down', () => ({ folder: 'Film.directa/media' }), INVALID], ['not a project folder', () => ({ folder: '.trash' }), INVALID],
    ['a lone surrogate', () => ({ folder: '\ud800.directa' }), INVALID],
    ['a project that is not damaged', () => ({ folder: 'Film.directa' }), 'NOT_FOUND'],
    ['no such folder', () => ({ folder: 'Nope.directa' }), 'NOT_FOUND'],
  ],
  'model.list': [],
  'prompt.check': [
    ['prompt one over the limit', () => ({ prompt: 'p'.repeat(LIMITS.promptChars + 1) }), INVALID],
    ['prompt a lone surrogate', () => ({ prompt: 'a \ud800 fox' }), INVALID], ['prompt a number', () => ({ prompt: 3 }), INVALID],
    ['modelId 1 MB', (_, v) => ({ ...v, modelId: MB }), INVALID], ['modelId a number', (_, v) => ({ ...v, modelId: 1 }), INVALID],
    ['a model that is not installed', (_, v) => ({ ...v, modelId: 'no-such-model' }), 'CONFLICT'],
    ['regions with actors below 0', (_, v) => ({ ...v, regions: { actors: -1, background: false } }), INVALID],
    ['regions with more actors than a shot may have', (_, v) => ({ ...v, regions: { actors: LIMITS.maxObjects + 1, background: false } }), INVALID],
    ['regions with a fractional actor count', (_, v) => ({ ...v, regions: { actors: 1.5, background: false } }), INVALID],
    ['regions without background', (_, v) => ({ ...v, regions: { actors: 1 } }), INVALID],
    ['regions with an unknown key', (_, v) => ({ ...v, regions: { actors: 1, background: true, extra: 1 } }), INVALID],
  ],
  'job.enqueue': [],
  'job.list': [],
  'job.cancel': [],
  'job.move': indexBad(),
  'take.list': [],
  'take.active': [
    ['an unknown shot among known ones', (f, v) => ({ ...v, shotIds: [f.shotIds.a, randomUUID()] }), 'NOT_FOUND'],
    ['a malformed shot id', (f) => ({ projectId: f.projectId, shotIds: ['not-a-uuid'] }), INVALID],
    ['a shot twice', (f) => ({ projectId: f.projectId, shotIds: [f.shotIds.a, f.shotIds.a] }), INVALID],
    ['too many shots', (f) => ({ projectId: f.projectId, shotIds: Array.from({ length: LIMITS.maxShotsPerCopy + 1 }, () => randomUUID()) }), INVALID],
    ['shotIds not an array', (f) => ({ projectId: f.projectId, shotIds: f.shotIds.a }), INVALID],
  ],
  'take.setActive': [
    ['a take of another shot', (f, v) => ({ ...v, shotId: f.shotIds.a }), INVALID],
    ['a job id for a take', (f, v) => ({ ...v, takeId: f.jobId }), 'NOT_FOUND'],
  ],
  'project.undo': [],
  'project.redo': [],
  'scene.create': [...indexBad(), ['empty name', (_, v) => ({ ...v, name: '' }), INVALID]],
  'scene.update': [
    ['empty patch', patch({}), INVALID], ['patch of only undefined', patch({ name: undefined }), INVALID],
    ['patch name a number', patch({ name: 1 }), INVALID], ['patch notes 1 MB', patch({ notes: MB }), INVALID],
    ['patch unknown field', patch({ colour: 'red' }), INVALID], ['patch an array', patch([]), INVALID],
  ],
  'scene.duplicate': [],
  'scene.delete': [],
  'scene.move': indexBad(),
  'shot.create': [...indexBad(), ['name too long', (_, v) => ({ ...v, name: 'n'.repeat(201) }), INVALID]],
  'shot.update': [
    ['cx 1.5', camera({ cx: 1.5, cy: 0, cz: 1 }), INVALID], ['cy -1.01', camera({ cx: 0, cy: -1.01, cz: 1 }), INVALID],
    ['cz 0.2', camera({ cx: 0, cy: 0, cz: 0.2 }), INVALID], ['cz 2.5', camera({ cx: 0, cy: 0, cz: 2.5 }), INVALID],
    ['cx NaN', camera({ cx: NaN, cy: 0, cz: 1 }), INVALID], ['cy Infinity', camera({ cx: 0, cy: Infinity, cz: 1 }), INVALID],
    ['cz -Infinity', camera({ cx: 0, cy: 0, cz: -Infinity }), INVALID], ['cx a string', camera({ cx: '0', cy: 0, cz: 1 }), INVALID],
    ['camera without cz', camera({ cx: 0, cy: 0 }), INVALID], ['camera extra field', camera({ cx: 0, cy: 0, cz: 1, roll: 0 }), INVALID],
    ['prompt 1 MB', patch({ prompt: MB }), INVALID], ['prompt one over the limit', patch({ prompt: 'p'.repeat(LIMITS.promptChars + 1) }), INVALID],
    ['durationFrames 0', patch({ durationFrames: 0 }), INVALID], ['durationFrames 1.5', patch({ durationFrames: 1.5 }), INVALID],
    ['seed -1', patch({ seed: -1 }), INVALID], ['seed 2^32', patch({ seed: 2 ** 32 }), INVALID],
    ['scheduler unknown', patch({ sampler: { scheduler: 'euler', steps: null, guidance: null } }), INVALID],
    ['steps 0', patch({ sampler: { scheduler: 'ddim', steps: 0, guidance: null } }), INVALID],
    ['guidance NaN', patch({ sampler: { scheduler: 'ddim', steps: null, guidance: NaN } }), INVALID],
    ['modelId 1 MB', patch({ modelId: MB }), INVALID], ['notes a number', patch({ notes: 3 }), INVALID],
    ['empty patch', patch({}), INVALID], ['patch of only undefined', patch({ prompt: undefined }), INVALID],
    ['patch with objects', patch({ objects: [] }), INVALID], ['patch with id', patch({ id: randomUUID() }), INVALID],
  ],
  'shot.duplicate': [],
  'shot.delete': [],
  'shot.deleteMany': [
    ['no shots', (_, v) => ({ ...v, shotIds: [] }), INVALID], ['a shot twice', (f, v) => ({ ...v, shotIds: [f.shotIds.a, f.shotIds.a] }), INVALID],
    ['a malformed shot id', (f, v) => ({ ...v, shotIds: [f.shotIds.a, 'not-a-uuid'] }), INVALID], ['shotIds a string', (f, v) => ({ ...v, shotIds: f.shotIds.a }), INVALID],
    ['too many shots', (_, v) => ({ ...v, shotIds: Array.from({ length: LIMITS.maxShotsPerCopy + 1 }, () => randomUUID()) }), INVALID],
    ['known shots and an unknown one', (f, v) => ({ ...v, shotIds: [f.shotIds.a, f.shotIds.c, randomUUID()] }), 'NOT_FOUND'],
  ],
  'shot.move': indexBad(),
  'shot.copyTo': [
    ...indexBad(),
    ['no shots', (_, v) => ({ ...v, shotIds: [] }), INVALID], ['a shot twice', (f, v) => ({ ...v, shotIds: [f.shotIds.a, f.shotIds.a] }), INVALID],
    ['a malformed shot id', (_, v) => ({ ...v, shotIds: ['not-a-uuid'] }), INVALID], ['shotIds a string', (f, v) => ({ ...v, shotIds: f.shotIds.a }), INVALID],
    ['too many shots', (_, v) => ({ ...v, shotIds: Array.from({ length: LIMITS.maxShotsPerCopy + 1 }, () => randomUUID()) }), INVALID],
    ['a known shot and an unknown one', (f, v) => ({ ...v, shotIds: [f.shotIds.a, randomUUID()] }), 'NOT_FOUND'],
  ],
  'shot.setObjects': [
    ['box x2 > 1', objects([withBox([0.5, 0.1, 1.5, 0.6])]), INVALID], ['box x1 < 0', objects([withBox([-0.1, 0.1, 0.5, 0.6])]), INVALID],
    ['box x2 < x1', objects([withBox([0.6, 0.1, 0.5, 0.6])]), INVALID], ['box empty (y2 = y1)', objects([withBox([0.1, 0.4, 0.5, 0.4])]), INVALID],
    ['box NaN', objects([withBox([NaN, 0.1, 0.5, 0.6])]), INVALID], ['box of 3 numbers', objects([withBox([0.1, 0.1, 0.5])]), INVALID],
    ['no keyframes', objects([{ ...fox, keyframes: [] }]), INVALID],
    ['keyframes out of order', objects([{ ...fox, keyframes: [{ frame: 5, box: [0, 0, 1, 1] }, { frame: 5, box: [0, 0, 1, 1] }] }]), INVALID],
    ['keyframe past the shot', objects([{ ...fox, keyframes: [{ frame: 72, box: [0, 0, 1, 1] }] }]), INVALID],
    ['keyframe extra field', objects([{ ...fox, keyframes: [{ frame: 0, box: [0, 0, 1, 1], ease: 'in' }] }]), INVALID],
    ['span not on the phrase', objects([{ ...fox, span: [7, 10] }]), INVALID],
    ['phrase not in the prompt', objects([{ ...fox, phrase: 'wolf', span: [6, 10] }]), INVALID],
    ['span past the prompt', objects([{ ...fox, phrase: 'oak!', span: [27, 31] }]), INVALID],
    ['span end before start', objects([{ ...fox, span: [9, 6] }]), INVALID],
    ['a good object then a bad one', objects([objectFor(FOX_PROMPT, 'oak'), { ...fox, span: [0, 3] }]), INVALID],
    ['colour a name', objects([{ ...fox, color: 'red' }]), INVALID], ['path of one point', objects([{ ...fox, path: [[0.5, 0.5]] }]), INVALID],
    ['path point outside', objects([{ ...fox, path: [[0.5, 0.5], [1.2, 0.5]] }]), INVALID],
    ['phrase 1 MB', objects([{ ...fox, phrase: MB }]), INVALID], ['object extra field', objects([{ ...fox, id: randomUUID() }]), INVALID],
    ['too many objects', objects(Array.from({ length: LIMITS.maxObjects + 1 }, () => fox)), INVALID],
    ['objects not an array', (_, v) => ({ ...v, objects: { 0: fox } }), INVALID],
  ],
  'shot.setBackground': [
    ['span past the prompt', (_, v) => ({ ...v, span: [22, 40] }), INVALID],
    ['span on an actor\'s words', (_, v) => ({ ...v, span: [4, 12] }), INVALID],
    ['span of no word', (_, v) => ({ ...v, span: [1, 2] }), INVALID],
    ['span end before start', (_, v) => ({ ...v, span: [12, 10] }), INVALID], ['span empty', (_, v) => ({ ...v, span: [10, 10] }), INVALID],
    ['span negative', (_, v) => ({ ...v, span: [-1, 4] }), INVALID], ['span fractional', (_, v) => ({ ...v, span: [10.5, 19] }), INVALID],
    ['span past any prompt', (_, v) => ({ ...v, span: [0, LIMITS.promptChars + 1] }), INVALID],
    ['span of one number', (_, v) => ({ ...v, span: [10] }), INVALID], ['span an object', (_, v) => ({ ...v, span: { start: 10, end: 19 } }), INVALID],
  ],
  'shot.spec': [],
};

describe('the router, given a bad input', () => {
  it('has bad cases for every call of the contract', () => {
    expect(Object.keys(specificBad).sort()).toEqual([...callNames].sort());
  });

  describe.each(callNames)('%s', (name) => {
    let app: TestApp;
    let f: Fixture;
    beforeAll(async () => {
      app = makeApp();
      f = await seedProject(app);
    });
    afterAll(async () => {
      expect(app.logs).toEqual([]);
      await app.close();
    });

    // the labels come from the shape of a valid input; the inputs themselves from the real fixture
    const cases = [...genericBad(name, validInput(name, SHAPE_ONLY)), ...specificBad[name]];
    it('has enough bad cases', () => expect(cases.length).toBeGreaterThanOrEqual(8));

    it.each(cases)('%s: refused with the right code, nothing written, nothing emitted', async (label, input, code) => {
      const before = dumpLibrary(app.dir);
      const result = await app.services.router(name, input(f, validInput(name, f)));
      if (result.ok) expect.fail(`${label} was accepted`);
      expect(result.error.code, result.error.message).toBe(code);
      expect(RpcError.safeParse(result.error).success).toBe(true);
      expect(result.error.message.length).toBeLessThan(1000);
      expect(dumpLibrary(app.dir)).toEqual(before);
      expect(app.events).toEqual([]);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });
  });
});

describe('the router, given an unknown call name', () => {
  const names: [string, unknown][] = [
    ['nope', 'nope'], ['empty', ''], ['a prefix', 'project'], ['trailing space', 'project.create '], ['other case', 'Project.create'],
    ['__proto__', '__proto__'], ['toString', 'toString'], ['constructor', 'constructor'], ['hasOwnProperty', 'hasOwnProperty'],
    ['a channel name', 'directa:call:project.create'], ['1 MB', MB], ['null', null], ['undefined', undefined], ['a number', 42],
    ['an object', {}], ['an array', ['project.create']], ['a symbol', Symbol('project.create')], ['a bare object', Object.create(null)],
  ];
  it.each(names)('%s answers UNKNOWN_CALL and writes nothing', async (_, name) => {
    const app = makeApp();
    try {
      await seedProject(app);
      const before = dumpLibrary(app.dir);
      const result = await app.services.router(name, { name: 'Sneaky' });
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
      expect(RpcError.safeParse(!result.ok && result.error).success).toBe(true);
      expect(!result.ok && result.error.message.length).toBeLessThan(1000);
      expect(dumpLibrary(app.dir)).toEqual(before);
      expect(app.events).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
