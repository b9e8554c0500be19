/**
 * A project to export: shots whose takes are real MP4s made with ffmpeg at their own sizes,
 * lengths and rates (each a still, textured picture in its own colour, so a frame of the
 * export can be matched to its take), and sound files made with ffmpeg's sine source.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { encodeClip } from '../../electron/media/clip';
import { fileArg, runFfmpeg } from '../../electron/media/ffmpeg';
import type { Rational } from '../../electron/media/rational';
import type { ProjectStore } from '../../electron/store/project-store';

/** A textured still in a colour: `tint` weights the three channels. */
export function tintedFrame(width: number, height: number, tint: [number, number, number]): Uint8Array {
  const f = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = 90 + 60 * Math.sin((x / width) * 6.3) * Math.cos((y / height) * 4.1);
      for (let c = 0; c < 3; c++) f[(y * width + x) * 3 + c] = Math.round(Math.min(255, v * tint[c]!));
    }
  }
  return f;
}

export interface TakeSpec {
  width: number;
  height: number;
  fps: Rational;
  frames: number;
  tint: [number, number, number];
}

/** Encodes a take's clip into the project's media/ and records the take; answers its file. */
export async function addTake(store: ProjectStore, shotId: string, spec: TakeSpec, key: string): Promise<string> {
  const relative = path.join('takes', key, 'clip.mp4');
  const file = path.join(store.path, 'media', relative);
  const frame = tintedFrame(spec.width, spec.height, spec.tint);
  await encodeClip({ frames: Array.from({ length: spec.frames }, () => frame), width: spec.width, height: spec.height, fps: spec.fps, outFile: file, preset: 'ultrafast' });
  store.takes.add({
    shotId, specHash: `hash-${key}`, spec: {}, modelId: 'test', videoFile: relative, posterFile: null, thumbs: [], provider: null, timings: {}, metrics: {},
  });
  return file;
}

/** A sine tone WAV of `seconds` at `hz`. */
export async function sineWav(file: string, seconds: number, hz = 440): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await runFfmpeg({ args: ['-f', 'lavfi', '-i', `sine=frequency=${hz}:sample_rate=44100:duration=${seconds}`, '-c:a', 'pcm_s16le', '-y', fileArg(file)] });
}

/** ffprobe (from @ffprobe-installer, a dev dependency) as JSON. */
export async function ffprobe(file: string, extra: string[] = []): Promise<{ streams: Record<string, unknown>[]; format: Record<string, unknown> }> {
  const bin = (await import('@ffprobe-installer/ffprobe')).default.path;
  const { stdout } = await promisify(execFile)(bin, ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', ...extra, file]);
  return JSON.parse(stdout) as { streams: Record<string, unknown>[]; format: Record<string, unknown> };
}

/** Frame `index` of `file` decoded, fitted into w×h like the export, as RGB24 (BT.709 limited range in). */
export async function frameAt(file: string, index: number, w: number, h: number): Promise<Uint8Array> {
  const { stdout } = await runFfmpeg({
    args: [
      '-i', fileArg(file), '-map', '0:v:0',
      '-vf', `select=eq(n\\,${index}),scale=${w}:${h}:force_original_aspect_ratio=decrease:in_color_matrix=bt709:in_range=tv,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2`,
      '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
    ],
    captureStdout: true,
  });
  if (stdout.length !== w * h * 3) throw new Error(`frame ${index} of ${file}: got ${stdout.length} bytes`);
  return new Uint8Array(stdout);
}

/** Mean absolute difference of two RGB24 frames over their centre (a third of each side cut). */
export function centreDiff(a: Uint8Array, b: Uint8Array, w: number, h: number): number {
  let sum = 0;
  let n = 0;
  for (let y = Math.floor(h / 3); y < Math.ceil((2 * h) / 3); y++) {
    for (let x = Math.floor(w / 3); x < Math.ceil((2 * w) / 3); x++) {
      for (let c = 0; c < 3; c++) {
        const i = (y * w + x) * 3 + c;
        sum += Math.abs(a[i]! - b[i]!);
        n++;
      }
    }
  }
  return sum / n;
}
