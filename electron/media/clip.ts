/**
 * Clips: raw RGB24 frames in, an H.264 MP4 out.
 *
 * Frames are piped to ffmpeg's stdin as `rawvideo` at the clip's exact rational rate, so
 * the file has one frame per input frame and timestamps at `fps` (24000/1001 gives an
 * MP4 time scale of 24000 and frame durations of 1001: no drift, no rounding). The video
 * is yuv420p (what every player decodes) converted and tagged as BT.709 limited range,
 * with the index at the front (`+faststart`) so a <video> element can start at once.
 * Odd sizes are padded to even by repeating the last column/row. The file is written
 * under a temporary name in the same folder and renamed when complete (see atomic.ts).
 *
 * Stills (posters, thumbnails) are in stills.ts, reading files back in probe.ts; both
 * are re-exported here so that clip work has one entry point.
 */
import { writeAtomically } from './atomic';
import { fileArg, runFfmpeg } from './ffmpeg';
import { assertFrames, evenSize, padToEven } from './frames';
import { assertRational, ffmpegRate, reduce, type Rational } from './rational';

export { probeClip, type ClipInfo } from './probe';
export { writePoster, writeThumbnails, type Thumbnail, type ThumbnailOptions } from './stills';

/** x264's speed/size trade-offs, fastest first (the export's sequence uses them too). */
export type X264Preset = 'ultrafast' | 'superfast' | 'veryfast' | 'faster' | 'fast' | 'medium' | 'slow' | 'slower' | 'veryslow';

/** ffmpeg output options for H.264 with x264 at `preset` and constant rate factor `crf`. */
export function x264Args(preset: X264Preset, crf: number): string[] {
  return ['-c:v', 'libx264', '-preset', preset, '-crf', String(crf)];
}

/** Tags saying the frames are BT.709 in TV range, as every clip and export is written. */
export const BT709_TAGS: readonly string[] = ['-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709', '-color_range', 'tv'];

export interface EncodeProgress {
  /** frames ffmpeg has encoded so far */
  framesDone: number;
  framesTotal: number;
}

export interface EncodeClipOptions {
  /** RGB24 frames, each `width * height * 3` bytes */
  frames: readonly Uint8Array[];
  width: number;
  height: number;
  /** the clip's rate, e.g. `{ num: 24000, den: 1001 }` */
  fps: Rational;
  /** the final MP4 path; its folder is created if missing, an existing file is replaced */
  outFile: string;
  /** aborting kills ffmpeg, removes the partial file and rejects with an AbortError */
  signal?: AbortSignal;
  /** called as ffmpeg reports progress, and once with all frames done on success */
  onProgress?: (progress: EncodeProgress) => void;
  /** x264 constant rate factor, 0 (lossless) to 51; default 18 (visually near-lossless) */
  crf?: number;
  /** x264 speed/size trade-off; default 'medium' */
  preset?: X264Preset;
}

export interface EncodedClip {
  file: string;
  frames: number;
  /** the encoded size: the input size rounded up to even numbers */
  width: number;
  height: number;
  fps: Rational;
}

/** The ffmpeg arguments `encodeClip` uses (exposed for tests and for the export path). */
export function clipArgs(o: { width: number; height: number; fps: Rational; crf: number; preset: X264Preset; outArg: string }): string[] {
  return [
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s:v', `${o.width}x${o.height}`, '-framerate', ffmpegRate(o.fps),
    '-i', 'pipe:0',
    '-an', '-map', '0:v:0',
    '-vf', 'scale=out_color_matrix=bt709:out_range=tv,format=yuv420p',
    ...x264Args(o.preset, o.crf),
    ...BT709_TAGS,
    '-movflags', '+faststart',
    '-f', 'mp4', '-y', o.outArg,
  ];
}

/** Encodes `frames` to an H.264 MP4 at `outFile`; see the file comment. */
export async function encodeClip(options: EncodeClipOptions): Promise<EncodedClip> {
  const { frames, width, height, fps, signal, onProgress } = options;
  assertFrames(frames, width, height);
  assertRational(fps);
  const crf = options.crf ?? 18;
  if (!Number.isFinite(crf) || crf < 0 || crf > 51) throw new RangeError(`crf must be between 0 and 51, got ${crf}`);
  const size = evenSize(width, height);
  const framesTotal = frames.length;

  function* raw(): Generator<Uint8Array> {
    for (const frame of frames) yield padToEven(frame, width, height);
  }

  await writeAtomically(options.outFile, (temp) =>
    runFfmpeg({
      args: clipArgs({ ...size, fps, crf, preset: options.preset ?? 'medium', outArg: fileArg(temp) }),
      stdin: raw(),
      signal,
      onProgress: (p) => {
        if (p.frame !== null) onProgress?.({ framesDone: Math.min(p.frame, framesTotal), framesTotal });
      },
    }),
  );
  onProgress?.({ framesDone: framesTotal, framesTotal });
  return { file: options.outFile, frames: framesTotal, ...size, fps: reduce(fps) };
}
