/** Posters and thumbnails through the real ffmpeg: files exist, decode, and look like their frames. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileArg, runFfmpeg } from '../../electron/media/ffmpeg';
import { probeClip } from '../../electron/media/probe';
import { writePoster, writeThumbnails } from '../../electron/media/stills';
import { tempDir } from '../helpers/tmp';

/** Frame t: a diagonal gradient, plus a bright square whose x position is t × 4. */
function frames(count: number, width: number, height: number): Uint8Array[] {
  return Array.from({ length: count }, (_, t) => {
    const f = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 3;
        const inSquare = x >= t * 4 && x < t * 4 + 40 && y >= 40 && y < 80;
        f[i] = inSquare ? 250 : Math.round((x * 255) / width);
        f[i + 1] = inSquare ? 250 : Math.round((y * 255) / height);
        f[i + 2] = inSquare ? 250 : 96;
      }
    }
    return f;
  });
}

/** Decodes an image file to RGB24. */
async function decodeImage(file: string): Promise<Buffer> {
  const { stdout } = await runFfmpeg({ args: ['-i', fileArg(file), '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], captureStdout: true });
  return stdout;
}

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

/** A box-averaged downscale by an integer factor, to compare with a thumbnail. */
function downscale(f: Uint8Array, width: number, height: number, factor: number): Uint8Array {
  const w = width / factor;
  const h = height / factor;
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let dy = 0; dy < factor; dy++) for (let dx = 0; dx < factor; dx++) sum += f[((y * factor + dy) * width + x * factor + dx) * 3 + c]!;
        out[(y * w + x) * 3 + c] = Math.round(sum / factor ** 2);
      }
    }
  }
  return out;
}

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('directa-stills-')));
afterEach(() => cleanup());

const W = 320;
const H = 180;
const clip = frames(16, W, H);

describe('writePoster', () => {
  it('writes a PNG that decodes to exactly the frame', async () => {
    const file = path.join(dir, 'poster.png');
    await writePoster(clip[3]!, W, H, file);
    expect(fs.readFileSync(file).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(await probeClip(file)).toMatchObject({ frames: 1, width: W, height: H });
    expect(Buffer.compare(await decodeImage(file), Buffer.from(clip[3]!))).toBe(0);
  });

  it('writes a JPEG that decodes to the frame within JPEG loss, into a new folder', async () => {
    const file = path.join(dir, 'posters', 'shot-1.jpg');
    await writePoster(clip[3]!, W, H, file);
    expect(fs.readFileSync(file).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    const rgb = await decodeImage(file);
    expect(rgb.length).toBe(W * H * 3);
    expect(meanAbsDiff(rgb, clip[3]!)).toBeLessThan(4);
    expect(meanAbsDiff(rgb, clip[3]!)).toBeLessThan(meanAbsDiff(rgb, clip[12]!));
    expect(fs.readdirSync(path.dirname(file))).toEqual(['shot-1.jpg']);
  });

  it('refuses other extensions without writing', async () => {
    await expect(writePoster(clip[0]!, W, H, path.join(dir, 'poster.gif'))).rejects.toThrow(RangeError);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('writeThumbnails', () => {
  it('writes evenly spread 160 px JPEGs of the right frames', async () => {
    const thumbs = await writeThumbnails(clip, W, H, path.join(dir, 'thumbs'), 4);
    expect(thumbs.map((t) => [path.basename(t.file), t.frame, t.width, t.height])).toEqual([
      ['thumb-002.jpg', 2, 160, 90],
      ['thumb-006.jpg', 6, 160, 90],
      ['thumb-010.jpg', 10, 160, 90],
      ['thumb-014.jpg', 14, 160, 90],
    ]);
    expect(fs.readdirSync(path.join(dir, 'thumbs')).sort()).toEqual(thumbs.map((t) => path.basename(t.file)));
    for (const t of thumbs) {
      const rgb = await decodeImage(t.file);
      expect(rgb.length).toBe(160 * 90 * 3);
      const expected = downscale(clip[t.frame]!, W, H, 2);
      expect(meanAbsDiff(rgb, expected)).toBeLessThan(5);
      // and it is that frame, not another: the square has moved 16 px between picks
      const other = downscale(clip[(t.frame + 8) % 16]!, W, H, 2);
      expect(meanAbsDiff(rgb, expected)).toBeLessThan(meanAbsDiff(rgb, other));
    }
  });

  it('honours a width and prefix, and gives no more thumbnails than frames', async () => {
    const thumbs = await writeThumbnails(clip.slice(0, 2), W, H, dir, 5, { width: 96, prefix: 'shot-7' });
    expect(thumbs.map((t) => [path.basename(t.file), t.width, t.height])).toEqual([['shot-7-000.jpg', 96, 54], ['shot-7-001.jpg', 96, 54]]);
    await expect(writeThumbnails(clip, W, H, dir, 1, { prefix: '../escape' })).rejects.toThrow(/path separator/);
  });
});
