/**
 * Boards, the parts without ffmpeg (issue 13, part 4): the shot list CSV round-trips
 * through a real CSV parser (csv-parse) with quotes, commas, newlines and emoji intact,
 * and the storyboard's font choice falls back per block of text to a font that has its
 * glyphs. tests/integration/boards.test.ts reads the PDF back.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { loadBoardFonts, pickFont, shotListCsv, SHOT_LIST_COLUMNS, writeShotListCsv } from '../../electron/export/boards';
import { dejavuDir } from '../../electron/export/boards/fonts';
import { makePlan, TRICKY_SHOTS } from '../helpers/export-docs-plan';

const plan = makePlan(TRICKY_SHOTS, { fps: { num: 24000, den: 1001 }, mediaDir: '/films/a, "b"/media' });
const column = (name: (typeof SHOT_LIST_COLUMNS)[number]) => SHOT_LIST_COLUMNS.indexOf(name);

describe('shot list CSV', () => {
  const csv = shotListCsv(plan, { escapeFormulas: false });
  const rows = parse(csv, { bom: true, relax_column_count: false }) as string[][];

  it('is RFC 4180: CRLF records, a BOM, quoted fields with doubled quotes', () => {
    expect(csv.startsWith('\ufeff#,Scene,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv).toContain('"Wide, ""establishing"""');
    expect(csv).toContain('"a man walks into the café,\nslowly"'); // a newline inside a field stays inside its quotes
  });

  it('round-trips every text exactly: quotes, commas, newlines, non-ASCII and emoji', () => {
    expect(rows).toHaveLength(plan.shots.length + 1);
    expect(rows[0]).toEqual([...SHOT_LIST_COLUMNS]);
    plan.shots.forEach((shot, i) => {
      const row = rows[i + 1]!;
      expect(row[column('Shot')]).toBe(shot.name);
      expect(row[column('Scene')]).toBe(shot.sceneName);
      expect(row[column('Prompt')]).toBe(shot.prompt);
      expect(row[column('Notes')]).toBe(shot.notes);
      expect(row[column('Dialogue')]).toBe(shot.dialogue);
      expect(row[column('Take file')]).toBe(shot.take?.mediaPath ?? '');
      expect(Number(row[column('Duration (frames)')])).toBe(shot.durationFrames);
      expect(Number(row[column('Start frame')])).toBe(shot.startFrame);
      expect(Number(row[column('Seed')])).toBe(shot.seed);
      expect([row[column('Pan x')], row[column('Pan y')], row[column('Zoom')]].map(Number)).toEqual([shot.camera.cx, shot.camera.cy, shot.camera.cz]);
    });
    expect(rows[2]![column('Shot')]).toBe('Close — Zoë 🎬');
    expect(rows[2]![column('Take')]).toBe('');
    expect(rows[3]![column('Start')]).toBe('00:00:03:06');
    expect(rows[1]![column('Duration (s)')]).toBe('2.002');
  });

  it('defuses text a spreadsheet would run as a formula, but never numbers', () => {
    const risky = makePlan([{ name: '=HYPERLINK("http://x","y")', durationFrames: 5, prompt: '+1', notes: '@SUM(A1)', camera: { cx: -0.5, cy: 0, cz: 1 } }], { fps: { num: 24, den: 1 }, mediaDir: '/m' });
    const [, row] = parse(shotListCsv(risky), { bom: true }) as string[][];
    expect(row![column('Shot')]).toBe('\'=HYPERLINK("http://x","y")');
    expect(row![column('Prompt')]).toBe('\'+1');
    expect(row![column('Notes')]).toBe('\'@SUM(A1)');
    expect(row![column('Pan x')]).toBe('-0.5');
  });

  it('leaves the start timecode empty at rates timecode cannot count', () => {
    const odd = makePlan([{ name: 'a', durationFrames: 5 }], { fps: { num: 25, den: 2 }, mediaDir: '/m' });
    const [, row] = parse(shotListCsv(odd), { bom: true }) as string[][];
    expect(row![column('Start')]).toBe('');
    expect(row![column('Duration (s)')]).toBe('0.400');
  });
});

describe('shot list file', () => {
  it('is written whole, and an existing file is kept unless replacing is asked', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'directa-csv-'));
    const boardsOnly = makePlan(TRICKY_SHOTS.map((s) => ({ ...s, take: false })), { fps: { num: 24, den: 1 }, mediaDir: path.join(dir, 'media') });
    const file = path.join(dir, 'shots.csv');
    expect(await writeShotListCsv(boardsOnly, file)).toBe(file);
    expect(fs.readFileSync(file, 'utf8')).toBe(shotListCsv(boardsOnly));
    await expect(writeShotListCsv(boardsOnly, file)).rejects.toMatchObject({ name: 'ExportError', code: 'EXISTS' });
    await writeShotListCsv(boardsOnly, file, { overwrite: true, escapeFormulas: false });
    expect(fs.readdirSync(dir)).toEqual(['shots.csv']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('storyboard fonts', () => {
  const math = path.join(dejavuDir(), 'DejaVuMathTeXGyre.ttf'); // has script capitals DejaVu Sans lacks

  it('sets text in DejaVu Sans when it has every glyph, else in the first fallback that has them all', () => {
    const fonts = loadBoardFonts([math]);
    expect(pickFont('Zoë, Ωμέγα, Жук', fonts.regular, fonts.fallbacks)).toBe(fonts.regular);
    expect(pickFont('the 𝒜 team', fonts.regular, fonts.fallbacks).file).toBe(math);
    expect(pickFont('the 𝒜 team', fonts.bold, fonts.fallbacks).file).toBe(math);
  });

  it('without a font that has them all, keeps the one with the most glyphs', () => {
    const fonts = loadBoardFonts([math]);
    // CJK is in neither: DejaVu has the Latin letters, the math font fewer of its symbols
    expect(pickFont('城市 night run ←', fonts.regular, fonts.fallbacks)).toBe(fonts.regular);
    const plain = loadBoardFonts([]);
    expect(pickFont('城市', plain.regular, [])).toBe(plain.regular);
  });

  it('skips fallback files that are missing or are not fonts', () => {
    const junk = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'directa-font-')), 'junk.ttf');
    fs.writeFileSync(junk, 'not a font');
    const fonts = loadBoardFonts(['/nonexistent/font.ttc', junk, math]);
    expect(fonts.fallbacks.map((f) => f.file)).toEqual([math]);
    expect(fonts.regular.font.postscriptName).toBe('DejaVuSans');
    expect(fonts.bold.font.postscriptName).toBe('DejaVuSans-Bold');
  });
});
