import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planFromStore } from '../../electron/export/plan';
import { soundMix } from '../../electron/export/sound-mix';
import { planSound, type PlannedSound } from '../../electron/export/sound-plan';
import { soundClip as clip, twoScenes } from '../helpers/sound-project';
import { projectStoreFixture } from '../helpers/store';

const ctx = projectStoreFixture({ name: 'Film', fps: { num: 24, den: 1 } });

const project = () => twoScenes(ctx.store);

describe('planSound', () => {
  it('places project, scene and shot sound inside their owners for the whole project', () => {
    const { a, b, a2 } = project();
    ctx.store.audio.set({ kind: 'project' }, clip('audio/p.wav', -12));
    ctx.store.audio.set({ kind: 'scene', sceneId: b }, clip('audio/b.wav', 6));
    ctx.store.audio.set({ kind: 'scene', sceneId: a }, clip('audio/a.wav', 0, 0.5)); // 12 frames long
    ctx.store.audio.set({ kind: 'shot', shotId: a2 }, clip('audio/line.wav', 10));
    const plan = planFromStore(ctx.store, { kind: 'project' });
    const sounds = planSound(ctx.store.snapshot(), plan);
    const brief = sounds.map((s) => [path.basename(s.path), s.owner, s.startFrame, s.fromFrame, s.toFrame]);
    expect(brief).toEqual([
      ['p.wav', 'project', -12, 0, 96],
      ['a.wav', 'scene', 0, 0, 72],
      ['line.wav', 'shot', 34, 24, 72],
      ['b.wav', 'scene', 78, 72, 96],
    ]);
    expect(sounds[0]).toMatchObject({ gainDb: -6, path: path.join(ctx.store.path, 'media', 'audio', 'p.wav') });
  });

  it("shifts everything to a scene's or a range's own frame 0 and leaves out sound outside it", () => {
    const { a, b, a2, b1 } = project();
    ctx.store.audio.set({ kind: 'project' }, clip('audio/p.wav', 0));
    ctx.store.audio.set({ kind: 'scene', sceneId: a }, clip('audio/a.wav', 0));
    ctx.store.audio.set({ kind: 'scene', sceneId: b }, clip('audio/b.wav', 0));
    const sceneB = planFromStore(ctx.store, { kind: 'scene', sceneId: b });
    expect(planSound(ctx.store.snapshot(), sceneB).map((s) => [path.basename(s.path), s.startFrame, s.fromFrame, s.toFrame]))
      .toEqual([['p.wav', -72, 0, 24], ['b.wav', 0, 0, 24]]);
    const range = planFromStore(ctx.store, { kind: 'range', fromShotId: a2, toShotId: b1 });
    expect(planSound(ctx.store.snapshot(), range).map((s) => [path.basename(s.path), s.startFrame, s.fromFrame, s.toFrame]))
      .toEqual([['p.wav', -24, 0, 72], ['a.wav', -24, 0, 48], ['b.wav', 48, 48, 72]]);
  });

  it('leaves out a sound that ends before its owner starts or starts after it ends', () => {
    const { a } = project();
    ctx.store.audio.set({ kind: 'project' }, clip('audio/early.wav', -48, 1)); // 24 frames ending at -24
    ctx.store.audio.set({ kind: 'scene', sceneId: a }, clip('audio/late.wav', 72));
    expect(planSound(ctx.store.snapshot(), planFromStore(ctx.store, { kind: 'project' }))).toEqual([]);
  });
});

describe('soundMix', () => {
  const sound = (over: Partial<PlannedSound>): PlannedSound => ({
    id: 'x', path: '/m/a b.wav', name: 'a', owner: 'project', startFrame: 0, fromFrame: 0, toFrame: 48, gainDb: 0, durationSeconds: 10, ...over,
  });

  it('is nothing without sound', () => {
    expect(soundMix([], { num: 24, den: 1 }, 48, 1)).toEqual({ inputArgs: [], filter: null, output: '' });
  });

  it('cuts each sound to its window, delays it there, and sums all over a silent bed of exactly the export length', () => {
    const mix = soundMix([
      sound({ startFrame: -12, fromFrame: 0, toFrame: 48, gainDb: -3 }),
      sound({ path: '/m/line.wav', startFrame: 30, fromFrame: 24, toFrame: 36 }),
    ], { num: 24, den: 1 }, 48, 1);
    expect(mix.inputArgs).toEqual(['-i', 'file:/m/a b.wav', '-i', 'file:/m/line.wav']);
    expect(mix.output).toBe('[mix]');
    const parts = mix.filter!.split(';');
    expect(parts[0]).toBe('anullsrc=r=48000:cl=stereo,atrim=end_sample=96000[bed]');
    // starts half a second before the export: its first 0.5 s is cut
    expect(parts[1]).toContain('[1:a:0]');
    expect(parts[1]).toContain('atrim=start=0.500000:end=2.500000');
    expect(parts[1]).toContain('volume=-3dB,adelay=0|0,apad=whole_len=96000,atrim=end_sample=96000[s0]');
    // starts at frame 30 (1.25 s), may sound until frame 36 (1.5 s)
    expect(parts[2]).toContain('[2:a:0]');
    expect(parts[2]).toContain('atrim=start=0.000000:end=0.250000');
    expect(parts[2]).toContain('adelay=1250|1250');
    expect(parts[3]).toBe('[bed][s0][s1]amix=inputs=3:duration=first:dropout_transition=0,volume=3,atrim=end_sample=96000[mix]');
  });

  it('counts samples at NTSC rates exactly (90 frames at 24000/1001 is 180180 samples)', () => {
    expect(soundMix([sound({})], { num: 24000, den: 1001 }, 90, 1).filter).toContain('end_sample=180180[bed]');
  });
});
