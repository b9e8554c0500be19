/**
 * Draws a board (board.ts) on a 2D canvas: a neutral frame, the actors' paths and boxes
 * with their words, the camera's pan arrow and zoom framing. `clear: false` draws over
 * what is there (a take's overlay, on a transparent canvas above the clip).
 */
import type { BoardDrawing } from './board';

export interface PaintOptions {
  /** fill the neutral frame first (a board); false: only the marks (an overlay) */
  background: boolean;
  /** a line of text at the top left (the shot's name) */
  title?: string;
}

export function paintBoard(ctx: CanvasRenderingContext2D, d: BoardDrawing, options: PaintOptions): void {
  const unit = Math.max(1, Math.min(d.width, d.height) / 144);
  ctx.clearRect(0, 0, d.width, d.height);
  if (options.background) {
    ctx.fillStyle = '#3a3d45';
    ctx.fillRect(0, 0, d.width, d.height);
    ctx.strokeStyle = 'rgba(255,255,255,0.08)';
    ctx.lineWidth = unit;
    for (const t of [1 / 3, 2 / 3]) {
      line(ctx, [d.width * t, 0], [d.width * t, d.height]);
      line(ctx, [0, d.height * t], [d.width, d.height * t]);
    }
  }
  ctx.font = `${Math.round(9 * unit)}px system-ui, sans-serif`;
  ctx.textBaseline = 'top';
  for (const a of d.actors) {
    if (a.path && a.path.length > 1) {
      ctx.strokeStyle = a.color;
      ctx.globalAlpha = 0.5;
      ctx.setLineDash([4 * unit, 3 * unit]);
      ctx.beginPath();
      ctx.moveTo(a.path[0]![0], a.path[0]![1]);
      for (const p of a.path.slice(1)) ctx.lineTo(p[0], p[1]);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.globalAlpha = 1;
    }
    ctx.strokeStyle = a.color;
    ctx.lineWidth = 1.5 * unit;
    ctx.strokeRect(a.x, a.y, a.w, a.h);
    ctx.fillStyle = a.color;
    ctx.fillText(a.label, a.x + 2 * unit, a.y + 2 * unit, Math.max(10, a.w - 4 * unit));
  }
  ctx.strokeStyle = '#ffd166';
  ctx.lineWidth = 2 * unit;
  if (d.zoomWindow) {
    ctx.setLineDash([6 * unit, 4 * unit]);
    ctx.strokeRect(d.zoomWindow.x, d.zoomWindow.y, d.zoomWindow.w, d.zoomWindow.h);
    ctx.setLineDash([]);
  }
  if (d.arrow) {
    line(ctx, d.arrow.from, d.arrow.to);
    for (const wing of d.arrow.head) line(ctx, d.arrow.to, wing);
  }
  ctx.fillStyle = '#ffd166';
  ctx.textBaseline = 'bottom';
  ctx.fillText(`camera: ${d.cameraLabel}`, 4 * unit, d.height - 4 * unit);
  if (options.title) {
    ctx.fillStyle = '#e6e8ee';
    ctx.textBaseline = 'top';
    ctx.fillText(options.title, 4 * unit, 4 * unit);
  }
}

function line(ctx: CanvasRenderingContext2D, from: readonly [number, number], to: readonly [number, number]): void {
  ctx.beginPath();
  ctx.moveTo(from[0], from[1]);
  ctx.lineTo(to[0], to[1]);
  ctx.stroke();
}
