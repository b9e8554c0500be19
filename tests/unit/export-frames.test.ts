/** Pure pieces of the sequence export: the board frame, burn-in text, H.264 headers, ffmpeg's -progress output. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { boardFrame } from '../../electron/export/board-frame';
import { escapeFilterValue, exportFontPath, textFilters, wrapText } from '../../electron/export/burn-in';
import { nalUnits, spsFormat } from '../../electron/export/h264-headers';
import { ProgressPipeParser, type FfmpegProgress } from '../../electron/media/ffmpeg';
import { tempDir } from '../helpers/tmp';

const at = (f: Uint8Array, w: number, x: number, y: number) => Array.from(f.subarray((y * w + x) * 3, (y * w + x) * 3 + 3));

describe('boardFrame', () => {
  const actor = {
    id: 'o', phrase: 'a man', span: [0, 5] as [number, number], color: '#ff0000',
    keyframes: [{ frame: 0, box: [0.1, 0.2, 0.4, 0.8] as [number, number, number, number] }], path: null,
  };

  it("draws the actor's first box in its colour and the camera arrow along the pan", () => {
    const w = 160;
    const h = 90;
    const f = boardFrame({ camera: { cx: 0.3, cy: 0, cz: 1 }, objects: [actor] }, w, h);
    expect(f.length).toBe(w * h * 3);
    expect(at(f, w, Math.round(0.1 * (w - 1)), Math.round(0.5 * (h - 1)))).toEqual([255, 0, 0]); // left edge of the box
    expect(at(f, w, Math.round(0.25 * (w - 1)), Math.round(0.5 * (h - 1)))).toEqual([48, 50, 54]); // inside: background
    expect(at(f, w, Math.round(0.65 * (w - 1)), Math.round(0.5 * (h - 1)))).toEqual([235, 235, 235]); // on the arrow
    expect(at(f, w, Math.round(0.65 * (w - 1)), Math.round(0.2 * (h - 1)))).not.toEqual([235, 235, 235]);
  });

  it('marks a still camera with a dot in the middle', () => {
    const f = boardFrame({ camera: { cx: 0, cy: 0, cz: 1 }, objects: [] }, 64, 36);
    expect(at(f, 64, 32, 18)).toEqual([235, 235, 235]);
    expect(at(f, 64, 5, 5)).toEqual([48, 50, 54]);
  });
});

describe('burn-in text', () => {
  it('wraps at words, splits words longer than a line, and cuts with … past the last line', () => {
    expect(wrapText('one two three four', 9, 3)).toBe('one two\nthree\nfour');
    expect(wrapText('abcdefghijkl', 5, 3)).toBe('abcde\nfghij\nkl');
    expect(wrapText('a b c d e f', 3, 2)).toBe('a b\nc…');
    expect(wrapText('line one\nline two', 20, 3)).toBe('line one\nline two');
  });

  it('escapes a value for both levels of filter parsing', () => {
    expect(escapeFilterValue('01:00:00;00')).toBe(`'01\\:00\\:00;00'`);
    expect(escapeFilterValue(`it's`)).toBe(`'it\\'\\''s'`);
  });

  it('puts texts in files beside the graph, never in it', () => {
    const { dir, cleanup } = tempDir();
    try {
      const shot = { sceneName: 'Scène 1', name: 'Shot: "A", 50%', dialogue: `ZOË: it's me, a [b]; c`, startFrame: 48 } as never;
      const filters = textFilters({ dir, key: 's0', shot, fps: { num: 24000, den: 1001 }, width: 640, height: 360, burnIn: { label: true, timecode: true, dialogue: true }, board: true });
      expect(filters).toHaveLength(4);
      const graph = filters.join(',');
      for (const bad of ['Scène', 'ZOË', '50%', '[b]']) expect(graph).not.toContain(bad);
      expect(fs.readFileSync(path.join(dir, 's0-label.txt'), 'utf8')).toBe('Scène 1 / Shot: "A", 50%');
      expect(fs.readFileSync(path.join(dir, 's0-dialogue.txt'), 'utf8')).toBe(`ZOË: it's me, a [b]; c`);
      // 01:00:00:00 is frame 86400 at 23.976 (counted at 24); shot starts 48 frames later
      expect(graph).toContain(`timecode='01\\:00\\:02\\:00':timecode_rate=24000/1001`);
    } finally {
      cleanup();
    }
  });

  it('finds a font: DIRECTA_FONT first, else the packaged DejaVu Sans', () => {
    const { dir, cleanup } = tempDir();
    try {
      const own = path.join(dir, 'mine.ttf');
      fs.writeFileSync(own, 'x');
      expect(exportFontPath({ DIRECTA_FONT: own })).toBe(own);
      expect(exportFontPath({})).toMatch(/dejavu-fonts-ttf[\\/]ttf[\\/]DejaVuSans\.ttf$/);
      // packaged, ffmpeg opens it by path: it must be outside app.asar (exportFontPath rewrites to app.asar.unpacked)
      expect(fs.readFileSync('build/electron-builder.yml', 'utf8')).toMatch(/asarUnpack:[^]*- node_modules\/dejavu-fonts-ttf\/ttf\/\*\*/);
    } finally {
      cleanup();
    }
  });
});

describe('H.264 headers', () => {
  it('splits an Annex B stream into NAL units (3- and 4-byte start codes)', () => {
    const units = nalUnits(Uint8Array.from([0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x68, 3, 0, 0, 0, 1, 0x65, 9]));
    expect(units.map((u) => Array.from(u))).toEqual([[0x67, 1, 2], [0x68, 3], [0x65, 9]]);
  });

  it('reads 4:2:0 8-bit from a High profile SPS, and 4:2:2 10-bit from a High 4:2:2 one', () => {
    // profile 100: sps_id ue(0)=1, chroma ue(1)=010, luma depth-8 ue(0)=1, chroma depth ue(0)=1 → 1010 11..
    expect(spsFormat(Uint8Array.from([0x67, 100, 0, 30, 0b10101100]))).toEqual({ chromaFormat: 1, bitDepth: 8 });
    // profile 122: sps_id 1, chroma ue(2)=011, luma depth ue(2)=011 → 1 011 011 1
    expect(spsFormat(Uint8Array.from([0x67, 122, 0, 30, 0b10110111]))).toEqual({ chromaFormat: 2, bitDepth: 10 });
    // Main profile: always 4:2:0 8-bit
    expect(spsFormat(Uint8Array.from([0x67, 77, 0, 30, 0x80]))).toEqual({ chromaFormat: 1, bitDepth: 8 });
  });
});

describe('ProgressPipeParser', () => {
  it("reads ffmpeg's -progress blocks (out_time_us, the older out_time_ms, N/A)", () => {
    const seen: [FfmpegProgress, boolean][] = [];
    const p = new ProgressPipeParser((progress, ended) => seen.push([progress, ended]));
    for (const line of ['frame=12', 'fps=0.0', 'out_time_us=500000', 'speed=2.5x', 'progress=continue', 'frame=24', 'out_time_ms=1001000', 'speed=N/A', 'progress=end']) p.line(line);
    expect(seen).toEqual([
      [{ frame: 12, seconds: 0.5, speed: 2.5 }, false],
      [{ frame: 24, seconds: 1.001, speed: null }, true],
    ]);
  });
});
