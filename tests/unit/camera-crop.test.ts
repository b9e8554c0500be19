import { describe, expect, it } from 'vitest';
import {
  boxToFirstFrame, cropWindow, endWindow, FULL_FRAME, moveBounds, pointToFirstFrame, windowAtFrame,
} from '../../renderer/src/camera/crop';

const close = (a: readonly number[], b: readonly number[]) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 12));

describe('camera crop windows', () => {
  it('end where the paper puts the last frame: centred at (0.5 + cx, 0.5 + cy), sides 1/cz', () => {
    // camera_coords.py frame_windows: end = [cx + 0.5 − 0.5/cz, cy + 0.5 − 0.5/cz, cx + 0.5 + 0.5/cz, cy + 0.5 + 0.5/cz]
    close(endWindow({ cx: 0, cy: 0, cz: 1 }), [0, 0, 1, 1]);
    close(endWindow({ cx: 0.5, cy: 0, cz: 1 }), [0.5, 0, 1.5, 1]);
    close(endWindow({ cx: 0, cy: -0.25, cz: 2 }), [0.25, 0, 0.75, 0.5]);
    close(endWindow({ cx: -1, cy: 1, cz: 0.5 }), [-1.5, 0.5, 0.5, 2.5]);
  });

  it('move linearly from the full frame, clamped to the clip', () => {
    const camera = { cx: 0.4, cy: -0.2, cz: 2 };
    close(cropWindow(camera, 0), FULL_FRAME);
    close(cropWindow(camera, 1), endWindow(camera));
    close(cropWindow(camera, 0.5), [0.325, 0.025, 1.075, 0.775]); // end [0.65, 0.05, 1.15, 0.55]
    close(cropWindow(camera, -3), FULL_FRAME);
    close(cropWindow(camera, 7), endWindow(camera));
    close(cropWindow(camera, Number.NaN), FULL_FRAME);
  });

  it('place shot frame f at f/(D − 1) of the move; a one-frame shot stays on the first frame', () => {
    const camera = { cx: 1, cy: 0, cz: 1 };
    close(windowAtFrame(camera, 0, 48), FULL_FRAME);
    close(windowAtFrame(camera, 47, 48), [1, 0, 2, 1]);
    close(windowAtFrame(camera, 47 / 2, 48), [0.5, 0, 1.5, 1]);
    close(windowAtFrame(camera, 0, 1), FULL_FRAME);
  });

  it('bound the whole move by its first and last windows', () => {
    close(moveBounds({ cx: 0, cy: 0, cz: 2 }), [0, 0, 1, 1]);
    close(moveBounds({ cx: -0.5, cy: 0.5, cz: 1 }), [-0.5, 0, 1, 1.5]);
    close(moveBounds({ cx: 0, cy: 0, cz: 0.5 }), [-0.5, -0.5, 1.5, 1.5]);
  });

  it('map a frame box into the first frame through a window', () => {
    const window = [0.5, 0, 1.5, 1] as const;
    close(pointToFirstFrame(window, [0.5, 0.5]), [1, 0.5]);
    close(boxToFirstFrame([0.25, 0.25, 0.75, 0.75], [0, 0, 1, 1]), [0.25, 0.25, 0.75, 0.75]);
    close(boxToFirstFrame([0.25, 0.25, 0.75, 0.75], [0.5, 0.5, 1, 1]), [0.5, 0.5, 0.75, 0.75]);
  });
});
