/**
 * Issue 12 items 2 and 4 in Chromium through the browser host: an actor's first and last
 * boxes drawn with the mouse, a path curved by dragging its middle point, the frame slider
 * scrubbed, a camera preset set; the shot then holds exactly those normalised values
 * (read through the API, as another client would), each gesture is one undo step, and the
 * Delete key on the canvas removes the actor, not the shot. Screenshots go to the
 * session's temp folder.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ProjectState, Shot } from '../../electron/ipc/schemas';
import { boxAt } from '../../electron/engine/boxes';
import { formatBox } from '../../renderer/src/canvas/scene';
import { canvasSurface, dragOnCanvas, expectBox } from '../helpers/canvas-gestures';
import { editorSession } from '../helpers/editor-session';

const session = editorSession('directa-e2e-canvas-');
const page = (): Page => session.page;
const PROMPT = 'a red car passes a white dog';

/** The open shot as the host has it. */
async function savedShot(): Promise<Shot> {
  const { projectId, shotId } = session.place();
  const state = await session.call<ProjectState>('project.get', { projectId });
  const shot = state.scenes.flatMap((s) => s.shots).find((s) => s.id === shotId);
  if (!shot) throw new Error('the open shot is not in the project');
  return shot;
}

const undoLabel = () => page().getByRole('button', { name: /^Undo/ }).textContent();

describe('frame canvas and camera direction', () => {
  it('draws an actor\'s first box with the mouse, bound to words of the prompt', async () => {
    await session.newProject('Canvas');
    await page().getByLabel('Prompt', { exact: true }).fill(PROMPT);
    await session.saved();

    await page().getByLabel('Actor words').fill('dragon');
    await page().getByRole('button', { name: 'New actor' }).click();
    await expect.poll(() => page().getByRole('alert').first().textContent()).toContain('"dragon" is not in the prompt');

    await page().getByLabel('Actor words').fill('red car');
    await page().getByRole('button', { name: 'New actor' }).click();
    await dragOnCanvas(page(), [0.1, 0.5], [0.25, 0.8]);
    await expect.poll(async () => (await savedShot()).objects.length).toBe(1);
    const [car] = (await savedShot()).objects;
    expect(car).toMatchObject({ phrase: 'red car', span: [2, 9], path: null });
    expect(car!.keyframes.map((k) => k.frame)).toEqual([0]);
    expectBox(car!.keyframes[0]!.box, [0.1, 0.5, 0.25, 0.8]);
    await expect.poll(undoLabel).toBe('Undo edit boxes');
  });

  it('draws the last box, then curves a straight path by dragging its middle point', async () => {
    await page().getByRole('button', { name: 'Last box' }).click();
    await dragOnCanvas(page(), [0.6, 0.2], [0.9, 0.55]); // snaps: 0.9 and 0.55 are off the thirds and centre
    await expect.poll(async () => (await savedShot()).objects[0]?.keyframes.length).toBe(2);
    let car = (await savedShot()).objects[0]!;
    expect(car.keyframes.map((k) => k.frame)).toEqual([0, 71]); // a new shot is 72 frames long
    expectBox(car.keyframes[1]!.box, [0.6, 0.2, 0.9, 0.55]);
    expect(await page().getByRole('slider', { name: 'Frame' }).inputValue()).toBe('71'); // the slider shows the box drawn

    await page().getByRole('button', { name: 'Straight path' }).click();
    await expect.poll(async () => (await savedShot()).objects[0]?.path?.length).toBe(2);
    // the straight path runs centre to centre; its middle point can be pulled out
    const mid: [number, number] = [(0.175 + 0.75) / 2, (0.65 + 0.375) / 2];
    await dragOnCanvas(page(), mid, [0.45, 0.15]);
    await expect.poll(async () => (await savedShot()).objects[0]?.path?.length).toBe(33); // two spans of 16 samples
    car = (await savedShot()).objects[0]!;
    expectBox([...car.path![16]!, ...car.path![16]!], [0.45, 0.15, 0.45, 0.15]); // the curve goes through the point
    expectBox([...car.path![0]!, ...car.path![32]!], [0.175, 0.65, 0.75, 0.375]); // from the first box's centre to the last's
  });

  it('scrubs the frame slider to the interpolated box, and moves a box on the thirds at a keyframe', async () => {
    const slider = page().getByRole('slider', { name: 'Frame' });
    await slider.fill('36');
    await expect.poll(() => page().locator('.frame-label').textContent()).toMatch(/^frame 37 \/ 72/);
    // the box shown at frame 36 is the engine's box for that frame, along the curve
    const { keyframes, path } = (await savedShot()).objects[0]!;
    const readout = () => page().getByLabel('Selected box at this frame').textContent();
    await expect.poll(readout).toBe(`red car at frame 37: ${formatBox(boxAt(keyframes, path, 36))}`);
    expect(formatBox(boxAt(keyframes, path, 36))).not.toBe(formatBox(boxAt(keyframes, null, 36))); // the curve counts
    await page().screenshot({ path: `${session.dir}/canvas-frame-36.png` });
    await slider.fill('0');
    await expect.poll(() => page().locator('.frame-label').textContent()).toMatch(/^frame 1 \/ 72/);
    // a larger window: a larger canvas (ResizeObserver), the same normalised boxes
    const small = await canvasSurface(page());
    await page().setViewportSize({ width: 1600, height: 1000 });
    await expect.poll(async () => (await canvasSurface(page())).width).toBeGreaterThan(small.width + 50);
    const large = await canvasSurface(page());
    expect(large.width / large.height).toBeCloseTo(small.width / small.height, 1);
    // the first box (0.1–0.25 across) dragged right by 0.23 comes within a few pixels of the third at 1/3: its left edge snaps there
    await dragOnCanvas(page(), [0.17, 0.6], [0.4, 0.6]);
    await expect.poll(async () => (await savedShot()).objects[0]?.keyframes[0]?.box[0]).toBeCloseTo(1 / 3, 9);
    const car = (await savedShot()).objects[0]!;
    const [x1, y1, x2, y2] = car.keyframes[0]!.box;
    expectBox([x2 - x1, y1, y2 - y1, y2], [0.15, 0.5, 0.3, 0.8]); // moved, not resized
    expect(car.path![0]![0]).toBeCloseTo((x1 + x2) / 2, 9); // the path follows the box it starts from
    await page().setViewportSize({ width: 1280, height: 720 });
    await expect.poll(async () => (await canvasSurface(page())).width).toBe(small.width);

    // resized by its bottom-right handle to near the third at 2/3: the dragged edge snaps, the others stay
    await dragOnCanvas(page(), [x2, y2], [0.655, 0.9]);
    await expect.poll(async () => (await savedShot()).objects[0]?.keyframes[0]?.box[2]).toBeCloseTo(2 / 3, 9);
    const resized = (await savedShot()).objects[0]!.keyframes[0]!.box;
    expect(resized[0]).toBeCloseTo(1 / 3, 9);
    expectBox(resized, [1 / 3, 0.5, 2 / 3, 0.9]);

    await page().getByLabel('Colour of red car').fill('#00aa00');
    await expect.poll(async () => (await savedShot()).objects[0]?.color).toBe('#00aa00');
  });

  it('sets a camera preset: saved in the paper\'s ranges and shown as the crop window on the canvas', async () => {
    await page().getByRole('button', { name: 'Pan right + zoom in' }).click();
    await expect.poll(async () => (await savedShot()).camera).toEqual({ cx: 0.5, cy: 0, cz: 1.41 });
    await expect.poll(() => page().getByLabel('Pan x (cx)', { exact: true }).inputValue()).toBe('0.5');
    expect(await page().getByRole('button', { name: 'Pan right + zoom in' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page().getByLabel('Camera preview').isChecked()).toBe(true);
    await page().getByRole('slider', { name: 'Frame' }).fill('0');
    await page().getByRole('button', { name: 'Play the shot' }).click(); // the window travels to the last frame at 24 fps
    await expect.poll(() => page().locator('.frame-label').textContent(), { timeout: 15_000 }).toMatch(/^frame 72 \/ 72/);
    await page().screenshot({ path: `${session.dir}/canvas-camera-preview.png` });
    await page().getByLabel('Camera preview').uncheck();
  });

  it('undoes the last gesture only, then redoes it', async () => {
    await page().getByRole('button', { name: 'Undo edit camera' }).click();
    await expect.poll(async () => (await savedShot()).camera).toEqual({ cx: 0, cy: 0, cz: 1 });
    await page().getByRole('button', { name: 'Undo edit boxes' }).click(); // the colour
    await expect.poll(async () => (await savedShot()).objects[0]?.color).toBe('#ff5a5f');
    await page().getByRole('button', { name: 'Undo edit boxes' }).click(); // the resize, and nothing before it
    await expect.poll(async () => (await savedShot()).objects[0]?.keyframes[0]?.box[2]).toBeLessThan(0.6);
    const undone = (await savedShot()).objects[0]!;
    expect(undone.keyframes[0]!.box[0]).toBeCloseTo(1 / 3, 9); // the move before it stands
    expectBox(undone.keyframes[0]!.box, [1 / 3, 0.5, 1 / 3 + 0.15, 0.8]);
    expect(undone.path).toHaveLength(33); // and so does the curve
    await page().getByRole('button', { name: 'Redo edit boxes' }).click();
    await expect.poll(async () => (await savedShot()).objects[0]?.keyframes[0]?.box[2]).toBeCloseTo(2 / 3, 9);
  });

  it('removes a path point by double-clicking it', async () => {
    const point = (await savedShot()).objects[0]!.path![16]!;
    const s = await canvasSurface(page());
    await page().mouse.dblclick(s.x + point[0] * s.width, s.y + point[1] * s.height);
    await expect.poll(async () => (await savedShot()).objects[0]?.path?.length).toBe(2); // straight again
    await page().getByRole('button', { name: 'Undo edit boxes' }).click();
    await expect.poll(async () => (await savedShot()).objects[0]?.path?.length).toBe(33);
  });

  it('deletes the selected actor with the Delete key on the canvas, and not the shot', async () => {
    await page().getByRole('button', { name: /^red car/ }).click(); // select it in the actor list
    await page().locator('.canvas-host').focus();
    await page().keyboard.press('Delete');
    await expect.poll(async () => (await savedShot()).objects.length).toBe(0);
    expect((await savedShot()).name).toBe('Shot 1'); // the shot is still there
    await page().getByRole('button', { name: 'Undo edit boxes' }).click();
    await expect.poll(async () => (await savedShot()).objects.length).toBe(1);
  });

  it('ran without console errors or CSP violations', () => {
    expect(session.problems).toEqual([]);
  });
});
