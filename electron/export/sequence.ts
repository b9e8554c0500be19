/**
 * The sequence MP4: every shot of an export plan in order, each exactly its duration at
 * the project's rate and size, with the project's, scenes' and shots' sound mixed in.
 *
 * 1. Checks first, before any work: the output (exists? writable?), every take's and
 *    sound's file, every take readable (probed).
 * 2. Stream copy when every shot has a take that already is the shot (H.264 4:2:0 8-bit at
 *    the project's size and rate, exactly its frames, all with the same parameter sets)
 *    and no burn-in is asked: the takes are joined as they are.
 * 3. Otherwise each shot is encoded on its own (its take conformed, conform.ts, or its
 *    board, board-frame.ts, plus any burn-in, burn-in.ts) into a temporary folder, all
 *    with the same encoder settings, so the segments join without re-encoding.
 * 4. One last ffmpeg joins them (concat demuxer, video copied), mixes the sound
 *    (sound-mix.ts) to AAC, and writes the MP4 (+faststart) under a temporary name beside
 *    the output, renamed when complete (media/atomic.ts).
 *
 * Cancelling (AbortSignal) kills ffmpeg; the temporary folder and file are removed on
 * success, failure and cancel alike.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BT709_TAGS, x264Args, type X264Preset } from '../media/clip';
import { fileArg, runFfmpeg } from '../media/ffmpeg';
import { probeClip, type ClipInfo } from '../media/probe';
import { ffmpegRate, sameRate } from '../media/rational';
import { boardFrame } from './board-frame';
import { exportFontPath, NO_BURN_IN, textFilters, type BurnInOptions } from './burn-in';
import { conformChain, DEFAULT_CONFORM, exactCountFilters, fitFilters, type ConformAction, type ConformPolicy } from './conform';
import { ExportError, writeError } from './errors';
import { h264Headers } from './h264-headers';
import { checkInputs, prepareOutput, publishOutput } from './output';
import type { ExportPlan, PlannedShot } from './plan';
import { soundMix } from './sound-mix';
import type { PlannedSound } from './sound-plan';

export interface SequenceProgress {
  /** 0 to 1 over the whole export */
  fraction: number;
  /** what runs now, e.g. "shot 3/12" or "joining" */
  stage: string;
}

/** How the MP4 is made, as an export request asks it (formats.ts's ExportRequest takes these). */
export interface SequenceSettings {
  conform?: ConformPolicy;
  burnIn?: BurnInOptions;
  sound?: readonly PlannedSound[];
  /** x264 preset of re-encoded shots (media/clip.ts's presets); default 'veryfast' */
  preset?: X264Preset;
}

export interface SequenceOptions extends SequenceSettings {
  outPath: string;
  /** replace an existing file (else an EXISTS error) */
  overwrite?: boolean;
  /** x264 quality, 0–51; default 18 */
  crf?: number;
  /** 'never' re-encodes even when the takes could be copied */
  streamCopy?: 'auto' | 'never';
  signal?: AbortSignal;
  onProgress?: (progress: SequenceProgress) => void;
}

/** How each shot was made: copied, conformed (by which action), or drawn as its board. */
export type ShotTreatment = 'copy' | 'board' | ConformAction;

export interface SequenceResult {
  file: string;
  durationFrames: number;
  /** the frame size written: the project's, rounded up to even numbers */
  width: number;
  height: number;
  streamCopied: boolean;
  shots: ShotTreatment[];
  sounds: number;
}

const AAC_RATE = 48000;
/** ffmpeg processes reading takes at once while checking them (each is short and mostly I/O). */
const PROBES_AT_ONCE = 4;

/** `fn` over `items` with at most `limit` running at once, results in order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function encoderArgs(preset: X264Preset, crf: number, fps: ExportPlan['project']['fps']): string[] {
  return [
    '-an', ...x264Args(preset, crf), '-pix_fmt', 'yuv420p', ...BT709_TAGS,
    '-r', ffmpegRate(fps), '-f', 'mp4',
  ];
}

/** Whether the takes can be joined as they are (see the file comment). */
async function copyable(plan: ExportPlan, infos: (ClipInfo | null)[], burnIn: BurnInOptions, signal?: AbortSignal): Promise<boolean> {
  if (burnIn.label || burnIn.timecode || burnIn.dialogue) return false;
  const { width, height, fps } = plan.project;
  const matches = plan.shots.every((shot, i) => {
    const info = infos[i];
    return shot.take !== null && info !== null && info !== undefined && info.codec === 'h264' && info.width === width && info.height === height
      && sameRate(info.fps, fps) && info.frames === shot.durationFrames && info.durationFrames === shot.durationFrames;
  });
  if (!matches) return false;
  const all = await mapLimit(plan.shots, PROBES_AT_ONCE, (shot) => h264Headers(shot.take!.mediaPath, signal));
  const key = all[0]?.key;
  return all.every((h) => h !== null && h.chromaFormat === 1 && h.bitDepth === 8 && h.key === key);
}

/** A line of an ffconcat list. */
function concatLine(file: string): string {
  return `file '${file.replace(/'/g, `'\\''`)}'`;
}

export async function exportSequence(asked: ExportPlan, options: SequenceOptions): Promise<SequenceResult> {
  // H.264 4:2:0 needs even sizes: an odd project size is rounded up, as takes are padded (media/frames.ts)
  const { width: w, height: h } = asked.project;
  const plan: ExportPlan = w % 2 === 0 && h % 2 === 0 ? asked : { ...asked, project: { ...asked.project, width: w + (w % 2), height: h + (h % 2) } };
  const { signal } = options;
  const burnIn = options.burnIn ?? NO_BURN_IN;
  const conform = options.conform ?? DEFAULT_CONFORM;
  const preset = options.preset ?? 'veryfast';
  const crf = options.crf ?? 18;
  const sounds = options.sound ?? [];
  const { fps } = plan.project;
  const outPath = await prepareOutput(options.outPath, options.overwrite ?? false);
  await checkInputs(plan, sounds);
  const wantsText = burnIn.label || burnIn.timecode || burnIn.dialogue;
  const font = exportFontPath();
  if (wantsText && font === null) throw new ExportError('INVALID', 'no font was found for the burn-in: set DIRECTA_FONT to a .ttf file');

  const report = (fraction: number, stage: string): void => options.onProgress?.({ fraction: Math.min(1, Math.max(0, fraction)), stage });
  report(0, 'checking takes');
  const infos = await mapLimit(plan.shots, PROBES_AT_ONCE, async (shot): Promise<ClipInfo | null> => {
    if (!shot.take) return null;
    try {
      return await probeClip(shot.take.mediaPath, signal ? { signal } : {});
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw writeError(err, outPath);
      throw new ExportError('MISSING_MEDIA', `${shot.sceneName} / ${shot.name}: its take ${shot.take.mediaPath} cannot be read (${(err as Error).message.split('\n')[0]})`, { cause: err });
    }
  });

  const total = plan.durationFrames;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'directa-export-'));
  try {
    const streamCopied = options.streamCopy !== 'never' && (await copyable(plan, infos, burnIn, signal));
    const encodeShare = streamCopied ? 0 : 0.9;
    const treatments: ShotTreatment[] = [];
    const list: string[] = ['ffconcat version 1.0'];
    if (streamCopied) {
      for (const shot of plan.shots) {
        list.push(concatLine(shot.take!.mediaPath));
        treatments.push('copy');
      }
    } else {
      if (font !== null) fs.copyFileSync(font, path.join(work, 'font.ttf'));
      for (const shot of plan.shots) {
        const name = `seg-${shot.index}.mp4`;
        const treatment = await encodeSegment({
          shot, info: infos[shot.index] ?? null, plan, work, name, conform, burnIn, hasFont: font !== null, preset, crf, signal,
          onFrames: (done) => report((encodeShare * (shot.startFrame + Math.min(done, shot.durationFrames))) / total, `shot ${shot.index + 1}/${plan.shots.length}`),
        });
        treatments.push(treatment);
        list.push(concatLine(name));
      }
    }
    fs.writeFileSync(path.join(work, 'list.ffconcat'), `${list.join('\n')}\n`, 'utf8');

    const mix = soundMix(sounds, fps, total, 1);
    report(encodeShare, 'joining');
    await publishOutput(outPath, options.overwrite ?? false, (temp) =>
      runFfmpeg({
        args: [
          '-f', 'concat', '-safe', '0', '-i', 'list.ffconcat',
          ...mix.inputArgs,
          ...(mix.filter ? ['-filter_complex', mix.filter] : []),
          '-map', '0:v:0', ...(mix.filter ? ['-map', mix.output] : []),
          '-c:v', 'copy',
          ...(mix.filter ? ['-c:a', 'aac', '-b:a', '192k', '-ar', String(AAC_RATE)] : ['-an']),
          '-movflags', '+faststart', '-f', 'mp4', '-y', fileArg(temp),
        ],
        cwd: work, progressPipe: true, logLevel: 'error', ...(signal ? { signal } : {}),
        onProgress: (p) => {
          if (p.frame !== null) report(encodeShare + ((1 - encodeShare) * Math.min(p.frame, total)) / total, 'joining');
        },
      }),
    );
    report(1, 'done');
    return { file: outPath, durationFrames: total, width: plan.project.width, height: plan.project.height, streamCopied, shots: treatments, sounds: sounds.length };
  } catch (err) {
    throw writeError(err, outPath);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Encodes one shot (its conformed take, or its board) to `work/name`. */
async function encodeSegment(o: {
  shot: PlannedShot; info: ClipInfo | null; plan: ExportPlan; work: string; name: string; conform: ConformPolicy;
  burnIn: BurnInOptions; hasFont: boolean; preset: X264Preset; crf: number; signal?: AbortSignal | undefined;
  onFrames: (done: number) => void;
}): Promise<ShotTreatment> {
  const { shot, info, plan, work } = o;
  const { width, height, fps } = plan.project;
  const text = o.hasFont
    ? textFilters({ dir: work, key: `s${shot.index}`, shot, fps, width, height, burnIn: o.burnIn, board: shot.take === null || info === null })
    : [];
  let input: string[];
  let filters: string[];
  let treatment: ShotTreatment;
  if (shot.take === null || info === null) {
    const board = `board-${shot.index}.rgb`;
    fs.writeFileSync(path.join(work, board), boardFrame(shot, width, height));
    input = ['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s:v', `${width}x${height}`, '-framerate', ffmpegRate(fps), '-stream_loop', '-1', '-i', board];
    filters = [...exactCountFilters(shot.durationFrames), ...fitFilters(width, height)];
    treatment = 'board';
  } else {
    const chain = conformChain(info, { durationFrames: shot.durationFrames, fps, width, height }, o.conform);
    input = [...chain.inputArgs, '-i', fileArg(shot.take.mediaPath)];
    filters = chain.filters;
    treatment = chain.action;
  }
  await runFfmpeg({
    args: [...input, '-map', '0:v:0', '-vf', [...filters, ...text].join(','), ...encoderArgs(o.preset, o.crf, fps), '-y', o.name],
    cwd: work, progressPipe: true, logLevel: 'error', ...(o.signal ? { signal: o.signal } : {}),
    onProgress: (p) => {
      if (p.frame !== null) o.onFrames(p.frame);
    },
  });
  return treatment;
}
