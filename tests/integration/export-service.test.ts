/**
 * Export jobs (ExportService) over a real library: progress events, cancel of a running
 * export, failures reported on the job, the project held while it exports, and sound
 * added through addSound reaching the exported file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExportError } from '../../electron/export/errors';
import { ExportService, type ExportJob } from '../../electron/export/service';
import { addSound } from '../../electron/export/sound-files';
import { addTake, ffprobe, sineWav } from '../helpers/export-project';
import { projectStoreFixture } from '../helpers/store';

const ctx = projectStoreFixture({ name: 'Film', fps: { num: 25, den: 1 }, width: 192, height: 108 });

function service() {
  const events: ExportJob[] = [];
  const logs: string[] = [];
  return { events, logs, exports: new ExportService(ctx.library, (job) => events.push(job), (m) => logs.push(m)) };
}

describe('export jobs', () => {
  it('runs an mp4 export with the sound added to the project, sending progress and its end', async () => {
    const scene = ctx.store.createScene('One');
    const shot = ctx.store.createShot(scene, 'Wide');
    ctx.store.updateShot(shot, { durationFrames: 50 });
    await addTake(ctx.store, shot, { width: 96, height: 96, fps: { num: 25, den: 1 }, frames: 25, tint: [1, 1, 1] }, 'w');
    const wav = path.join(ctx.dir, 'dialogue take 1.wav');
    await sineWav(wav, 3);
    await addSound(ctx.store, { kind: 'shot', shotId: shot }, wav, { offsetFrames: 10, gainDb: -3 });
    const [clip] = ctx.store.snapshot().audio;
    expect(clip).toMatchObject({ shotId: shot, name: 'dialogue take 1.wav', offsetFrames: 10, gainDb: -3 });
    expect(fs.existsSync(path.join(ctx.store.path, 'media', clip!.file))).toBe(true);

    const { exports, events, logs } = service();
    const out = path.join(ctx.dir, 'One.mp4');
    const job = await exports.start({ projectId: ctx.store.info().id, scope: { kind: 'scene', sceneId: scene }, format: 'mp4', outPath: out });
    expect(job).toMatchObject({ status: 'running', progress: 0, outPath: out });
    expect(events).toHaveLength(1); // nothing has run yet
    const done = await exports.settled(job.id);
    expect(done).toMatchObject({ status: 'done', progress: 1, error: null });
    expect(events.at(-1)).toEqual(done);
    expect(exports.list(ctx.store.info().id).map((j) => j.id)).toEqual([job.id]);
    expect(logs).toEqual([]);
    const probe = await ffprobe(out);
    expect(probe.streams.map((s) => s.codec_type)).toEqual(['video', 'audio']);
    expect(Math.abs(Number(probe.format.duration) - 2)).toBeLessThan(0.02); // the shot's 50 frames at 25 fps
  });

  it('cancels a running export: the job ends cancelled and no file is left', async () => {
    const scene = ctx.store.createScene('Long');
    const shot = ctx.store.createShot(scene, 'Board');
    ctx.store.updateShot(shot, { durationFrames: 15000 }); // ten minutes at 25 fps: still running when checked, however fast the machine
    const { exports, events } = service();
    const out = path.join(ctx.dir, 'long', 'Long.mp4');
    const job = await exports.start({ projectId: ctx.store.info().id, scope: { kind: 'scene', sceneId: scene }, format: 'mp4', outPath: out });
    // wait until it really runs
    while (!events.some((e) => e.progress > 0)) await new Promise((r) => setTimeout(r, 20));
    expect(() => ctx.library.delete(ctx.store.info().id)).toThrow(/cannot be deleted while .* being exported/); // held while it exports
    expect(exports.cancel(ctx.store.info().id, job.id).status).toBe('running'); // asked; ends shortly
    const end = await exports.settled(job.id);
    expect(end).toMatchObject({ status: 'cancelled', error: null });
    expect(fs.readdirSync(path.dirname(out))).toEqual([]);
    expect(() => exports.cancel(ctx.store.info().id, '00000000-0000-4000-8000-000000000000')).toThrow(ExportError);
  });

  it('refuses before starting: unknown scene, wrong extension, an image sequence into a folder in use, an existing file', async () => {
    const scene = ctx.store.createScene('S');
    ctx.store.createShot(scene);
    const { exports, events } = service();
    const projectId = ctx.store.info().id;
    const start = (over: object) => exports.start({ projectId, scope: { kind: 'scene', sceneId: scene }, format: 'mp4', outPath: path.join(ctx.dir, 'x.mp4'), ...over });
    await expect(start({ scope: { kind: 'scene', sceneId: '00000000-0000-4000-8000-000000000000' } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(start({ outPath: path.join(ctx.dir, 'x.mov') })).rejects.toMatchObject({ code: 'INVALID', message: expect.stringContaining('.mp4') });
    fs.mkdirSync(path.join(ctx.dir, 'frames'));
    fs.writeFileSync(path.join(ctx.dir, 'frames', 'other.png'), 'x');
    await expect(start({ format: 'png', outPath: path.join(ctx.dir, 'frames') })).rejects.toMatchObject({ code: 'EXISTS' });
    fs.writeFileSync(path.join(ctx.dir, 'x.mp4'), 'mine');
    await expect(start({})).rejects.toMatchObject({ code: 'EXISTS' });
    expect(events).toEqual([]);
  });
});
