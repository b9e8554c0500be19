/** A shot's board: actors' boxes at a frame in pixels (the engine's interpolation), the pan arrow and the zoom framing. */
import { describe, expect, it } from 'vitest';
import { boardAt, cameraMarks, cameraWords } from '../../renderer/src/player/board';
import { boxAt } from '../../electron/engine/boxes';
import { requestedBoard } from '../../renderer/src/player/overlay';

const actor = {
  phrase: 'a red car', color: '#ff0000',
  keyframes: [{ frame: 0, box: [0.1, 0.2, 0.3, 0.4] as [number, number, number, number] }, { frame: 47, box: [0.6, 0.5, 0.9, 0.8] as [number, number, number, number] }],
  path: [[0.2, 0.3], [0.5, 0.1], [0.75, 0.65]] as [number, number][],
};
const still = { cx: 0, cy: 0, cz: 1 };

describe('board geometry', () => {
  it('draws each actor at the engine’s box for the frame, in pixels', () => {
    for (const frame of [0, 10, 23.5, 47, 60]) {
      const [x1, y1, x2, y2] = boxAt(actor.keyframes, actor.path, frame);
      const a = boardAt({ objects: [actor], camera: still }, frame, 256, 144).actors[0]!;
      expect(a.x).toBeCloseTo(x1 * 256, 9);
      expect(a.y).toBeCloseTo(y1 * 144, 9);
      expect(a.w).toBeCloseTo((x2 - x1) * 256, 9);
      expect(a.h).toBeCloseTo((y2 - y1) * 144, 9);
    }
    const first = boardAt({ objects: [actor], camera: still }, 0, 200, 100).actors[0]!;
    expect([first.x, first.y, first.w, first.h].map((v) => Math.round(v * 1e6) / 1e6)).toEqual([20, 20, 40, 20]);
    expect(first.label).toBe('a red car');
    expect(first.color).toBe('#ff0000');
    expect(first.path).toEqual([[40, 30], [100, 10], [150, 65]]);
  });

  it('gives an actor without a colour a neutral one, and a still camera no marks', () => {
    const d = boardAt({ objects: [{ ...actor, color: null, path: null }], camera: still }, 0, 100, 100);
    expect(d.actors[0]!.color).toMatch(/^#[0-9a-f]{6}$/);
    expect(d.actors[0]!.path).toBeNull();
    expect(d.arrow).toBeNull();
    expect(d.zoomWindow).toBeNull();
    expect(d.cameraLabel).toBe('static');
  });

  it('points the pan arrow from the centre the way the camera moves, reaching the edge at a full pan', () => {
    const right = cameraMarks({ cx: 1, cy: 0, cz: 1 }, 200, 100).arrow!;
    expect(right.from).toEqual([100, 50]);
    expect(right.to).toEqual([200, 50]);
    for (const wing of right.head) expect(wing[0]).toBeLessThan(200); // the head points along the move
    const upLeft = cameraMarks({ cx: -0.5, cy: -0.5, cz: 1 }, 200, 100).arrow!;
    expect(upLeft.to).toEqual([50, 25]);
  });

  it('frames the end of a zoom in and the start of a zoom out inside the frame', () => {
    const zin = cameraMarks({ cx: 0, cy: 0, cz: 2 }, 200, 100).zoomWindow!;
    expect(zin).toEqual({ x: 50, y: 25, w: 100, h: 50 });
    const zout = cameraMarks({ cx: 0, cy: 0, cz: 0.5 }, 200, 100).zoomWindow!;
    expect(zout).toEqual({ x: 50, y: 25, w: 100, h: 50 });
    const panZoom = cameraMarks({ cx: 1, cy: 0, cz: 2 }, 200, 100).zoomWindow!;
    expect(panZoom.x + panZoom.w).toBeLessThanOrEqual(200); // kept inside the frame
  });

  it('says the move in words', () => {
    expect(cameraWords({ cx: 0.3, cy: -0.2, cz: 1.5 })).toBe('pan right · tilt up · zoom in 1.5×');
    expect(cameraWords({ cx: -0.3, cy: 0.2, cz: 0.75 })).toBe('pan left · tilt down · zoom out 0.75×');
    expect(cameraWords({ cx: 0.001, cy: 0, cz: 1.0001 })).toBe('static');
  });
});

describe('a take’s overlay', () => {
  const requested = {
    camera: { cx: 0.2, cy: 0, cz: 1 }, durationFrames: 48,
    objects: [
      { phrase: 'a red car', span: [0, 9] as [number, number], keyframes: actor.keyframes, path: null },
      { phrase: 'a tree', span: [14, 20] as [number, number], keyframes: actor.keyframes, path: null },
    ],
  };

  it('draws what the take asked for, coloured as the shot colours the same words', () => {
    const board = requestedBoard({ requested }, { objects: [{ ...actor, id: 'x', span: [0, 9] }] })!;
    expect(board.camera).toEqual({ cx: 0.2, cy: 0, cz: 1 });
    expect(board.objects.map((o) => [o.phrase, o.color])).toEqual([['a red car', '#ff0000'], ['a tree', expect.stringMatching(/^#[0-9a-f]{6}$/)]]);
    expect(board.objects[1]!.color).not.toBe('#ff0000');
  });

  it('has nothing to draw for a take whose request does not read', () => {
    expect(requestedBoard({ requested: null }, null)).toBeNull();
  });
});
