/**
 * Router cases of the export and sound calls (issue 13): one valid call each with what it
 * must do (spread into router-cases.ts), and the bad inputs particular to each (spread
 * into router-invalid.test.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { EventName } from '../../electron/ipc/contract';
import type { ErrorCode } from '../../electron/ipc/schemas';
import type { TestApp } from './app';
import { sineWav } from './export-project';
import type { Fixture } from './fixture';
import type { ValidCase } from './router-cases';

type ExportCall = 'export.start' | 'export.cancel' | 'export.list' | 'project.setConform' | 'audio.set' | 'audio.update' | 'audio.remove';

/** Files outside the library, one set per fixture (router suites run in parallel). */
const outFile = (f: Fixture, ext: string) => path.join(os.tmpdir(), `directa-router-${f.projectId}${ext}`);
const soundFile = (f: Fixture) => outFile(f, '-sound.wav');

/** Ids a setup makes for the call's input; valid uuids before that, so shapes hold. */
const made = { exportJobId: '00000000-0000-4000-8000-0000000000e1', audioId: '00000000-0000-4000-8000-0000000000a1' };

async function finishedExport(f: Fixture, app: TestApp): Promise<string> {
  fs.rmSync(outFile(f, '.csv'), { force: true });
  const job = await app.ok<{ id: string }>('export.start', { projectId: f.projectId, scope: { kind: 'scene', sceneId: f.sceneIds[1] }, format: 'csv', outPath: outFile(f, '.csv') });
  await app.services.exports.settled(job.id);
  fs.rmSync(outFile(f, '.csv'), { force: true });
  app.events.length = 0;
  return job.id;
}

async function projectSound(f: Fixture, app: TestApp): Promise<string> {
  await sineWav(soundFile(f), 2);
  const state = await app.ok<{ audio: { id: string }[] }>('audio.set', { projectId: f.projectId, owner: { kind: 'project' }, path: soundFile(f) });
  app.events.length = 0;
  return state.audio[0]!.id;
}

const EDIT: EventName[] = ['project.changed'];

export const exportCases: { [K in ExportCall]: ValidCase<K> } = {
  'export.start': {
    setup: (f) => fs.rmSync(outFile(f, '.csv'), { force: true }),
    input: (f) => ({ projectId: f.projectId, scope: { kind: 'scene', sceneId: f.sceneIds[1] }, format: 'csv', outPath: outFile(f, '.csv') }),
    events: ['export.changed'],
    check: async (v, f, app) => {
      expect(v).toMatchObject({ projectId: f.projectId, format: 'csv', status: 'running', outPath: outFile(f, '.csv'), error: null });
      const done = await app.services.exports.settled(v.id);
      expect(done).toMatchObject({ status: 'done', progress: 1 });
      expect(fs.readFileSync(outFile(f, '.csv'), 'utf8')).toContain('Chase');
      fs.rmSync(outFile(f, '.csv'));
      expect(app.events.at(-1)).toEqual({ name: 'export.changed', payload: { projectId: f.projectId, job: done } });
    },
  },
  'export.cancel': {
    setup: async (f, app) => {
      made.exportJobId = await finishedExport(f, app);
    },
    input: (f) => ({ projectId: f.projectId, jobId: made.exportJobId }),
    events: [],
    check: (v) => expect(v.status).toBe('done'), // a finished export is answered as it is (a running one: tests/integration/export-service.test.ts)
  },
  'export.list': {
    setup: async (f, app) => {
      made.exportJobId = await finishedExport(f, app);
    },
    input: (f) => ({ projectId: f.projectId }),
    events: [],
    check: (v) => expect(v.map((j) => [j.id, j.status])).toEqual([[made.exportJobId, 'done']]),
  },
  'project.setConform': {
    input: (f) => ({ projectId: f.projectId, conform: { shorter: 'loop', longer: 'trim' } }),
    events: EDIT,
    check: (v) => expect(v.project.conform).toEqual({ shorter: 'loop', longer: 'trim' }),
  },
  'audio.set': {
    setup: (f) => sineWav(soundFile(f), 2),
    input: (f) => ({ projectId: f.projectId, owner: { kind: 'scene', sceneId: f.sceneIds[0] }, path: soundFile(f), offsetFrames: -12, gainDb: -6 }),
    events: EDIT,
    check: (v, f, app) => {
      expect(v.audio).toHaveLength(1);
      const clip = v.audio[0]!;
      expect(clip).toMatchObject({ sceneId: f.sceneIds[0], shotId: null, name: path.basename(soundFile(f)), offsetFrames: -12, gainDb: -6 });
      expect(clip.durationSeconds).toBeCloseTo(2, 2);
      expect(clip.url).toBe(`/media/${f.projectId}/${clip.file}`);
      const copy = path.join(app.dir, 'Film.directa', 'media', clip.file);
      expect(fs.readFileSync(copy).equals(fs.readFileSync(soundFile(f)))).toBe(true);
      expect(v.history.undo).toBe('Set scene sound');
      fs.rmSync(soundFile(f));
    },
  },
  'audio.update': {
    setup: async (f, app) => {
      made.audioId = await projectSound(f, app);
    },
    input: (f) => ({ projectId: f.projectId, audioId: made.audioId, offsetFrames: 48 }),
    events: EDIT,
    check: (v) => {
      expect(v.audio.map((a) => [a.id, a.offsetFrames, a.gainDb])).toEqual([[made.audioId, 48, 0]]);
      expect(v.history.undo).toBe('Move sound');
    },
  },
  'audio.remove': {
    setup: async (f, app) => {
      made.audioId = await projectSound(f, app);
    },
    input: (f) => ({ projectId: f.projectId, audioId: made.audioId }),
    events: EDIT,
    check: (v, _f, app) => {
      expect(v.audio).toEqual([]);
      // undo could bring it back: the file stays
      expect(fs.readdirSync(path.join(app.dir, 'Film.directa', 'media', 'audio'))).toHaveLength(1);
    },
  },
};

type Input = Record<string, unknown>;
type Bad = [label: string, input: (f: Fixture, valid: Input) => unknown, code: ErrorCode];
const INVALID = 'INVALID_INPUT';

export const exportBad: { [K in ExportCall]: Bad[] } = {
  'export.start': [
    ['a relative path', (_, v) => ({ ...v, outPath: 'cut.csv' }), INVALID],
    ['a path that does not end in the format', (f, v) => ({ ...v, outPath: outFile(f, '.mp4') }), INVALID],
    ['an unknown format', (_, v) => ({ ...v, format: 'gif' }), INVALID],
    ['an image sequence into a file', (f, v) => {
      fs.writeFileSync(outFile(f, '-frames'), 'mine');
      return { ...v, format: 'png', outPath: outFile(f, '-frames') };
    }, 'CONFLICT'],
    ['an unknown scene', (_, v) => ({ ...v, scope: { kind: 'scene', sceneId: '00000000-0000-4000-8000-00000000dead' } }), 'NOT_FOUND'],
    ['a scope of another kind', (_, v) => ({ ...v, scope: { kind: 'everything' } }), INVALID],
    ['an existing file', (f, v) => {
      fs.writeFileSync(outFile(f, '-exists.csv'), 'mine');
      return { ...v, outPath: outFile(f, '-exists.csv') };
    }, 'CONFLICT'],
    ['a read-only place', (_, v) => ({ ...v, outPath: '/sys/kernel/directa-cut.csv' }), 'CONFLICT'],
    ['a take whose file is missing', (f, v) => ({ ...v, scope: { kind: 'scene', sceneId: f.sceneIds[0] } }), 'NOT_FOUND'],
    ['options with an extra field', (_, v) => ({ ...v, options: { overwrite: true, force: true } }), INVALID],
  ],
  'export.cancel': [],
  'export.list': [],
  'project.setConform': [
    ['shorter "trim"', (_, v) => ({ ...v, conform: { shorter: 'trim', longer: 'trim' } }), INVALID],
    ['longer "loop"', (_, v) => ({ ...v, conform: { shorter: 'loop', longer: 'loop' } }), INVALID],
    ['a policy without longer', (_, v) => ({ ...v, conform: { shorter: 'loop' } }), INVALID],
  ],
  'audio.set': [
    ['a text file', (_, v) => ({ ...v, path: '/etc/passwd' }), INVALID],
    ['a relative path', (_, v) => ({ ...v, path: 'score.wav' }), INVALID],
    ['a file that is not sound', (f, v) => {
      fs.writeFileSync(outFile(f, '-fake.wav'), 'not a sound');
      return { ...v, path: outFile(f, '-fake.wav') };
    }, INVALID],
    ['a file that does not exist', (f, v) => ({ ...v, path: outFile(f, '-none.wav') }), 'NOT_FOUND'],
    ['an unknown shot', (_, v) => ({ ...v, owner: { kind: 'shot', shotId: '00000000-0000-4000-8000-00000000dead' } }), 'NOT_FOUND'],
    ['offset 1.5 frames', (_, v) => ({ ...v, offsetFrames: 1.5 }), INVALID],
    ['gain +20 dB', (_, v) => ({ ...v, gainDb: 20 }), INVALID],
  ],
  'audio.update': [
    ['neither offset nor gain', (f) => ({ projectId: f.projectId, audioId: made.audioId }), INVALID],
    ['gain NaN', (_, v) => ({ ...v, gainDb: NaN }), INVALID],
  ],
  'audio.remove': [],
};
