/**
 * A PNG image sequence of a shot, a scene or the project: one RGB PNG per frame of the
 * plan at the project's size, in a folder, named `<prefix>_<frame>.png` where frame is the
 * plan's frame number from 0 (six digits or more), so the files sort in playback order
 * and a scene's shots follow on without a gap.
 *
 * Each take is conformed to its shot exactly as the sequence MP4 does it (conform.ts:
 * the project's policy, the project's rate and size, exactly the shot's frame count);
 * a shot without a take repeats its board (board-frame.ts) with its name drawn on it.
 * ffmpeg writes the frames into a temporary folder beside the target, which is renamed
 * to the target at the end: a failed or cancelled export leaves no folder and no part of
 * one. An existing non-empty folder is refused unless `overwrite` (then it is replaced
 * whole, after the new frames are complete).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { partPath } from '../../media/atomic';
import { fileArg, runFfmpeg } from '../../media/ffmpeg';
import { probeClip } from '../../media/probe';
import { ffmpegRate } from '../../media/rational';
import { boardFrame } from '../board-frame';
import { exportFontPath, NO_BURN_IN, textFilters } from '../burn-in';
import { conformChain, DEFAULT_CONFORM, exactCountFilters, fitFilters, type ConformPolicy } from '../conform';
import { ExportError, writeError } from '../errors';
import { checkInputs } from '../output';
import type { ExportPlan, PlannedShot } from '../plan';

export interface PngSequenceOptions {
  /** file names' prefix; default "frame" */
  prefix?: string;
  conform?: ConformPolicy;
  /** replace an existing non-empty folder (else an EXISTS error) */
  overwrite?: boolean;
  signal?: AbortSignal;
  /** frames written so far, of the plan's total */
  onProgress?: (frames: number, total: number) => void;
}

/** Digits of the frame numbers: 6, or more for a longer plan. */
export function frameDigits(totalFrames: number): number {
  return Math.max(6, String(Math.max(0, totalFrames - 1)).length);
}

/** The file name of plan frame `frame`. */
export function pngName(prefix: string, frame: number, totalFrames: number): string {
  return `${prefix}_${String(frame).padStart(frameDigits(totalFrames), '0')}.png`;
}

/** Filters that end a conform chain in RGB for PNG instead of 4:2:0 for H.264. */
function toRgb(filters: readonly string[]): string[] {
  return [...filters.filter((f) => f !== 'format=yuv420p'), 'format=rgb24'];
}

async function checkTarget(target: string, overwrite: boolean): Promise<void> {
  const stat = await fs.promises.stat(target).catch(() => null);
  if (stat && !stat.isDirectory()) throw new ExportError('EXISTS', `${target} is a file: an image sequence needs a folder`);
  if (stat && !overwrite && (await fs.promises.readdir(target)).length > 0) {
    throw new ExportError('EXISTS', `${target} is not empty: choose another folder or allow replacing it`);
  }
}

async function shotFrames(o: { shot: PlannedShot; plan: ExportPlan; temp: string; work: string; pattern: string; conform: ConformPolicy; hasFont: boolean; signal?: AbortSignal; onFrames: (n: number) => void }): Promise<void> {
  const { shot, plan } = o;
  const { width, height, fps } = plan.project;
  let input: string[];
  let filters: string[];
  if (shot.take) {
    const info = await probeClip(shot.take.mediaPath, { signal: o.signal });
    const chain = conformChain(info, { durationFrames: shot.durationFrames, fps, width, height }, o.conform);
    input = [...chain.inputArgs, '-i', fileArg(shot.take.mediaPath)];
    filters = chain.filters;
  } else {
    const board = `board-${shot.index}.rgb`;
    await fs.promises.writeFile(path.join(o.work, board), boardFrame(shot, width, height));
    input = ['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s:v', `${width}x${height}`, '-framerate', ffmpegRate(fps), '-stream_loop', '-1', '-i', board];
    const name = o.hasFont ? textFilters({ dir: o.work, key: `s${shot.index}`, shot, fps, width, height, burnIn: NO_BURN_IN, board: true }) : [];
    filters = [...exactCountFilters(shot.durationFrames), ...fitFilters(width, height), ...name];
  }
  await runFfmpeg({
    args: [
      ...input, '-map', '0:v:0', '-vf', toRgb(filters).join(','), '-frames:v', String(shot.durationFrames),
      '-c:v', 'png', '-f', 'image2', '-start_number', String(shot.startFrame), fileArg(path.join(o.temp, o.pattern)),
    ],
    cwd: o.work, progressPipe: true, logLevel: 'error', ...(o.signal ? { signal: o.signal } : {}),
    onProgress: (p) => {
      if (p.frame !== null) o.onFrames(Math.min(p.frame, shot.durationFrames));
    },
  });
}

/** Writes the plan's frames as PNGs into the folder `outDir`; answers the folder's absolute path. */
export async function writePngSequence(plan: ExportPlan, outDir: string, options: PngSequenceOptions = {}): Promise<string> {
  const prefix = options.prefix ?? 'frame';
  if (!/^[\p{L}\p{N}_. -]{1,64}$/u.test(prefix) || prefix.startsWith('.')) {
    throw new ExportError('INVALID', `"${prefix}" cannot start image file names: use letters, digits, spaces, _ - or .`);
  }
  const target = path.resolve(outDir);
  const overwrite = options.overwrite ?? false;
  await checkTarget(target, overwrite);
  await checkInputs(plan);
  const temp = partPath(target);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'directa-png-'));
  try {
    try {
      await fs.promises.mkdir(temp, { recursive: true });
    } catch (err) {
      throw writeError(err, target);
    }
    const font = plan.shots.some((s) => !s.take) ? exportFontPath() : null;
    if (font) fs.copyFileSync(font, path.join(work, 'font.ttf'));
    // %0Nd in ffmpeg's image2 pattern; a literal % in the prefix is impossible (refused above)
    const pattern = `${prefix}_%0${frameDigits(plan.durationFrames)}d.png`;
    for (const shot of plan.shots) {
      options.signal?.throwIfAborted();
      await shotFrames({
        shot, plan, temp, work, pattern, conform: options.conform ?? DEFAULT_CONFORM, hasFont: font !== null, signal: options.signal,
        onFrames: (n) => options.onProgress?.(shot.startFrame + n, plan.durationFrames),
      });
    }
    const written = (await fs.promises.readdir(temp)).filter((f) => f.endsWith('.png')).length;
    if (written !== plan.durationFrames) throw new ExportError('FAILED', `ffmpeg wrote ${written} frames, not the ${plan.durationFrames} of the export`);
    options.signal?.throwIfAborted();
    if (fs.existsSync(target)) {
      const old = partPath(target);
      await fs.promises.rename(target, old);
      await fs.promises.rename(temp, target);
      await fs.promises.rm(old, { recursive: true, force: true });
    } else {
      await fs.promises.rename(temp, target);
    }
    options.onProgress?.(plan.durationFrames, plan.durationFrames);
    return target;
  } catch (err) {
    await fs.promises.rm(temp, { recursive: true, force: true }).catch(() => undefined);
    throw writeError(err, target);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
