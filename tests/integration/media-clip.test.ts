/**
 * Clips through the real ffmpeg (@ffmpeg-installer's static build): encode synthetic
 * frames, read the file back (packets and decoded pixels), cancel mid-encode, and fail.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isPartFile } from '../../electron/media/atomic';
import { encodeClip, probeClip } from '../../electron/media/clip';
import { FfmpegError, ffmpegPath, fileArg, runFfmpeg, type FfmpegProgress } from '../../electron/media/ffmpeg';
import type { Rational } from '../../electron/media/rational';
import { tempDir } from '../helpers/tmp';

/** A gradient moving right 8 levels a frame, with a vertical ramp and a colour tint. */
function movingGradient(count: number, width: number, height: number): Uint8Array[] {
  return Array.from({ length: count }, (_, t) => {
    const f = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 3;
        f[i] = (x * 2 + t * 8) % 256;
        f[i + 1] = 40 + Math.round((y * 160) / height);
        f[i + 2] = 200 - x;
      }
    }
    return f;
  });
}

/** Pseudo-random noise: incompressible, so encoding it takes a while. */
function noise(count: number, width: number, height: number): Uint8Array[] {
  let s = 12345;
  return Array.from({ length: count }, () => {
    const f = new Uint8Array(width * height * 3);
    for (let i = 0; i < f.length; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      f[i] = s >>> 24;
    }
    return f;
  });
}

/** Decodes every frame of the first video stream to RGB24 (BT.709 limited range in, as written). */
async function decodeRgb(file: string, width: number, height: number): Promise<Uint8Array[]> {
  const { stdout } = await runFfmpeg({
    args: ['-i', fileArg(file), '-map', '0:v:0', '-vf', 'scale=in_color_matrix=bt709:in_range=tv', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    captureStdout: true,
  });
  const size = width * height * 3;
  expect(stdout.length % size).toBe(0);
  return Array.from({ length: stdout.length / size }, (_, i) => new Uint8Array(stdout.subarray(i * size, (i + 1) * size)));
}

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('directa-media-')));
afterEach(() => cleanup());

describe('the ffmpeg binary', () => {
  it('is the static build inside @ffmpeg-installer, and runs offline', async () => {
    const found = ffmpegPath({});
    expect(found).toContain(`${path.sep}@ffmpeg-installer${path.sep}`);
    const { stderrTail } = await runFfmpeg({ args: ['-f', 'lavfi', '-i', 'color=size=16x16:duration=0.2', '-f', 'null', '-'], logLevel: 'info' });
    expect(stderrTail.join('\n')).toMatch(/Output #0, null/);
  });
});

describe('encodeClip + probeClip', () => {
  const W = 64;
  const H = 36;
  const frames = movingGradient(16, W, H);

  it.each<[string, Rational]>([['8 fps', { num: 8, den: 1 }], ['24000/1001', { num: 24000, den: 1001 }]])(
    'writes 16 frames at %s, read back with the exact size, count and rate',
    async (_, fps) => {
      const outFile = path.join(dir, 'shot.mp4');
      const progress: number[] = [];
      const result = await encodeClip({ frames, width: W, height: H, fps, outFile, onProgress: (p) => progress.push(p.framesDone) });
      expect(result).toEqual({ file: outFile, frames: 16, width: W, height: H, fps });

      expect(await probeClip(outFile)).toEqual({ frames: 16, width: W, height: H, fps, durationFrames: 16, codec: 'h264' });
      expect(progress.at(-1)).toBe(16);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));

      const decoded = await decodeRgb(outFile, W, H);
      expect(decoded).toHaveLength(16);
      for (let i = 0; i < 16; i++) expect(meanAbsDiff(decoded[i]!, frames[i]!)).toBeLessThan(4);
      // the frame order survives: frame 5 looks like source 5, not its neighbours
      expect(meanAbsDiff(decoded[5]!, frames[5]!)).toBeLessThan(meanAbsDiff(decoded[5]!, frames[6]!));
      expect(fs.readdirSync(dir)).toEqual(['shot.mp4']);
    },
  );

  it('pads odd sizes to even, keeping the picture', async () => {
    const odd = movingGradient(4, 63, 35);
    const outFile = path.join(dir, 'odd.mp4');
    const result = await encodeClip({ frames: odd, width: 63, height: 35, fps: { num: 24, den: 1 }, outFile });
    expect(result).toMatchObject({ width: 64, height: 36 });
    expect(await probeClip(outFile)).toMatchObject({ frames: 4, width: 64, height: 36, fps: { num: 24, den: 1 } });
  });

  it('puts the index at the front (+faststart): moov before mdat', async () => {
    const outFile = path.join(dir, 'fast.mp4');
    await encodeClip({ frames, width: W, height: H, fps: { num: 24, den: 1 }, outFile });
    const bytes = fs.readFileSync(outFile).toString('latin1');
    expect(bytes.indexOf('moov')).toBeGreaterThan(0);
    expect(bytes.indexOf('moov')).toBeLessThan(bytes.indexOf('mdat'));
  });

  it('refuses frames of the wrong size before starting ffmpeg', async () => {
    const outFile = path.join(dir, 'bad.mp4');
    await expect(encodeClip({ frames: [new Uint8Array(10)], width: W, height: H, fps: { num: 24, den: 1 }, outFile }))
      .rejects.toThrow(/frame 0 has 10 bytes/);
    await expect(encodeClip({ frames, width: W, height: H, fps: { num: 24, den: 0 }, outFile })).rejects.toThrow(RangeError);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('cancelling', () => {
  it('an abort mid-encode kills ffmpeg, leaves no file and rejects with an AbortError', async () => {
    const outFile = path.join(dir, 'long.mp4');
    const controller = new AbortController();
    let abortedAt = 0;
    // abort as soon as ffmpeg has opened its (temporary) output: it is encoding by then
    const poll = setInterval(() => {
      if (fs.readdirSync(dir).some(isPartFile)) {
        clearInterval(poll);
        abortedAt = performance.now();
        controller.abort();
      }
    }, 2);
    const encoding = encodeClip({ frames: noise(120, 320, 180), width: 320, height: 180, fps: { num: 24, den: 1 }, outFile, signal: controller.signal });
    await expect(encoding).rejects.toMatchObject({ name: 'AbortError' });
    clearInterval(poll);
    expect(abortedAt).toBeGreaterThan(0);
    expect(performance.now() - abortedAt).toBeLessThan(1000);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('an already aborted signal rejects without writing anything', async () => {
    const controller = new AbortController();
    controller.abort();
    const outFile = path.join(dir, 'never.mp4');
    await expect(encodeClip({ frames: movingGradient(2, 8, 8), width: 8, height: 8, fps: { num: 24, den: 1 }, outFile, signal: controller.signal }))
      .rejects.toMatchObject({ name: 'AbortError' });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('the runner kills ffmpeg waiting on stdin that never ends', async () => {
    const controller = new AbortController();
    async function* forever(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(16 * 16 * 3);
      await new Promise(() => undefined);
    }
    const run = runFfmpeg({
      args: ['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s:v', '16x16', '-i', 'pipe:0', '-f', 'null', '-'],
      stdin: forever(),
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('user cancelled')), 200);
    await expect(run).rejects.toMatchObject({ name: 'AbortError', cause: { message: 'user cancelled' } });
  });
});

describe('failures', () => {
  it('bad arguments give an FfmpegError carrying ffmpeg\'s own message', async () => {
    const err = await runFfmpeg({ args: ['-definitely-not-an-option', 'x'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FfmpegError);
    expect((err as FfmpegError).exitCode).not.toBe(0);
    expect((err as FfmpegError).message).toMatch(/Unrecognized option 'definitely-not-an-option'/);
    expect((err as FfmpegError).stderrTail.join('\n')).toMatch(/Unrecognized option/);
  });

  it('a failing encode keeps the previous file under the final name and leaves no temporary', async () => {
    const outFile = path.join(dir, 'shot.mp4');
    fs.writeFileSync(outFile, 'previous take');
    const bad = encodeClip({
      frames: movingGradient(2, 8, 8), width: 8, height: 8, fps: { num: 24, den: 1 }, outFile,
      preset: 'no-such-preset' as 'medium',
    });
    await expect(bad).rejects.toThrow(FfmpegError);
    await expect(bad).rejects.toThrow(/invalid preset 'no-such-preset'/);
    expect(fs.readFileSync(outFile, 'utf8')).toBe('previous take');
    expect(fs.readdirSync(dir)).toEqual(['shot.mp4']);
  });

  it('a missing binary is an FfmpegError, and a missing input names the file', async () => {
    await expect(runFfmpeg({ args: ['-version'], binary: path.join(dir, 'no-ffmpeg') })).rejects.toThrow(/could not run ffmpeg.*ENOENT/);
    await expect(probeClip(path.join(dir, 'missing.mp4'))).rejects.toThrow(/missing\.mp4: No such file or directory/);
  });

  it('an error from the stdin source is passed on and ffmpeg is stopped', async () => {
    function* broken(): Generator<Uint8Array> {
      yield new Uint8Array(16 * 16 * 3);
      throw new Error('frame source failed');
    }
    await expect(runFfmpeg({ args: ['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s:v', '16x16', '-i', 'pipe:0', '-f', 'null', '-'], stdin: broken() }))
      .rejects.toThrow('frame source failed');
  });

  it('reports progress parsed from stderr', async () => {
    const seen: FfmpegProgress[] = [];
    await runFfmpeg({ args: ['-f', 'lavfi', '-i', 'testsrc=size=32x32:rate=25', '-frames:v', '50', '-f', 'null', '-'], onProgress: (p) => seen.push(p) });
    expect(seen.at(-1)).toMatchObject({ frame: 50, seconds: 2 });
  });
});
