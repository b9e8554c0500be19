/**
 * A shot's board, drawn as vectors into a PDF panel: a neutral frame with thirds, each
 * actor's first box (solid, tinted with its colour and labelled with its phrase), last
 * box (dashed) and path (or the line between the two boxes), and the camera move: an
 * arrow from the centre along the pan and, when it zooms, the dashed outline of the last
 * frame's framing (centre 0.5 + (cx, cy), size 1/cz of the frame, as the model reads it).
 */
import type { PlannedShot } from '../plan';
import { pickFont, type BoardFonts } from './fonts';

type Doc = PDFKit.PDFDocument;
type Pt = [number, number];

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

function arrow(doc: Doc, from: Pt, to: Pt, color: string, width: number): void {
  const [dx, dy] = [to[0] - from[0], to[1] - from[1]];
  const len = Math.hypot(dx, dy);
  if (len < 1) return;
  const [ux, uy] = [dx / len, dy / len];
  const head = Math.min(8, len / 2);
  doc.save().lineWidth(width).strokeColor(color).fillColor(color);
  doc.moveTo(from[0], from[1]).lineTo(to[0] - ux * head * 0.8, to[1] - uy * head * 0.8).stroke();
  doc.polygon(to, [to[0] - ux * head - uy * head * 0.5, to[1] - uy * head + ux * head * 0.5], [to[0] - ux * head + uy * head * 0.5, to[1] - uy * head - ux * head * 0.5]).fill();
  doc.restore();
}

/** Draws the board of `shot` into `r` (the panel's picture area). */
export function drawBoard(doc: Doc, shot: PlannedShot, r: Rect, fonts: BoardFonts): void {
  const at = (p: Pt): Pt => [r.x + p[0] * r.w, r.y + p[1] * r.h];
  doc.save();
  doc.rect(r.x, r.y, r.w, r.h).clip();
  doc.rect(r.x, r.y, r.w, r.h).fill('#e4e4e0');
  doc.lineWidth(0.4).strokeColor('#c4c4bf');
  for (const t of [1 / 3, 2 / 3]) {
    doc.moveTo(...at([t, 0])).lineTo(...at([t, 1])).stroke();
    doc.moveTo(...at([0, t])).lineTo(...at([1, t])).stroke();
  }
  for (const object of shot.objects) {
    const first = object.keyframes[0];
    const last = object.keyframes[object.keyframes.length - 1];
    if (!first || !last) continue;
    const box = (b: readonly number[]): Rect => {
      const [x1, y1] = at([b[0]!, b[1]!]);
      const [x2, y2] = at([b[2]!, b[3]!]);
      return { x: x1, y: y1, w: x2 - x1, h: y2 - y1 };
    };
    const a = box(first.box);
    doc.save().fillColor(object.color).fillOpacity(0.18).rect(a.x, a.y, a.w, a.h).fill().restore();
    doc.save().lineWidth(1.2).strokeColor(object.color).rect(a.x, a.y, a.w, a.h).stroke().restore();
    if (object.keyframes.length > 1) {
      const b = box(last.box);
      doc.save().lineWidth(1).strokeColor(object.color).dash(3, { space: 2 }).rect(b.x, b.y, b.w, b.h).stroke().undash().restore();
    }
    const route: Pt[] = object.path
      ? object.path.map((p) => at([p[0], p[1]]))
      : object.keyframes.length > 1
        ? [at([(first.box[0] + first.box[2]) / 2, (first.box[1] + first.box[3]) / 2]), at([(last.box[0] + last.box[2]) / 2, (last.box[1] + last.box[3]) / 2])]
        : [];
    if (route.length >= 2) {
      doc.save().lineWidth(1).strokeColor(object.color);
      doc.moveTo(...route[0]!);
      for (const p of route.slice(1, -1)) doc.lineTo(...p);
      doc.stroke().restore();
      arrow(doc, route[route.length - 2]!, route[route.length - 1]!, object.color, 1);
    }
    const label = object.phrase;
    doc.font(pickFont(label, fonts.regular, fonts.fallbacks).key).fontSize(6.5).fillColor(object.color);
    doc.text(label, a.x + 2, a.y + 2, { width: Math.max(20, a.w - 4), height: 9, ellipsis: true, lineBreak: false });
  }
  const { cx, cy, cz } = shot.camera;
  const centre = at([0.5, 0.5]);
  const clamp = (v: number) => Math.min(0.97, Math.max(0.03, v));
  if (Math.abs(cz - 1) > 0.005) {
    const size = 1 / cz;
    const [x1, y1] = at([0.5 + cx - size / 2, 0.5 + cy - size / 2]);
    doc.save().lineWidth(1).strokeColor('#303030').dash(5, { space: 3 }).rect(x1, y1, size * r.w, size * r.h).stroke().undash().restore();
  }
  if (Math.abs(cx) > 0.005 || Math.abs(cy) > 0.005) arrow(doc, centre, at([clamp(0.5 + cx), clamp(0.5 + cy)]), '#303030', 1.8);
  doc.restore();
  doc.save().lineWidth(0.5).strokeColor('#9a9a94').rect(r.x, r.y, r.w, r.h).stroke().restore();
  doc.font(fonts.regular.key).fontSize(6).fillColor('#6a6a66').text('BOARD · no take yet', r.x + 3, r.y + r.h - 9, { lineBreak: false });
}
