/**
 * Drag geometry of the frame canvas, in normalised frame coordinates (fabric finds what is
 * under the mouse; these turn a drag into the box or edges it means).
 */
import { snapValue, THIRDS_AND_CENTRE, type Tolerance } from '../lib/snapping';
import { clamp01, type Box } from './viewport';

type PointLike = readonly [number, number];

/** A box smaller than this on either side is a click, not a drawn box. */
export const MIN_BOX_SIZE = 0.01;

/**
 * The box a drag from `start` to `end` draws: corners in any order, clamped to the frame,
 * the moving corner snapped to the thirds and centre when `snap` is given; null when the
 * drag was too small to mean a box.
 */
export function boxFromDrag(start: PointLike, end: PointLike, snap: Tolerance | null = null): Box | null {
  let [ex, ey] = [clamp01(end[0]), clamp01(end[1])];
  if (snap !== null) {
    const tx = typeof snap === 'number' ? snap : snap.x;
    const ty = typeof snap === 'number' ? snap : snap.y;
    ex = snapValue(ex, tx, THIRDS_AND_CENTRE).value;
    ey = snapValue(ey, ty, THIRDS_AND_CENTRE).value;
  }
  const [sx, sy] = [clamp01(start[0]), clamp01(start[1])];
  const box: Box = [Math.min(sx, ex), Math.min(sy, ey), Math.max(sx, ex), Math.max(sy, ey)];
  return box[2] - box[0] < MIN_BOX_SIZE || box[3] - box[1] < MIN_BOX_SIZE ? null : box;
}

type Edge = 'x1' | 'y1' | 'x2' | 'y2';
const CORNER_EDGES: Record<string, readonly Edge[]> = {
  tl: ['x1', 'y1'], mt: ['y1'], tr: ['x2', 'y1'], ml: ['x1'], mr: ['x2'], bl: ['x1', 'y2'], mb: ['y2'], br: ['x2', 'y2'],
};

/** Which edges of a box a resize handle drags, by fabric's control names (tl, mt, tr, ml, mr, bl, mb, br); none for others. */
export function edgesOfCorner(corner: string): Edge[] {
  return [...(CORNER_EDGES[corner] ?? [])];
}
