/**
 * export.start's refusals carry the export's own cause as `reason`, beside the RPC code:
 * an existing file and a read-only place are both CONFLICT, but only the first may be
 * answered with "Replace" (the export dialog offers it on EXISTS), and a missing take is
 * MISSING_MEDIA, not an unknown scene.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RpcError } from '../../electron/ipc/schemas';
import { makeApp, type TestApp } from '../helpers/app';
import { seedProject, type Fixture } from '../helpers/fixture';

let app: TestApp;
let f: Fixture;
let out: string;

beforeAll(async () => {
  app = makeApp();
  f = await seedProject(app);
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'directa-reason-'));
});
afterAll(async () => {
  await app.close();
  fs.rmSync(out, { recursive: true, force: true });
});

const start = (outPath: string, sceneIndex = 1, overwrite?: boolean) => app.call('export.start', {
  projectId: f.projectId, scope: { kind: 'scene', sceneId: f.sceneIds[sceneIndex]! }, format: 'csv', outPath,
  ...(overwrite === undefined ? {} : { options: { overwrite } }),
});

describe('export.start refusals', () => {
  it('says EXISTS for an existing file, and the same call with overwrite replaces it', async () => {
    const file = path.join(out, 'cut.csv');
    fs.writeFileSync(file, 'mine');
    const refused = await start(file);
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', reason: 'EXISTS' } });
    expect(RpcError.safeParse(!refused.ok && refused.error).success).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe('mine');
    const replaced = await start(file, 1, true);
    expect(replaced.ok).toBe(true);
    await app.services.exports.settled((replaced as { value: { id: string } }).value.id);
    expect(fs.readFileSync(file, 'utf8')).toContain('Chase');
  });

  it('says UNWRITABLE for a place that cannot be written', async () => {
    expect(await start('/sys/kernel/directa-cut.csv')).toMatchObject({ ok: false, error: { code: 'CONFLICT', reason: 'UNWRITABLE' } });
  });

  it('says MISSING_MEDIA, naming the shot, for a take whose file is gone', async () => {
    const result = await start(path.join(out, 'opening.csv'), 0);
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', reason: 'MISSING_MEDIA', message: expect.stringContaining('Opening / B') } });
  });
});
