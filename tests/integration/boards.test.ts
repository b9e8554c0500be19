/**
 * Issue 13, part 4: the storyboard PDF opens in a real PDF reader (pypdf, pinned in
 * native-models/requirements.txt) with one outline entry per shot on the right page, each
 * shot's text on its page, the middle frame of each take as the panel picture (takes are
 * made so that every frame has its own grey level), fonts embedded, and a cancel that
 * leaves no file.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeStoryboardPdf } from '../../electron/export/boards';
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
