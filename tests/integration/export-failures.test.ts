/**
 * The sequence export's other paths through the real ffmpeg: boards and burn-in, stream
 * copy, and the failures (cancel, read-only target, existing file, missing media), none
 * of which may leave a file under the output's name or temporary files behind.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExportError } from '../../electron/export/errors';
import { planFromStore } from '../../electron/export/plan';
import { exportSequence } from '../../electron/export/sequence';
import { addTake, ffprobe, frameAt } from '../helpers/export-project';
import { projectStoreFixture } from '../helpers/store';

const W = 160;
const H = 90;
const FPS = { num: 24, den: 1 };
const ctx = projectStoreFixture({ name: 'Film', fps: FPS, width: W, height: H });

/** One scene of shots with these durations; the first `withTakes` get an exact take each. */
async function scene(durations: number[], withTakes: number) {
  const sceneId = ctx.store.createScene('Night');
  const shots = durations.map((d, i) => {
    const id = ctx.store.createShot(sceneId, `Shot ${i + 1}`);
    ctx.store.updateShot(id, { durationFrames: d });
    return id;
  });
  const takes: string[] = [];
  for (let i = 0; i < withTakes; i++) {
    takes.push(await addTake(ctx.store, shots[i]!, { width: W, height: H, fps: FPS, frames: durations[i]!, tint: [1, 1, 1] }, `t${i}`));
  }
  return { plan: planFromStore(ctx.store, { kind: 'scene', sceneId }), shots, takes };
}

const tempFolders = (): Set<string> => new Set(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('directa-export-')));

async function rejection(p: Promise<unknown>): Promise<ExportError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ExportError);
  return err as ExportError;
}

describe('sequence export: boards, burn-in, stream copy', () => {
  it('draws a shot without a take as its board, and burns in label, timecode and dialogue', async () => {
    const { plan, shots } = await scene([12, 24], 1);
    ctx.store.updateShot(shots[1]!, { camera: { cx: 0.4, cy: 0, cz: 1 }, dialogue: 'ZOË: who’s there?' });
    const withBoard = planFromStore(ctx.store, plan.scope);
    const out = path.join(ctx.dir, 'board.mp4');
    const result = await exportSequence(withBoard, { outPath: out, burnIn: { label: true, timecode: true, dialogue: true } });
    expect(result.shots).toEqual(['exact', 'board']);
    const probe = await ffprobe(out, ['-count_frames']);
    expect(probe.streams).toHaveLength(1); // no sound: no audio stream
    expect(probe.streams[0]).toMatchObject({ nb_read_frames: '36', width: W, height: H });
    const board = await frameAt(out, 24, W, H);
    // the board's background at the left middle (no text there), the camera arrow right of centre
    const px = (x: number, y: number) => Array.from(board.subarray((y * W + x) * 3, (y * W + x) * 3 + 3));
    for (const [c, v] of px(8, 45).entries()) expect(Math.abs(v - [48, 50, 54][c]!)).toBeLessThan(12);
    expect(Math.min(...px(Math.round(0.75 * (W - 1)), 44))).toBeGreaterThan(180);
    // burn-in: the same take without it differs at the label's corner only
    const plain = path.join(ctx.dir, 'plain.mp4');
    await exportSequence(withBoard, { outPath: plain });
    const [a, b] = [await frameAt(out, 6, W, H), await frameAt(plain, 6, W, H)];
    const region = (f: Uint8Array, x0: number, y0: number, x1: number, y1: number) => {
      let s = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) for (let c = 0; c < 3; c++) s += f[(y * W + x) * 3 + c]!;
      return s / ((x1 - x0) * (y1 - y0) * 3);
    };
    expect(Math.abs(region(a, 0, 0, 40, 15) - region(b, 0, 0, 40, 15))).toBeGreaterThan(10);
    expect(Math.abs(region(a, 60, 35, 100, 55) - region(b, 60, 35, 100, 55))).toBeLessThan(3);
  });

  it('joins takes that already are their shots without re-encoding', async () => {
    const { plan, takes } = await scene([12, 24, 6], 3);
    const out = path.join(ctx.dir, 'copy.mp4');
    const result = await exportSequence(plan, { outPath: out });
    expect(result).toMatchObject({ streamCopied: true, shots: ['copy', 'copy', 'copy'] });
    const probe = await ffprobe(out, ['-count_frames']);
    expect(probe.streams[0]).toMatchObject({ codec_name: 'h264', nb_read_frames: '42', r_frame_rate: '24/1' });
    expect(Math.abs(Number(probe.format.duration) - 42 / 24)).toBeLessThan(1 / 48);
    // the same takes re-encoded when asked
    const again = await exportSequence(plan, { outPath: path.join(ctx.dir, 'again.mp4'), streamCopy: 'never' });
    expect(again.streamCopied).toBe(false);
    expect(takes).toHaveLength(3);
  });
});

describe('sequence export: odd sizes', () => {
  it('rounds an odd project size up to even numbers, as H.264 4:2:0 needs', async () => {
    const { plan } = await scene([6], 1);
    const odd = { ...plan, project: { ...plan.project, width: 161, height: 91 } };
    const result = await exportSequence(odd, { outPath: path.join(ctx.dir, 'odd.mp4') });
    expect(result).toMatchObject({ width: 162, height: 92, streamCopied: false });
    expect((await ffprobe(result.file)).streams[0]).toMatchObject({ width: 162, height: 92 });
  });
});

describe('sequence export: failures', () => {
  it('cancelled mid-export: rejects CANCELLED and leaves no output, temporary file or folder', async () => {
    const { plan } = await scene([240, 240], 0);
    const folder = path.join(ctx.dir, 'cancelled');
    const before = tempFolders();
    const controller = new AbortController();
    const err = await rejection(exportSequence(plan, {
      outPath: path.join(folder, 'cut.mp4'), signal: controller.signal, preset: 'slow',
      onProgress: (p) => {
        if (p.fraction > 0 && p.stage.startsWith('shot')) controller.abort();
      },
    }));
    expect(err.code).toBe('CANCELLED');
    expect(fs.readdirSync(folder)).toEqual([]);
    expect(tempFolders()).toEqual(before);
  });

  it('refuses an existing file unless asked to replace it', async () => {
    const { plan } = await scene([6], 1);
    const out = path.join(ctx.dir, 'exists.mp4');
    fs.writeFileSync(out, 'mine');
    const err = await rejection(exportSequence(plan, { outPath: out }));
    expect(err.code).toBe('EXISTS');
    expect(err.message).toContain(out);
    expect(fs.readFileSync(out, 'utf8')).toBe('mine');
    await exportSequence(plan, { outPath: out, overwrite: true });
    expect(fs.statSync(out).size).toBeGreaterThan(100);
    expect(fs.readdirSync(ctx.dir).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('answers UNWRITABLE for a read-only place before any work', async () => {
    const { plan } = await scene([6], 1);
    let folder: string;
    if (process.getuid?.() === 0) {
      folder = '/sys/kernel'; // read-only even for root, who ignores a folder's permission bits
    } else {
      folder = path.join(ctx.dir, 'locked');
      fs.mkdirSync(folder, { mode: 0o555 });
    }
    expect(() => fs.writeFileSync(path.join(folder, 'probe'), 'x')).toThrow(); // the place really is read-only
    const err = await rejection(exportSequence(plan, { outPath: path.join(folder, 'cut.mp4') }));
    expect(err.code).toBe('UNWRITABLE');
    expect(err.message).toMatch(/read-only|not yours/);
  });

  it("names every shot whose take's file is missing", async () => {
    const { plan, takes } = await scene([6, 6], 2);
    fs.rmSync(takes[1]!);
    const out = path.join(ctx.dir, 'missing.mp4');
    const err = await rejection(exportSequence(plan, { outPath: out }));
    expect(err.code).toBe('MISSING_MEDIA');
    expect(err.message).toContain('Night / Shot 2');
    expect(err.message).toContain(takes[1]!);
    expect(fs.existsSync(out)).toBe(false);
  });
});
