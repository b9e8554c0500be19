/**
 * Issue 13, part 4: the storyboard PDF opens in a real PDF reader (pypdf, pinned in
 * native-models/requirements.txt) with one outline entry per shot on the right page, each
 * shot's text on its page, the middle frame of each take as the panel picture (takes are
 * made so that every frame has its own grey level), fonts embedded, and a cancel that
 * leaves no file. The PNG sequence has one image per frame of the export, at the
 * project's size, named by frame, the take's frames conformed and the board repeated.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngName, writePngSequence, writeStoryboardPdf } from '../../electron/export/boards';
import { boardFrame } from '../../electron/export/board-frame';
import type { ExportPlan } from '../../electron/export/plan';
import { encodeClip } from '../../electron/media';
import { makePlan, TRICKY_SHOTS, type ShotSeed } from '../helpers/export-docs-plan';
import { tempDir } from '../helpers/tmp';
import { python } from '../helpers/tiny-package';

interface PdfDump {
  title: string;
  outline: { title: string; page: number }[];
  pages: { size: [number, number]; text: string; images: { width: number; height: number; mean: number }[]; fonts: { name: string; embedded: boolean }[] }[];
}

const tmp = tempDir('directa-boards-');
afterAll(() => tmp.cleanup());

const grey = (frame: number) => 20 + 4 * frame;

/** Takes whose frame k is a flat grey of level grey(k), so a panel shows which frame it took. */
async function writeTakes(plan: ExportPlan): Promise<void> {
  for (const shot of plan.shots) {
    if (!shot.take) continue;
    const frames = Array.from({ length: shot.durationFrames }, (_, k) => new Uint8Array(32 * 18 * 3).fill(grey(k)));
    await encodeClip({ frames, width: 32, height: 18, fps: plan.project.fps, outFile: shot.take.mediaPath });
  }
}

const EXTRA: ShotSeed[] = Array.from({ length: 5 }, (_, i) => ({ name: `Insert ${i + 1}`, durationFrames: 10 + i, scene: 'Bridge', prompt: `insert shot ${i + 1}`, take: i % 2 === 0 }));

describe('storyboard PDF', () => {
  let plan: ExportPlan;
  let dump: PdfDump;
  const file = path.join(tmp.dir, 'out dir', 'board é.pdf');

  beforeAll(async () => {
    plan = makePlan([...TRICKY_SHOTS, ...EXTRA], { fps: { num: 24000, den: 1001 }, mediaDir: path.join(tmp.dir, 'media'), width: 32, height: 18 });
    await writeTakes(plan);
    const progress: number[] = [];
    await writeStoryboardPdf(plan, file, { onProgress: (done) => progress.push(done) });
    expect(progress).toEqual(plan.shots.map((_, i) => i + 1));
    dump = JSON.parse(execFileSync(python(), [path.resolve('tests/tools/read_pdf.py'), file], { encoding: 'utf8' })) as PdfDump;
  });

  it('has one outline entry per shot, in order, on the page that holds its panel (6 a page)', () => {
    expect(dump.title).toBe(plan.title);
    expect(dump.pages).toHaveLength(2);
    expect(dump.outline).toEqual(plan.shots.map((s, i) => ({ title: `${i + 1}. ${s.name}`, page: Math.floor(i / 6) })));
    for (const page of dump.pages) expect(page.size.map(Math.round)).toEqual([842, 595]); // A4 landscape
  });

  it('prints each shot\'s name, duration, camera move and prompt on its page', () => {
    const flat = (t: string) => t.replace(/\s+/g, ' ');
    plan.shots.forEach((shot, i) => {
      const text = flat(dump.pages[Math.floor(i / 6)]!.text);
      // the CJK name prints in a fallback font only where the system has one: check its Latin part
      const name = /[\u4e00-\u9fff]/.test(shot.name) ? shot.name.replace(/[\u4e00-\u9fff]+ /, '') : shot.name.replace(/ 🎬$/, '');
      expect(text, shot.name).toContain(name);
      expect(text).toContain(`${((shot.durationFrames * 1001) / 24000).toFixed(2)} s (${shot.durationFrames} f)`);
      expect(text).toContain(flat(shot.prompt));
    });
    const first = flat(dump.pages[0]!.text);
    expect(first).toContain('Camera: pan right 20%, zoom in ×1.50');
    expect(first).toContain('Dialogue: MAN: Hello?');
    expect(first).toContain('Notes: Notes with "quotes", commas and a second line');
    expect(first).toContain('BOARD · no take yet');
  });

  it('shows the middle frame of each take, and a drawn board for shots without one', () => {
    plan.shots.forEach((shot, i) => {
      const page = dump.pages[Math.floor(i / 6)]!;
      const onPage = plan.shots.slice(Math.floor(i / 6) * 6, Math.floor(i / 6) * 6 + 6).filter((s) => s.take);
      expect(page.images).toHaveLength(onPage.length);
      if (!shot.take) return;
      const image = page.images[onPage.indexOf(shot)]!;
      expect(image.width).toBe(32);
      expect(Math.abs(image.mean - grey(Math.floor(shot.durationFrames / 2))), shot.name).toBeLessThan(2.5); // neighbours differ by 4
    });
  });

  it('embeds every font it uses (DejaVu Sans), none of the PDF base fonts', () => {
    const fonts = dump.pages.flatMap((p) => p.fonts);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) {
      expect(f.embedded, f.name).toBe(true);
      expect(f.name).not.toMatch(/Helvetica|Times|Courier/);
    }
    expect(fonts.some((f) => f.name.includes('DejaVuSans-Bold'))).toBe(true);
  });

  it('cancelled, it rejects and leaves no file behind', async () => {
    const out = path.join(tmp.dir, 'cancelled', 'board.pdf');
    fs.mkdirSync(path.dirname(out));
    const controller = new AbortController();
    await expect(writeStoryboardPdf(plan, out, { signal: controller.signal, onProgress: (done) => done === 2 && controller.abort() }))
      .rejects.toMatchObject({ name: 'ExportError', code: 'CANCELLED' });
    expect(fs.readdirSync(path.dirname(out))).toEqual([]);
  });

  it('names the shot whose take is missing, and writes nothing', async () => {
    const broken = makePlan(TRICKY_SHOTS, { fps: { num: 24, den: 1 }, mediaDir: path.join(tmp.dir, 'nowhere') });
    const out = path.join(tmp.dir, 'missing', 'board.pdf');
    await expect(writeStoryboardPdf(broken, out)).rejects.toMatchObject({ code: 'MISSING_MEDIA', message: expect.stringContaining('Wide, "establishing"') });
    expect(fs.existsSync(path.dirname(out)) ? fs.readdirSync(path.dirname(out)) : []).toEqual([]);
  });
});

/** Width, height and colour type of a PNG, from its IHDR chunk. */
function pngHeader(file: string): { width: number; height: number; colorType: number } {
  const b = fs.readFileSync(file);
  expect(b.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(b.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), colorType: b[25]! };
}

describe('PNG image sequence', () => {
  let plan: ExportPlan;
  beforeAll(async () => {
    // a take at 8 fps of 6 frames (0.75 s) for a shot of 20 frames at 24000/1001, and a board shot of 7 frames
    plan = makePlan([{ name: 'Take', durationFrames: 20 }, { name: 'Board ☂', durationFrames: 7, take: false, camera: { cx: 0.3, cy: 0, cz: 1.2 } }], {
      fps: { num: 24000, den: 1001 }, mediaDir: path.join(tmp.dir, 'png', 'media'), width: 48, height: 28,
    });
    const take = plan.shots[0]!.take!;
    const frames = Array.from({ length: 6 }, (_, k) => new Uint8Array(64 * 64 * 3).fill(grey(k * 8)));
    await encodeClip({ frames, width: 64, height: 64, fps: { num: 8, den: 1 }, outFile: take.mediaPath });
  });

  it('writes one PNG per frame of the export at the project size, named by frame in play order', async () => {
    const out = path.join(tmp.dir, 'png', 'frames é');
    const progress: number[] = [];
    const written = await writePngSequence(plan, out, { prefix: 'scène', onProgress: (n) => progress.push(n) });
    expect(written).toBe(out);
    const files = fs.readdirSync(out).sort();
    expect(files).toHaveLength(plan.durationFrames);
    expect(files).toEqual(Array.from({ length: 27 }, (_, f) => pngName('scène', f, 27)));
    expect(files[0]).toBe('scène_000000.png');
    for (const f of [files[0]!, files[19]!, files[26]!]) expect(pngHeader(path.join(out, f))).toEqual({ width: 48, height: 28, colorType: 2 });
    expect(progress.at(-1)).toBe(27);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['frames é', 'media']); // no temporary folder left
  });

  it('conforms the take (first and last frames differ as the take does) and repeats the board', async () => {
    const out = path.join(tmp.dir, 'png', 'check');
    await writePngSequence(plan, out);
    // the square take is pillarboxed into 48×28: look at the centre
    const centre = (f: number) => Number(execFileSync(python(), ['-c', 'import sys; from PIL import Image; print(Image.open(sys.argv[1]).convert("L").getpixel((24, 14)))', path.join(out, pngName('frame', f, 27))], { encoding: 'utf8' }));
    expect(Math.abs(centre(0) - grey(0))).toBeLessThan(4); // the take's first frame
    expect(Math.abs(centre(19) - grey(40))).toBeLessThan(4); // its last, at the shot's end
    const board = boardFrame(plan.shots[1]!, 48, 28);
    const corner = execFileSync(python(), ['-c', 'import sys; from PIL import Image; print(*Image.open(sys.argv[1]).convert("RGB").getpixel((0, 27)))', path.join(out, pngName('frame', 20, 27))], { encoding: 'utf8' });
    expect(corner.trim().split(' ').map(Number).map((v, i) => Math.abs(v - board[(27 * 48) * 3 + i]!) <= 4)).toEqual([true, true, true]);
    expect(fs.readFileSync(path.join(out, pngName('frame', 20, 27)))).toEqual(fs.readFileSync(path.join(out, pngName('frame', 26, 27))));
  });

  it('refuses a non-empty folder unless asked; cancelled, it leaves the old folder as it was and no temporary one', async () => {
    const out = path.join(tmp.dir, 'png', 'kept');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'mine.txt'), 'keep');
    await expect(writePngSequence(plan, out)).rejects.toMatchObject({ name: 'ExportError', code: 'EXISTS' });
    const controller = new AbortController();
    await expect(writePngSequence(plan, out, { overwrite: true, signal: controller.signal, onProgress: (n) => n >= 5 && controller.abort() }))
      .rejects.toMatchObject({ code: 'CANCELLED' });
    expect(fs.readdirSync(out)).toEqual(['mine.txt']);
    expect(fs.readdirSync(path.dirname(out)).filter((f) => f.endsWith('.part'))).toEqual([]);
    await writePngSequence(plan, out, { overwrite: true });
    expect(fs.readdirSync(out)).toHaveLength(27);
  });
});
