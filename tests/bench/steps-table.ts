/** The steps benchmark's table: one line per setting, the reference first, in fixed-width columns. */
import { settingLabel, type Row } from './steps-figures';

const COLUMNS = [
  ['setting', 22], ['s/clip', 7], ['PSNR dB', 8], ['(worst)', 8], ['MAE lv', 7],
  ['cam cx', 7], ['cam cy', 7], ['log2cz', 7], ['unread', 7], ['box IoU', 8], ['found', 6],
] as const;

const fixed = (v: number | null, digits: number): string => (v === null ? '-' : v.toFixed(digits));

function line(cells: readonly string[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(COLUMNS[i]![1]) : c.padStart(COLUMNS[i]![1]))).join(' ').trimEnd();
}

/**
 * The table: each setting's mean time per clip, image error against the reference (mean
 * PSNR and the worst case's, mean absolute error in 8-bit levels), camera error per axis
 * with the unreadable readings out of the camera cases, box IoU and the share of frames the
 * objects are found in. `notes` marks rows (e.g. the default steps, the pick).
 */
export function tableLines(reference: Row, rows: readonly Row[], notes: ReadonlyMap<Row, string> = new Map()): string[] {
  const cells = (r: Row, label: string): string[] => [
    label, r.seconds.toFixed(2), fixed(r.psnr, 2), r.worstPsnr === null ? '' : `(${r.worstPsnr.toFixed(1)})`, fixed(r.mae, 2),
    fixed(r.camera.cx, 3), fixed(r.camera.cy, 3), fixed(r.camera.log2cz, 3), `${r.camera.unreadable}/${r.camera.cases}`,
    fixed(r.boxes.iou, 3), fixed(r.boxes.found, 2),
  ];
  const note = (r: Row): string => (notes.has(r) ? `  ${notes.get(r)}` : '');
  return [
    line(COLUMNS.map(([name]) => name)),
    line(cells(reference, `${settingLabel(reference.setting)} (ref)`)) + note(reference),
    ...rows.map((r) => line(cells(r, settingLabel(r.setting))) + note(r)),
  ];
}
