/**
 * Reading a clip back: frame count, size and exact rational rate, from ffmpeg alone
 * (no ffprobe ships with the app). ffmpeg copies the first video stream's packets,
 * without decoding, into its `framecrc` muxer, whose text lists the stream's time base
 * (`#tb 0: 1/24000`), size (`#dimensions 0: 64x36`) and one line per packet with its
 * duration. The rate is 1 / (time base × the most common packet duration), reduced, so
 * a 24000/1001 clip reads back as exactly 24000/1001, not 23.98.
 */
import { fileArg, runFfmpeg } from './ffmpeg';
import { reduce, type Rational } from './rational';

export interface ClipInfo {
  /** video packets in the file: one per frame */
  frames: number;
  width: number;
  height: number;
  /** the constant (or most common) frame rate, in lowest terms */
  fps: Rational;
  /** the stream's total duration counted in frames at `fps`, rounded */
  durationFrames: number;
  /** ffmpeg's codec name, e.g. 'h264' */
  codec: string;
}

/** Parses the text of ffmpeg's `framecrc` muxer for stream 0 (exposed for tests). */
export function parseFramecrc(text: string): ClipInfo {
  let tb: { num: number; den: number } | undefined;
  let dims: { width: number; height: number } | undefined;
  let codec = 'unknown';
  const durations = new Map<number, number>();
  let frames = 0;
  let total = 0;
  for (const line of text.split(/\r?\n/)) {
    let m: RegExpExecArray | null;
    if ((m = /^#tb 0: (\d+)\/(\d+)/.exec(line))) tb = { num: Number(m[1]), den: Number(m[2]) };
    else if ((m = /^#dimensions 0: (\d+)x(\d+)/.exec(line))) dims = { width: Number(m[1]), height: Number(m[2]) };
    else if ((m = /^#codec_id 0: (\S+)/.exec(line))) codec = m[1]!;
    else if ((m = /^0,\s*-?\d+,\s*-?\d+,\s*(\d+),/.exec(line))) {
      const d = Number(m[1]);
      frames++;
      total += d;
      durations.set(d, (durations.get(d) ?? 0) + 1);
    }
  }
  if (!tb || !dims) throw new Error('not a video file: ffmpeg listed no video stream');
  if (frames === 0) throw new Error('the video stream has no frames');
  let common = 0;
  let seen = -1;
  for (const [d, n] of durations) if (n > seen || (n === seen && d > common)) [common, seen] = [d, n];
  if (common <= 0) throw new Error('the video stream has no frame durations; cannot tell its rate');
  // fps = 1 / (tb.num / tb.den × common) = tb.den / (tb.num × common)
  const fps = reduce({ num: tb.den, den: tb.num * common });
  return { frames, ...dims, fps, durationFrames: Math.round(total / common), codec };
}

/** Frame count, size and rate of the first video stream of `file`. */
export async function probeClip(file: string, options: { signal?: AbortSignal } = {}): Promise<ClipInfo> {
  const { stdout } = await runFfmpeg({
    args: ['-i', fileArg(file), '-map', '0:v:0', '-c', 'copy', '-f', 'framecrc', 'pipe:1'],
    captureStdout: true,
    logLevel: 'error',
    signal: options.signal,
  });
  return parseFramecrc(stdout.toString('utf8'));
}
