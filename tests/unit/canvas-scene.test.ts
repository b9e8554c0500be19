import { describe, expect, it } from 'vitest';
import { addActor, insertHandle, setBoxAt, setPath } from '../../renderer/src/canvas/actors';
import { buildScene } from '../../renderer/src/canvas/scene';
import { FRAME_VIEW } from '../../renderer/src/canvas/viewport';
import { boxAt } from '../../renderer/src/lib/interpolation';

const car = { phrase: 'red car', span: [2, 9] as [number, number], color: '#ff5a5f' };
const curved = insertHandle(setPath(setBoxAt(addActor([], car, [0.1, 0.5, 0.3, 0.8], 0), 0, 47, [0.6, 0.4, 0.9, 0.8]), 0, []), 0, 0, [0.5, 0.2]);
const actors = addActor(curved, { ...car, phrase: 'dog', color: '#3fa7ff' }, [0.4, 0.4, 0.5, 0.5], 0);
const round = (xs: readonly number[]) => xs.map((v) => +v.toFixed(10));

describe('the frame canvas scene', () => {
  it('shows each actor at the scrubbed frame with the engine\'s interpolated box', () => {
    for (const frame of [0, 11, 23.5, 47]) {
      const scene = buildScene({ actors, frame, durationFrames: 48, selected: null, camera: null });
      expect(scene.actors[0]!.box).toEqual(boxAt(curved[0]!.keyframes, curved[0]!.path, frame));
      expect(scene.actors[1]!.box).toEqual([0.4, 0.4, 0.5, 0.5]); // one box: it holds still
    }
    const scene = buildScene({ actors, frame: 0, durationFrames: 48, selected: null, camera: null });
    expect(scene.view).toEqual(FRAME_VIEW);
    expect(scene.camera).toBeNull();
    expect(scene.actors[0]).toMatchObject({ first: [0.1, 0.5, 0.3, 0.8], last: [0.6, 0.4, 0.9, 0.8], color: '#ff5a5f', phrase: 'red car' });
  });

  it('lets only keyframe boxes be dragged', () => {
    const keyed = (frame: number) => buildScene({ actors, frame, durationFrames: 48, selected: null, camera: null }).actors.map((a) => a.keyed);
    expect(keyed(0)).toEqual([true, true]);
    expect(keyed(20)).toEqual([false, false]);
    expect(keyed(47)).toEqual([true, false]);
  });

  it('shows the path points and where new ones can be pulled out only for the selected actor', () => {
    const none = buildScene({ actors, frame: 0, durationFrames: 48, selected: null, camera: null });
    expect(none.actors[0]!.handles).toEqual([]);
    const selected = buildScene({ actors, frame: 0, durationFrames: 48, selected: 0, camera: null });
    expect(selected.actors[0]!.handles).toEqual([[0.5, 0.2]]);
    expect(selected.actors[0]!.insertions).toHaveLength(2);
    expect(selected.actors[1]!.handles).toEqual([]);
  });

  it('in the camera preview, widens the view to the whole move and puts the actors inside the window of the frame', () => {
    const camera = { cx: 0.5, cy: 0, cz: 1 };
    const last = buildScene({ actors, frame: 47, durationFrames: 48, selected: 0, camera });
    expect(round(last.camera!.window)).toEqual([0.5, 0, 1.5, 1]);
    expect(round(last.camera!.end)).toEqual([0.5, 0, 1.5, 1]);
    expect(round(last.actors[1]!.box)).toEqual([0.9, 0.4, 1, 0.5]); // the dog's frame box, half a frame to the right
    expect(last.view[0]).toBeLessThan(0);
    expect(last.view[2]).toBeGreaterThan(1.5);
    expect(last.actors.every((a) => !a.keyed && a.handles.length === 0)).toBe(true); // a preview, not an editor
    const first = buildScene({ actors, frame: 0, durationFrames: 48, selected: 0, camera });
    expect(round(first.camera!.window)).toEqual([0, 0, 1, 1]);
  });
});
