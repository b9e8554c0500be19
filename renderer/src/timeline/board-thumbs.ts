/**
 * Board thumbnails for the timeline, painted off the interaction's path: a clip shows its
 * neutral frame at once and its board a frame or two later, a few milliseconds of painting
 * per animation frame, so opening or scrolling a long scene never waits for dozens of
 * drawings. Painted boards are kept (by what they show), so a shot scrolled back into view
 * or re-rendered by an edit is copied, not drawn again.
 */

/** Painting time allowed per animation frame, in ms. */
const BUDGET_MS = 6;
/** Boards kept; the oldest go first. */
const KEEP = 400;

interface Job {
  target: HTMLCanvasElement;
  key: string;
  draw: (ctx: CanvasRenderingContext2D, width: number, height: number) => void;
}

const painted = new Map<string, HTMLCanvasElement>();
let queue: Job[] = [];
let scheduled = false;

function copy(from: HTMLCanvasElement, to: HTMLCanvasElement): void {
  const ctx = to.getContext('2d');
  if (!ctx) return;
  ctx.clearRect(0, 0, to.width, to.height);
  ctx.drawImage(from, 0, 0);
}

function keep(key: string, canvas: HTMLCanvasElement): void {
  painted.delete(key);
  painted.set(key, canvas);
  if (painted.size > KEEP) painted.delete(painted.keys().next().value!);
}

function work(): void {
  scheduled = false;
  const until = performance.now() + BUDGET_MS;
  while (queue.length > 0 && performance.now() < until) {
    const job = queue.shift()!;
    if (!job.target.isConnected) continue;
    let board = painted.get(job.key);
    if (!board) {
      board = document.createElement('canvas');
      board.width = job.target.width;
      board.height = job.target.height;
      const ctx = board.getContext('2d');
      if (!ctx) continue;
      job.draw(ctx, board.width, board.height);
    }
    keep(job.key, board);
    copy(board, job.target);
  }
  if (queue.length > 0) schedule();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(work);
}

/**
 * Shows the board `key` on `target` (already sized): at once where it was painted before,
 * else soon. Answers a cancel for a target that is about to show something else or go.
 */
export function paintThumb(target: HTMLCanvasElement, key: string, draw: Job['draw']): () => void {
  const ready = painted.get(key);
  if (ready && ready.width === target.width && ready.height === target.height) {
    keep(key, ready);
    copy(ready, target);
    return () => {};
  }
  const job: Job = { target, key, draw };
  queue.push(job);
  schedule();
  return () => {
    queue = queue.filter((j) => j !== job);
  };
}
