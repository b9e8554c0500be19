/**
 * Stills from raw RGB24 frames: a poster (JPEG or PNG, full size) and a few small JPEG
 * thumbnails for the timeline. Each image is encoded by ffmpeg to its stdout and written
 * atomically by us (temporary name, then rename), so no half-written image is ever seen
 * under its final name.
 */
import path from 'node:path';
import { writeFileAtomically } from './atomic';
import { runFfmpeg } from './ffmpeg';
import { assertFrames, assertSize, evenlySpaced } from './frames';

export type StillFormat = 'jpeg' | 'png';

export interface EncodeStillOptions {
  format: StillFormat;
  /** scale to this size (area averaging) instead of keeping the frame's own */
  scaleTo?: { width: number; height: number };
  /** JPEG quality as ffmpeg's `-q:v`, 2 (best) to 31; default 3 */
  jpegQuality?: number;
  signal?: AbortSignal;
}

/** One RGB24 frame as the bytes of a JPEG or PNG file. */
export async function encodeStill(frame: Uint8Array, width: number, height: number, options: EncodeStillOptions): Promise<Buffer> {
  assertFrames([frame], width, height);
  const filters = options.scaleTo ? ['-vf', `scale=${options.scaleTo.width}:${options.scaleTo.height}:flags=area`] : [];
  if (options.scaleTo) assertSize(options.scaleTo.width, options.scaleTo.height);
  const codec = options.format === 'png' ? ['-c:v', 'png'] : ['-c:v', 'mjpeg', '-q:v', String(options.jpegQuality ?? 3)];
  const { stdout } = await runFfmpeg({
    args: [
      '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s:v', `${width}x${height}`, '-i', 'pipe:0',
      ...filters, '-frames:v', '1', ...codec, '-f', 'image2pipe', 'pipe:1',
    ],
    stdin: frame,
    captureStdout: true,
    signal: options.signal,
  });
  return stdout;
}

/** The still format for a file name: .png is PNG, .jpg/.jpeg is JPEG; others are refused. */
export function stillFormatFor(file: string): StillFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.png') return 'png';
  if (ext === '.jpg' || ext === '.jpeg') return 'jpeg';
  throw new RangeError(`poster must be .jpg, .jpeg or .png, got "${path.basename(file)}"`);
}

/** Writes one frame as a full-size poster; the format follows `outFile`'s extension. */
export async function writePoster(
  frame: Uint8Array,
  width: number,
  height: number,
  outFile: string,
  options: { signal?: AbortSignal; jpegQuality?: number } = {},
): Promise<void> {
  const bytes = await encodeStill(frame, width, height, { format: stillFormatFor(outFile), ...options });
  await writeFileAtomically(outFile, bytes);
}

export interface ThumbnailOptions {
  /** thumbnail width in pixels (never wider than the frame); default 160 */
  width?: number;
  /** file names are `<prefix>-<nnn>.jpg`, nnn the frame index; default 'thumb' */
  prefix?: string;
  signal?: AbortSignal;
}

export interface Thumbnail {
  file: string;
  /** index of the source frame */
  frame: number;
  width: number;
  height: number;
}

/** The thumbnail size for a frame: `maxWidth` wide at most, aspect kept, at least 1x1. */
export function thumbnailSize(width: number, height: number, maxWidth: number): { width: number; height: number } {
  assertSize(width, height);
  const w = Math.max(1, Math.min(width, Math.round(maxWidth)));
  return { width: w, height: Math.max(1, Math.round((height * w) / width)) };
}

/**
 * Writes `count` small JPEGs of frames spread evenly over the clip (see `evenlySpaced`)
 * into `outDir` (created if missing), in order; answers what it wrote.
 */
export async function writeThumbnails(
  frames: readonly Uint8Array[],
  width: number,
  height: number,
  outDir: string,
  count: number,
  options: ThumbnailOptions = {},
): Promise<Thumbnail[]> {
  assertFrames(frames, width, height);
  const size = thumbnailSize(width, height, options.width ?? 160);
  const prefix = options.prefix ?? 'thumb';
  if (/[\\/]/.test(prefix)) throw new RangeError(`thumbnail prefix must not contain a path separator: "${prefix}"`);
  const written: Thumbnail[] = [];
  for (const index of evenlySpaced(frames.length, count)) {
    const bytes = await encodeStill(frames[index]!, width, height, { format: 'jpeg', scaleTo: size, signal: options.signal });
    const file = path.join(outDir, `${prefix}-${String(index).padStart(3, '0')}.jpg`);
    await writeFileAtomically(file, bytes);
    written.push({ file, frame: index, ...size });
  }
  return written;
}
