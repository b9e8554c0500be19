/**
 * The sequence MP4 through the real ffmpeg, read back with the real ffprobe: a three-shot
 * scene whose takes differ in size, length and rate, with a project sound track.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planFromStore } from '../../electron/export/plan';
import { exportSequence } from '../../electron/export/sequence';
import { planSound } from '../../electron/export/sound-plan';
import { addTake, centreDiff, ffprobe, frameAt, sineWav } from '../helpers/export-project';
import { projectStoreFixture } from '../helpers/store';

const W = 320;
const H = 180;
const FPS = { num: 24000, den: 1001 };
const ctx = projectStoreFixture({ name: 'Film', fps: FPS, width: W, height: H });

/** What a sampled frame may differ from its take's (mean absolute difference over the centre, 0–255): takes differ from one another by far more. */
const SAME_PICTURE = 12;

describe('sequence MP4', () => {
  it('conforms takes of other sizes, lengths and rates to their shots, mixes the sound, and matches each shot to its take', async () => {
    const scene = ctx.store.createScene('Chase');
    const shots = ['Long', 'Short', 'Exact'].map((name) => ctx.store.createShot(scene, name));
    const durations = [36, 30, 24];
    shots.forEach((id, i) => ctx.store.updateShot(id, { durationFrames: durations[i]! }));
    const takes = [
      // 2 s at 30 fps into 1.5 s: sped up
      await addTake(ctx.store, shots[0]!, { width: 256, height: 144, fps: { num: 30, den: 1 }, frames: 60, tint: [1.6, 0.5, 0.4] }, 'a'),
      // 0.83 s at 12 fps, 4:3, into 1.25 s: slowed 1.5×, motion-interpolated
      await addTake(ctx.store, shots[1]!, { width: 160, height: 120, fps: { num: 12, den: 1 }, frames: 10, tint: [0.4, 1.6, 0.5] }, 'b'),
      // already the shot: 24 frames at 24000/1001, the project's size
      await addTake(ctx.store, shots[2]!, { width: W, height: H, fps: FPS, frames: 24, tint: [0.5, 0.6, 1.7] }, 'c'),
    ];
    const wav = path.join(ctx.store.path, 'media', 'audio', 'score.wav');
    await sineWav(wav, 10);
    ctx.store.audio.set({ kind: 'project' }, { file: 'audio/score.wav', name: 'score.wav', offsetFrames: 0, gainDb: 0, durationSeconds: 10 });

    const plan = planFromStore(ctx.store, { kind: 'scene', sceneId: scene });
    const sound = planSound(ctx.store.snapshot(), plan);
    expect(sound).toHaveLength(1);
    const out = path.join(ctx.dir, 'out folder é', 'Chase — cut.mp4');
    const fractions: number[] = [];
    const result = await exportSequence(plan, { outPath: out, sound, onProgress: (p) => fractions.push(p.fraction) });
    expect(result).toMatchObject({ file: out, durationFrames: 90, streamCopied: false, shots: ['stretch', 'interpolate', 'exact'], sounds: 1 });
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]!)).toBe(true);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['Chase — cut.mp4']);

    const probe = await ffprobe(out, ['-count_frames']);
    const video = probe.streams.find((s) => s.codec_type === 'video')!;
    const audio = probe.streams.find((s) => s.codec_type === 'audio');
    expect(video).toMatchObject({ codec_name: 'h264', pix_fmt: 'yuv420p', width: W, height: H, r_frame_rate: '24000/1001', nb_read_frames: '90' });
    expect(audio).toMatchObject({ codec_name: 'aac', sample_rate: '48000', channels: 2 });
    const frame = 1001 / 24000;
    const expected = 90 * frame;
    expect(Math.abs(Number(video.duration) - expected)).toBeLessThan(frame / 2);
    expect(Math.abs(Number(audio!.duration) - expected)).toBeLessThan(frame / 2);
    expect(Math.abs(Number(probe.format.duration) - expected)).toBeLessThan(frame / 2);

    // A frame inside each shot looks like its own take, not the others.
    const starts = [0, 36, 66];
    const takeFrames = await Promise.all(takes.map((t) => frameAt(t, 0, W, H)));
    for (let i = 0; i < 3; i++) {
      const sampled = await frameAt(out, starts[i]! + Math.floor(durations[i]! / 2), W, H);
      const diffs = takeFrames.map((t) => centreDiff(sampled, t, W, H));
      expect(diffs[i], `shot ${i + 1} against its take (all: ${diffs.map((d) => d.toFixed(1)).join(', ')})`).toBeLessThan(SAME_PICTURE);
      diffs.forEach((d, j) => {
        if (j !== i) expect(d).toBeGreaterThan(4 * SAME_PICTURE);
      });
    }
  });
});
