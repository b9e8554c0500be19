/**
 * Thousands of fuzzed calls through the router (the one door into the main process):
 * each a valid input of a random call, mutated. Whatever comes in, the router answers a
 * typed result, never throws and never answers INTERNAL (an exception nobody expected);
 * a refused call writes nothing and emits nothing; nothing is logged; no prototype is
 * polluted. tests/integration/router-invalid.test.ts holds the hand-written bad inputs;
 * this adds volume and chance. DIRECTA_SEED=N replays a run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callNames, type CallName } from '../../electron/ipc/contract';
import { RpcError } from '../../electron/ipc/schemas';
import { makeApp, type TestApp } from '../helpers/app';
import { dumpLibrary } from '../helpers/db-dump';
import { seedProject, type Fixture } from '../helpers/fixture';
import { mutate, rng } from '../helpers/fuzz';
import { iterations, seed } from '../helpers/reliability';
import { validInput } from '../helpers/router-cases';

const SEED = seed();
const CALLS = iterations(2500, 50_000);
let app: TestApp;
let f: Fixture;

beforeAll(async () => {
  app = makeApp();
  f = await seedProject(app);
  await app.services.generation.close(); // jobs may be queued; none runs (the library must change only by calls)
});
afterAll(() => app?.close());

describe(`the router, given ${CALLS} fuzzed calls (DIRECTA_SEED=${SEED})`, () => {
  it('answers each with a typed result; a refused call changes nothing', async () => {
    const r = rng(SEED);
    const tally = new Map<string, number>();
    let before = dumpLibrary(app.dir);
    for (let i = 0; i < CALLS; i++) {
      // a fresh app now and then: valid mutations add projects, and each check reads the whole library
      if (i > 0 && i % 500 === 0) {
        await app.close();
        app = makeApp();
        f = await seedProject(app);
        await app.services.generation.close();
        before = dumpLibrary(app.dir);
      }
      const name = callNames[Math.floor(r() * callNames.length)] as CallName;
      const input = mutate(r, validInput(name, f));
      const where = `call ${i} (DIRECTA_SEED=${SEED}): ${name}`;
      app.events.length = 0;
      let result: Awaited<ReturnType<typeof app.services.router>>;
      try {
        result = await app.services.router(name, input);
      } catch (err) {
        throw new Error(`${where} threw: ${String(err)}`, { cause: err });
      }
      const outcome = result.ok ? 'ok' : result.error.code;
      tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
      expect(app.logs, where).toEqual([]);
      expect(({} as Record<string, unknown>)['polluted'], where).toBeUndefined();
      if (!result.ok) {
        expect(result.error.code, `${where}: ${result.error.message}`).not.toBe('INTERNAL');
        expect(RpcError.safeParse(result.error).success, where).toBe(true);
        expect(result.error.message.length, where).toBeLessThan(1000);
        expect(app.events, where).toEqual([]);
        expect(dumpLibrary(app.dir), where).toEqual(before);
        continue;
      }
      // a mutation that is still valid did what it says; the next calls start from there
      before = dumpLibrary(app.dir);
      if (!(await app.call('project.get', { projectId: f.projectId })).ok) {
        f = await seedProject(app, `Film ${i}`); // a call deleted or damaged the fixture's project
        before = dumpLibrary(app.dir);
      }
    }
    console.log(`router fuzz, seed ${SEED}:`, Object.fromEntries([...tally].sort()));
    expect(tally.get('INVALID_INPUT') ?? 0).toBeGreaterThan(CALLS / 2);
  });
});

describe('the router, given keys and paths made of long strings (found by the fuzzer)', () => {
  it.each([
    ['an unknown 5000-character key', (f: Fixture) => ({ projectId: f.projectId, ['p'.repeat(5000)]: 1 })],
    ['twenty unknown 5000-character keys', (f: Fixture) => ({ projectId: f.projectId, ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`${i}${'k'.repeat(5000)}`, 1])) })],
    ['a 5000-character key deep in a patch', (f: Fixture) => ({ projectId: f.projectId, sceneId: f.sceneIds[0], patch: { ['n'.repeat(5000)]: 'x' } })],
  ])('%s: a short typed answer', async (_, input) => {
    const result = await app.services.router(_.includes('patch') ? 'scene.update' : 'project.redo', input(f));
    if (result.ok) expect.fail('accepted');
    expect(result.error.code).toBe('INVALID_INPUT');
    expect(JSON.stringify(result.error).length).toBeLessThan(10_000);
    expect(result.error.message.length).toBeLessThan(1000);
  });
});
