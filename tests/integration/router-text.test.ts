/**
 * Text that is not well-formed UTF-16 (a lone surrogate) is refused by every user string
 * of the contract, and nothing is written; and a library given such a name directly still
 * answers the truth: created once, renamed once, never a failure after a write
 * (issue 11, item 7).
 */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProjectState } from '../../electron/ipc/schemas';
import { Library, safeFolderName } from '../../electron/store/library';
import { makeApp, type TestApp } from '../helpers/app';
import { dumpLibrary } from '../helpers/db-dump';
import { FOX_PROMPT, objectFor, seedProject, type Fixture } from '../helpers/fixture';
import { tempDir } from '../helpers/tmp';

const LONE = ['\ud800', 'a\udfffb', 'end\udbff', '\udc00start'];

let app: TestApp;
let f: Fixture;
beforeEach(async () => {
  app = makeApp();
  f = await seedProject(app);
});
afterEach(() => app.close());

/** Every call and field that takes a user's text, with that text set to `text`. */
function textInputs(text: string): [string, string, Record<string, unknown>][] {
  const { projectId, sceneIds: [sceneId], shotIds: { a: shotId } } = f;
  const object = { ...objectFor(FOX_PROMPT, 'fox'), phrase: text };
  return [
    ['project.create', 'name', { name: text }],
    ['project.rename', 'name', { projectId, name: text }],
    ['scene.create', 'name', { projectId, name: text }],
    ['scene.update', 'patch.name', { projectId, sceneId, patch: { name: text } }],
    ['scene.update', 'patch.notes', { projectId, sceneId, patch: { notes: text } }],
    ['shot.create', 'name', { projectId, sceneId, name: text }],
    ...(['name', 'prompt', 'negativePrompt', 'notes', 'dialogue', 'modelId'] as const).map(
      (field): [string, string, Record<string, unknown>] => ['shot.update', `patch.${field}`, { projectId, shotId, patch: { [field]: text } }]),
    ['shot.setObjects', 'objects.0.phrase', { projectId, shotId, objects: [object] }],
  ];
}

describe('the router, given text with a lone surrogate', () => {
  it.each(LONE.map((t) => [JSON.stringify(t), t]))('answers INVALID_INPUT for %s in every user string and writes nothing', async (_, text) => {
    const before = dumpLibrary(app.dir);
    for (const [name, field, input] of textInputs(text)) {
      const result = await app.call(name as never, input as never);
      expect(result, `${name} ${field}`).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [expect.objectContaining({ path: field })] } });
    }
    expect(dumpLibrary(app.dir)).toEqual(before);
    expect(app.events).toEqual([]);
    expect(app.logs).toEqual([]);
  });

  it('still takes a surrogate pair (an emoji) and gives it back unchanged', async () => {
    const created = await app.ok<ProjectState>('project.create', { name: 'Clap 🎬' });
    expect(created.project.name).toBe('Clap 🎬');
    const renamed = await app.ok<ProjectState>('project.rename', { projectId: created.project.id, name: '🎥 Take' });
    expect(renamed.project.name).toBe('🎥 Take');
    expect(renamed.project.path).toMatch(/🎥 Take\.directa$/);
  });
});

describe('the library, given a name with a lone surrogate directly', () => {
  let library: Library;
  let cleanup = (): void => {};
  beforeEach(() => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    library = new Library(tmp.dir);
  });
  afterEach(() => {
    library.close();
    cleanup();
  });

  it('creates the project once, in a folder whose name file systems and SQLite agree on', () => {
    const store = library.create({ name: 'A\ud800' });
    expect(library.list().map((p) => p.id)).toEqual([store.info().id]);
    expect(fs.readdirSync(library.dir).filter((n) => !n.startsWith('.'))).toEqual(['A_.directa']);
  });

  it('renames the project and its folder, and answers with the stored state', () => {
    const id = library.create({ name: 'Film' }).info().id;
    const renamed = library.rename(id, 'B\udc00');
    expect(renamed.snapshot().project.id).toBe(id);
    expect(renamed.path).toMatch(/B_\.directa$/);
    expect(library.list()).toHaveLength(1);
  });
});

describe('folder names', () => {
  it('never end in half of a surrogate pair when cut to length', () => {
    const name = safeFolderName(`${'a'.repeat(79)}🎬🎬`);
    expect(name).toBe(`${'a'.repeat(79)}🎬`);
    expect(safeFolderName('\udfff')).toBe('_');
  });
});
