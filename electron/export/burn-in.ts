/**
 * Text drawn into exported frames by ffmpeg's `drawtext` (libfreetype, which the
 * @ffmpeg-installer build has): the burn-in (scene / shot label, timecode, dialogue) and
 * the shot name on a board.
 *
 * Nothing the user typed goes into a filter graph: every text is written to a file in the
 * export's working folder and read with `textfile=` (`expansion=none`, so `%` is plain),
 * and the font is copied there as `font.ttf`; ffmpeg runs in that folder, so the graph
 * names only short ASCII files and needs no escaping whatever the paths or texts hold.
 * The one value with separators, the timecode, is escaped for both levels of ffmpeg's
 * filter parsing (`escapeFilterValue`).
 *
 * The font: `DIRECTA_FONT`, else DejaVu Sans from the `dejavu-fonts-ttf` package (under
 * app.asar.unpacked when packaged), else a common system font. DejaVu covers Latin,
 * Greek and Cyrillic; other scripts show as boxes.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { unpackedAsarPath } from '../media/ffmpeg';
import { hasTimecode, hourOne, timecode } from './edit-lists/time';
import type { PlannedShot } from './plan';
import type { Rational } from '../media/rational';

export interface BurnInOptions {
  /** "Scene / Shot" at the top left */
  label: boolean;
  /** record timecode (from 01:00:00:00, as the EDL) at the top right */
  timecode: boolean;
  /** the shot's dialogue at the bottom */
  dialogue: boolean;
}

export const NO_BURN_IN: BurnInOptions = { label: false, timecode: false, dialogue: false };

const SYSTEM_FONTS = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
  '/System/Library/Fonts/Supplemental/Arial.ttf',
  '/Library/Fonts/Arial.ttf',
  'C:\\Windows\\Fonts\\arial.ttf',
  'C:\\Windows\\Fonts\\segoeui.ttf',
];

/** The font file burn-in and boards use; null when none exists. */
export function exportFontPath(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates: string[] = [];
  if (env.DIRECTA_FONT) candidates.push(env.DIRECTA_FONT);
  try {
    const pkg = createRequire(__filename).resolve('dejavu-fonts-ttf/package.json');
    candidates.push(unpackedAsarPath(path.join(path.dirname(pkg), 'ttf', 'DejaVuSans.ttf')));
  } catch {
    // not installed: the system's fonts
  }
  candidates.push(...SYSTEM_FONTS);
  return candidates.find((f) => {
    try {
      return fs.statSync(f).isFile();
    } catch {
      return false;
    }
  }) ?? null;
}

/** A value escaped for ffmpeg's option parser and then its filter-graph parser. */
export function escapeFilterValue(value: string): string {
  const option = value.replace(/[\\':]/g, (c) => `\\${c}`);
  return `'${option.replace(/'/g, `'\\''`)}'`;
}

/** `text` wrapped at word boundaries to lines of at most `width` characters, at most `lines` lines (… when cut). */
export function wrapText(text: string, width: number, lines: number): string {
  const out: string[] = [];
  for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      for (let w = word; w.length > 0; ) {
        const room = line ? width - line.length - 1 : width;
        if (w.length <= room) {
          line = line ? `${line} ${w}` : w;
          w = '';
        } else if (!line) {
          out.push(w.slice(0, width));
          w = w.slice(width);
        } else {
          out.push(line);
          line = '';
        }
      }
    }
    if (line) out.push(line);
  }
  if (out.length > lines) return [...out.slice(0, lines - 1), `${out[lines - 1]!.slice(0, Math.max(0, width - 1)).trimEnd()}…`].join('\n');
  return out.join('\n');
}

/** Writes the texts of one segment into `dir` and answers the drawtext filters that show them. */
export function textFilters(options: {
  dir: string;
  /** prefix of this segment's text files */
  key: string;
  shot: PlannedShot;
  fps: Rational;
  width: number;
  height: number;
  burnIn: BurnInOptions;
  /** a board: the shot's name large in the middle */
  board: boolean;
}): string[] {
  const { dir, key, shot, fps, width, height, burnIn, board } = options;
  const size = Math.max(10, Math.round(height / 22));
  const common = `fontfile=font.ttf:expansion=none:fontcolor=white:box=1:boxcolor=black@0.55:boxborderw=${Math.round(size / 3)}`;
  const filters: string[] = [];
  const file = (name: string, text: string): string => {
    const f = `${key}-${name}.txt`;
    fs.writeFileSync(path.join(dir, f), text, 'utf8');
    return f;
  };
  const margin = Math.round(size * 0.8);
  if (board) {
    const big = Math.round(size * 1.6);
    const chars = Math.max(8, Math.floor(width / (big * 0.6)));
    filters.push(`drawtext=${common}:fontsize=${big}:textfile=${file('board', wrapText(shot.name, chars, 2))}:x=(w-text_w)/2:y=(h-text_h)/2`);
  }
  if (burnIn.label) {
    filters.push(`drawtext=${common}:fontsize=${size}:textfile=${file('label', `${shot.sceneName} / ${shot.name}`)}:x=${margin}:y=${margin}`);
  }
  if (burnIn.timecode) {
    if (hasTimecode(fps)) {
      const start = timecode(hourOne(fps) + shot.startFrame, fps);
      filters.push(`drawtext=${common.replace(':expansion=none', '')}:fontsize=${size}:timecode=${escapeFilterValue(start)}:timecode_rate=${fps.num}/${fps.den}:x=w-text_w-${margin}:y=${margin}`);
    } else {
      filters.push(`drawtext=${common.replace(':expansion=none', '')}:fontsize=${size}:textfile=${file('frame', '%{frame_num}')}:start_number=${shot.startFrame}:x=w-text_w-${margin}:y=${margin}`);
    }
  }
  if (burnIn.dialogue && shot.dialogue.trim() !== '') {
    const chars = Math.max(8, Math.floor((width - 2 * margin) / (size * 0.6)));
    filters.push(`drawtext=${common}:fontsize=${size}:line_spacing=${Math.round(size / 4)}:textfile=${file('dialogue', wrapText(shot.dialogue, chars, 3))}:x=(w-text_w)/2:y=h-text_h-${margin}`);
  }
  return filters;
}
