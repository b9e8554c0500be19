/** Drags on the timeline: where a dragged shot lands, and the duration a dragged edge gives. */
import { describe, expect, it } from 'vitest';
import { dropGap, edgeDuration, minDuration, moveIndex, type EdgeDrag } from '../../renderer/src/timeline/drag';
import { layoutScene } from '../../renderer/src/timeline/layout';

/** What the store's shot.move does: remove the shot, insert it at `index`. */
function applyMove(order: string[], from: number, index: number): string[] {
  const rest = order.filter((_, i) => i !== from);
  rest.splice(index, 0, order[from]!);
  return rest;
}

describe('dropGap', () => {
  const l = layoutScene([10, 20, 30]);
  it('maps a frame to the gap before or after the shot under it, by halves', () => {
    expect(dropGap(l, -5)).toBe(0);
    expect(dropGap(l, 4)).toBe(0);
    expect(dropGap(l, 5)).toBe(1);
    expect(dropGap(l, 19)).toBe(1);
    expect(dropGap(l, 20)).toBe(2);
    expect(dropGap(l, 44)).toBe(2);
    expect(dropGap(l, 45)).toBe(3);
    expect(dropGap(l, 1000)).toBe(3);
    expect(dropGap(layoutScene([]), 3)).toBe(0);
  });
});

describe('moveIndex', () => {
  it('puts the shot into the gap it was dropped in, for every shot and gap', () => {
    const order = ['a', 'b', 'c', 'd', 'e'];
    for (let from = 0; from < order.length; from++) {
      for (let gap = 0; gap <= order.length; gap++) {
        // the gap's neighbours, as the user saw them
        const expected = [...order.slice(0, gap).filter((x) => x !== order[from]), order[from]!, ...order.slice(gap).filter((x) => x !== order[from])];
        const index = moveIndex(from, gap);
        if (index === null) {
          expect(expected).toEqual(order);
        } else {
          expect(applyMove(order, from, index)).toEqual(expected);
          expect(expected).not.toEqual(order);
        }
      }
    }
  });
});

describe('edgeDuration', () => {
  const base: EdgeDrag = { startDuration: 72, deltaPx: 0, zoom: 4, rate: { num: 24, den: 1 }, min: 1, max: 86400, secondSnapPx: 0 };
  it('gives whole frames', () => {
    expect(edgeDuration({ ...base, deltaPx: 10 })).toBe(75); // 72 + 2.5 → 75 (rounded half up)
    expect(edgeDuration({ ...base, deltaPx: -9 })).toBe(70);
  });
  it('snaps to a whole second within the pixel tolerance, and not beyond it', () => {
    expect(edgeDuration({ ...base, deltaPx: 4 * 22, secondSnapPx: 8 })).toBe(96); // 94 frames is 8 px from 96
    expect(edgeDuration({ ...base, deltaPx: 4 * 21, secondSnapPx: 8 })).toBe(93); // 12 px away: stays
  });
  it('snaps to the seconds of a rational rate (2 s at 23.976 is 48 frames, 10 s is 240)', () => {
    const ntsc = { ...base, rate: { num: 24000, den: 1001 }, zoom: 1, secondSnapPx: 3 };
    expect(edgeDuration({ ...ntsc, startDuration: 46, deltaPx: 0 })).toBe(48);
    expect(edgeDuration({ ...ntsc, startDuration: 238, deltaPx: 0 })).toBe(240);
    expect(edgeDuration({ ...ntsc, startDuration: 236, deltaPx: 0 })).toBe(236);
  });
  it('never goes under the shortest the shot may be, nor over the longest', () => {
    expect(edgeDuration({ ...base, deltaPx: -10000 })).toBe(1);
    expect(edgeDuration({ ...base, deltaPx: -10000, min: 49 })).toBe(49);
    expect(edgeDuration({ ...base, deltaPx: 10 ** 9, max: 1000 })).toBe(1000);
  });
});

describe('minDuration', () => {
  it('is one past the last keyframe of any object, at least 1', () => {
    expect(minDuration([])).toBe(1);
    expect(minDuration([{ keyframes: [{ frame: 0 }] }])).toBe(1);
    expect(minDuration([{ keyframes: [{ frame: 0 }, { frame: 47 }] }, { keyframes: [{ frame: 10 }] }])).toBe(48);
  });
});
