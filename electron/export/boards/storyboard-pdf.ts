/**
 * The storyboard PDF: a grid of panels per page (3 × 2 on A4 landscape by default), one
 * panel per shot in timeline order. A panel shows the middle frame of the shot's active
 * take (decoded by ffmpeg) or, without a take, its board (boxes, paths, camera move), and
 * under it the shot's number and name, scene, duration (seconds and frames) and start
 * timecode, camera move in words, prompt, dialogue and notes, each cut with an ellipsis
 * where the panel ends. Every shot is also an entry of the PDF's outline (bookmarks),
 * "<number>. <name>", so a reader can jump to it.
 *
 * Made by pdfkit with DejaVu Sans embedded (subset), never its built-in Helvetica, whose
 * metrics files a bundled app does not carry; see fonts.ts for other scripts. The file is
 * built in memory, then written as export-file.ts says: a cancelled or failed export
 * leaves no file.
 */
import PDFDocument from 'pdfkit';
import fs from 'node:fs/promises';
import { describeCamera } from '../edit-lists/describe';
import { writeExportFile, type ExportFileOptions } from '../edit-lists/export-file';
import { hasTimecode, timecode } from '../edit-lists/time';
import type { ExportPlan, PlannedShot } from '../plan';
import { drawBoard, type Rect } from './board-drawing';
import { loadBoardFonts, pickFont, type BoardFont, type BoardFonts } from './fonts';
import { takeFrameJpeg } from './take-frame';

export interface StoryboardOptions {
  /** paper size; default A4 */
  paper?: 'A4' | 'LETTER';
  /** panels across and down a landscape page; default 3 × 2 */
  columns?: number;
  rows?: number;
  /** fonts to try after DejaVu (default: the system's; see fonts.ts) */
  fallbackFonts?: readonly string[];
  signal?: AbortSignal;
  /** called after each shot's panel */
  onProgress?: (done: number, total: number) => void;
}

type Doc = PDFKit.PDFDocument;

const MARGIN = 30;
const GAP = 14;
const HEADER = 26;
const FOOTER = 16;

/** Duration as `2.00 s (48 f)`. */
function duration(frames: number, fps: { num: number; den: number }): string {
  return `${((frames * fps.den) / fps.num).toFixed(2)} s (${frames} f)`;
}

function fpsLabel(fps: { num: number; den: number }): string {
  return String(Math.round((fps.num / fps.den) * 1000) / 1000);
}

/** Sets `text` at (x, y) in at most `lines` lines of `size`, cut with an ellipsis; answers the y below it. */
function block(doc: Doc, text: string, x: number, y: number, width: number, lines: number, size: number, font: BoardFont, color: string, fonts: BoardFonts): number {
  if (!text || lines <= 0) return y;
  const chosen = font === fonts.regular || font === fonts.bold ? pickFont(text, font, fonts.fallbacks) : font;
  doc.font(chosen.key).fontSize(size).fillColor(color);
  const lineHeight = doc.currentLineHeight(true);
  const height = lineHeight * lines;
  const used = Math.min(height, doc.heightOfString(text, { width }));
  doc.text(text, x, y, { width, height, ellipsis: true });
  return y + used + 1.5;
}

async function panelImage(shot: PlannedShot, signal?: AbortSignal): Promise<Buffer | null> {
  if (!shot.take) return null;
  return takeFrameJpeg(shot.take.mediaPath, Math.floor(shot.durationFrames / 2), { signal });
}

function panel(doc: Doc, plan: ExportPlan, shot: PlannedShot, image: Buffer | null, r: Rect, fonts: BoardFonts): void {
  const fps = plan.project.fps;
  const aspect = plan.project.height / plan.project.width;
  const pictureH = Math.min(r.w * aspect, r.h * 0.55);
  const pictureW = pictureH / aspect;
  const picture = { x: r.x + (r.w - pictureW) / 2, y: r.y, w: pictureW, h: pictureH };
  if (image) {
    doc.image(image, picture.x, picture.y, { fit: [picture.w, picture.h], align: 'center', valign: 'center' });
    doc.save().lineWidth(0.5).strokeColor('#9a9a94').rect(picture.x, picture.y, picture.w, picture.h).stroke().restore();
  } else {
    drawBoard(doc, shot, picture, fonts);
  }
  const x = r.x;
  const w = r.w;
  const bottom = r.y + r.h;
  let y = picture.y + picture.h + 4;
  y = block(doc, `${shot.index + 1}. ${shot.name}`, x, y, w, 1, 9.5, fonts.bold, '#111111', fonts);
  const start = hasTimecode(fps) ? ` · at ${timecode(shot.startFrame, fps)}` : '';
  y = block(doc, `${shot.sceneName} · ${duration(shot.durationFrames, fps)}${start}`, x, y, w, 1, 7, fonts.regular, '#555555', fonts);
  y = block(doc, `Camera: ${describeCamera(shot.camera)}`, x, y, w, 1, 7, fonts.regular, '#333333', fonts);
  const room = (size: number) => Math.floor((bottom - y) / (size * 1.2));
  y = block(doc, shot.prompt, x, y, w, Math.min(4, room(7.5)), 7.5, fonts.regular, '#111111', fonts);
  if (shot.dialogue) y = block(doc, `Dialogue: ${shot.dialogue}`, x, y, w, Math.min(3, room(7)), 7, fonts.regular, '#1d3f73', fonts);
  if (shot.notes) block(doc, `Notes: ${shot.notes}`, x, y, w, room(7), 7, fonts.regular, '#555555', fonts);
}

function pageFrame(doc: Doc, plan: ExportPlan, page: number, pages: number, fonts: BoardFonts): void {
  const width = doc.page.width;
  const { fps, width: fw, height: fh } = plan.project;
  block(doc, plan.title, MARGIN, MARGIN, width / 2, 1, 13, fonts.bold, '#111111', fonts);
  const facts = `${plan.project.name} · ${fpsLabel(fps)} fps · ${fw}×${fh} · ${plan.shots.length} shots · ${duration(plan.durationFrames, fps)}`;
  const font = pickFont(facts, fonts.regular, fonts.fallbacks);
  doc.font(font.key).fontSize(7.5).fillColor('#555555');
  doc.text(facts, width / 2, MARGIN + 4, { width: width / 2 - MARGIN, align: 'right', height: 10, ellipsis: true });
  doc.font(fonts.regular.key).fontSize(7).fillColor('#777777');
  doc.text(`Directa storyboard · page ${page} of ${pages}`, MARGIN, doc.page.height - MARGIN - 6, { width: width - 2 * MARGIN, align: 'center', lineBreak: false });
}

/** The storyboard of the plan as PDF bytes. */
export async function storyboardPdf(plan: ExportPlan, options: StoryboardOptions = {}): Promise<Buffer> {
  const columns = options.columns ?? 3;
  const rows = options.rows ?? 2;
  if (!Number.isInteger(columns) || !Number.isInteger(rows) || columns < 1 || rows < 1 || columns * rows > 24) {
    throw new RangeError(`a storyboard page holds 1 to 24 panels, got ${columns} × ${rows}`);
  }
  const fonts = loadBoardFonts(options.fallbackFonts);
  const doc: Doc = new PDFDocument({
    size: options.paper ?? 'A4', layout: 'landscape', margin: 0, // our own margins: pdfkit would break pages at its own
    autoFirstPage: false, font: fonts.regular.file,
    info: { Title: plan.title, Subject: `Storyboard of ${plan.project.name}`, Creator: 'Directa' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  for (const f of [fonts.regular, fonts.bold, ...fonts.fallbacks]) doc.registerFont(f.key, f.file, f.postscriptName);

  const perPage = columns * rows;
  const pages = Math.ceil(plan.shots.length / perPage);
  for (const [i, shot] of plan.shots.entries()) {
    options.signal?.throwIfAborted();
    const slot = i % perPage;
    if (slot === 0) {
      doc.addPage();
      pageFrame(doc, plan, i / perPage + 1, pages, fonts);
    }
    const areaW = doc.page.width - 2 * MARGIN;
    const areaH = doc.page.height - 2 * MARGIN - HEADER - FOOTER;
    const w = (areaW - GAP * (columns - 1)) / columns;
    const h = (areaH - GAP * (rows - 1)) / rows;
    const r = { x: MARGIN + (slot % columns) * (w + GAP), y: MARGIN + HEADER + Math.floor(slot / columns) * (h + GAP), w, h };
    const image = await panelImage(shot, options.signal);
    panel(doc, plan, shot, image, r, fonts);
    doc.outline.addItem(`${shot.index + 1}. ${shot.name}`);
    options.onProgress?.(i + 1, plan.shots.length);
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

/** Writes the storyboard PDF to `outPath` (see export-file.ts); answers the path written. */
export async function writeStoryboardPdf(plan: ExportPlan, outPath: string, options: StoryboardOptions & ExportFileOptions = {}): Promise<string> {
  return writeExportFile(plan, outPath, options, async (temp) => fs.writeFile(temp, await storyboardPdf(plan, options)));
}
