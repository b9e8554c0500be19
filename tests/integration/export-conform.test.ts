/**
 * The conform policies through the real ffmpeg: takes whose first half is red and second
 * half blue, fitted to shots shorter or longer than them, sampled where the policies differ.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConformPolicy } from '../../electron/export/conform';
import { planFromStore } from '../../electron/export/plan';
import { exportSequence } from '../../electron/export/sequence';
import { encodeClip } from '../../electron/media/clip';
import { frameAt } from '../helpers/export-project';
import { projectStoreFixture } from '../helpers/store';

const W = 64;
const H = 36;
const ctx = projectStoreFixture({ name: 'Film', fps: { num: 24, den: 1 }, width: W, height: H });

const solid = (rgb: [number, number, number]): Uint8Array => {
  const f = new Uint8Array(W * H * 3);
  for (let i = 0; i < W * H; i++) f.set(rgb, i * 3);
  return f;
};
const RED = solid([220, 30, 30]);
const BLUE = solid([30, 30, 220]);

/** A shot of `duration` frames whose take is `frames` frames at 24 fps, red then blue. */
async function exportWith(policy: ConformPolicy, frames: number, duration: number, name: string) {
  const scene = ctx.store.createScene(name);
  const shot = ctx.store.createShot(scene);
  ctx.store.updateShot(shot, { durationFrames: duration });
  const relative = path.join('takes', name, 'clip.mp4');
  await encodeClip({
    frames: Array.from({ length: frames }, (_, i) => (i < frames / 2 ? RED : BLUE)), width: W, height: H, fps: { num: 24, den: 1 },
    outFile: path.join(ctx.store.path, 'media', relative), preset: 'ultrafast',
  });
  ctx.store.takes.add({ shotId: shot, specHash: name, spec: {}, modelId: 'm', videoFile: relative, posterFile: null, thumbs: [], provider: null, timings: {}, metrics: {} });
  const out = path.join(ctx.dir, `${name}.mp4`);
  const result = await exportSequence(planFromStore(ctx.store, { kind: 'scene', sceneId: scene }), { outPath: out, conform: policy });
  return { out, action: result.shots[0] };
}

/** 'red' or 'blue': which the frame's centre pixel is closer to. */
async function colourAt(file: string, index: number): Promise<'red' | 'blue'> {
  const f = await frameAt(file, index, W, H);
  const i = ((H / 2) * W + W / 2) * 3;
  return f[i]! > f[i + 2]! ? 'red' : 'blue';
}

describe('conform policies', () => {
  it('a short take (8 frames into 24): hold keeps its last frame, loop starts it again, stretch slows it', async () => {
    const hold = await exportWith({ shorter: 'hold', longer: 'trim' }, 8, 24, 'hold');
    expect(hold.action).toBe('hold');
    expect([await colourAt(hold.out, 2), await colourAt(hold.out, 9), await colourAt(hold.out, 23)]).toEqual(['red', 'blue', 'blue']);
    const loop = await exportWith({ shorter: 'loop', longer: 'trim' }, 8, 24, 'loop');
    expect(loop.action).toBe('loop');
    expect([await colourAt(loop.out, 2), await colourAt(loop.out, 9), await colourAt(loop.out, 13)]).toEqual(['red', 'red', 'blue']);
    const stretch = await exportWith({ shorter: 'stretch', longer: 'stretch' }, 8, 24, 'stretch');
    expect(stretch.action).toBe('interpolate'); // slowed 3×
    expect([await colourAt(stretch.out, 6), await colourAt(stretch.out, 18)]).toEqual(['red', 'blue']);
  });

  it('a long take (48 frames into 24): trim cuts its end, stretch speeds it up', async () => {
    const trim = await exportWith({ shorter: 'hold', longer: 'trim' }, 48, 24, 'trim');
    expect(trim.action).toBe('trim');
    expect(await colourAt(trim.out, 20)).toBe('red');
    const fast = await exportWith({ shorter: 'hold', longer: 'stretch' }, 48, 24, 'fast');
    expect(fast.action).toBe('stretch');
    expect([await colourAt(fast.out, 4), await colourAt(fast.out, 20)]).toEqual(['red', 'blue']);
  });
});
