/**
 * The sequence player's sound: where each sound falls in what the player plays (a scene or
 * the project), which must be where the export puts it (electron/export/sound-plan.ts),
 * and the time in the sound's file at a frame of the player.
 */
import { describe, expect, it } from 'vitest';
import { planFromStore } from '../../electron/export/plan';
import { planSound } from '../../electron/export/sound-plan';
import type { ProjectState } from '../../electron/ipc/schemas';
import { heardFrames, placeSounds, soundSeconds, volumeOf, type PlacedSound } from '../../renderer/src/export/sound-time';
import { buildSequence } from '../../renderer/src/player/sequence';
import { soundClip as clip, twoScenes } from '../helpers/sound-project';
import { projectStoreFixture } from '../helpers/store';

const ctx = projectStoreFixture({ name: 'Film', fps: { num: 24000, den: 1001 } });
const RATE = { num: 24000, den: 1001 };

const project = () => twoScenes(ctx.store);

/** What the player plays for `sceneIds` (all: the project). */
function playerSounds(sceneIds: string[] | null): PlacedSound[] {
  const state = ctx.store.snapshot() as ProjectState;
  const scenes = sceneIds ? state.scenes.filter((s) => sceneIds.includes(s.id)) : state.scenes;
  const sequence = buildSequence(scenes);
  return placeSounds(state.scenes, sequence.entries, state.audio, RATE);
}

const brief = (sounds: readonly { id: string; startFrame: number; fromFrame: number; toFrame: number; owner: string }[]) =>
  sounds.map((s) => [s.id, s.owner, s.startFrame, s.fromFrame, s.toFrame]);

describe('sound in the player', () => {
  it('is placed where the export places it, for the project and for each scene', () => {
    const { a, b, a2, b1 } = project();
    ctx.store.audio.set({ kind: 'project' }, clip('audio/p.wav', -12));
    ctx.store.audio.set({ kind: 'scene', sceneId: b }, clip('audio/b.wav', 6));
    ctx.store.audio.set({ kind: 'scene', sceneId: a }, clip('audio/a.wav', 0, 0.5));
    ctx.store.audio.set({ kind: 'shot', shotId: a2 }, clip('audio/line.wav', 10));
    ctx.store.audio.set({ kind: 'shot', shotId: b1 }, clip('audio/late.wav', 30)); // starts after its shot
    for (const [sceneIds, scope] of [[null, { kind: 'project' }], [[a], { kind: 'scene', sceneId: a }], [[b], { kind: 'scene', sceneId: b }]] as const) {
      const exported = planSound(ctx.store.snapshot(), planFromStore(ctx.store, scope));
      expect(brief(playerSounds(sceneIds ? [...sceneIds] : null)), JSON.stringify(scope)).toEqual(brief(exported));
    }
    const ids = new Map(ctx.store.snapshot().audio.map((c) => [c.id, c.file]));
    expect(playerSounds([b]).map((s) => [ids.get(s.id), s.startFrame, s.fromFrame, s.toFrame])).toEqual([
      ['audio/p.wav', -84, 0, 24], // the project's track under scene B: 72 frames in, minus its 12-frame lead
      ['audio/b.wav', 6, 0, 24],
    ]);
  });

  it('maps a player frame to the time in the file, silent outside its owner and its length', () => {
    const { b } = project();
    ctx.store.audio.set({ kind: 'project' }, clip('audio/p.wav', -12, 2));
    ctx.store.audio.set({ kind: 'scene', sceneId: b }, clip('audio/b.wav', 6));
    const [track, sceneSound] = playerSounds(null) as [PlacedSound, PlacedSound];
    const frame = 1001 / 24000;
    expect(soundSeconds(track, 0, RATE)).toBeCloseTo(12 * frame, 9); // its first 12 frames were cut
    expect(soundSeconds(track, 30, RATE)).toBeCloseTo(42 * frame, 9);
    expect(soundSeconds(track, 30.5, RATE)).toBeCloseTo(42.5 * frame, 9);
    // 2 s of sound from frame -12: it ends at 2 s, before the sequence does
    const lastHeard = Math.ceil(2 / frame) - 12 - 1;
    expect(soundSeconds(track, lastHeard, RATE)).not.toBeNull();
    expect(soundSeconds(track, lastHeard + 1, RATE)).toBeNull();
    // the scene's sound: from 6 frames into scene B (frame 78), never before scene B or after it
    expect(soundSeconds(sceneSound, 71, RATE)).toBeNull();
    expect(soundSeconds(sceneSound, 72, RATE)).toBeNull();
    expect(soundSeconds(sceneSound, 78, RATE)).toBe(0);
    expect(soundSeconds(sceneSound, 95, RATE)).toBeCloseTo(17 * frame, 9);
    expect(soundSeconds(sceneSound, 96, RATE)).toBeNull();
    // heard: the track from the sequence's start to the end of its 2 s; the scene's sound from its offset to the scene's end
    const [from, to] = heardFrames(track, RATE);
    expect(from).toBe(0);
    expect(to).toBeCloseTo(2 / frame - 12, 6);
    expect(heardFrames(sceneSound, RATE)).toEqual([78, 96]);
  });

  it('places nothing in an empty sequence, and only the shots’ own clips of the shots played', () => {
    const { a1, b1 } = project();
    ctx.store.audio.set({ kind: 'shot', shotId: b1 }, clip('audio/b1.wav', 0));
    const state = ctx.store.snapshot() as ProjectState;
    expect(placeSounds(state.scenes, [], state.audio, RATE)).toEqual([]);
    expect(placeSounds(state.scenes, [{ shotId: a1, start: 0, durationFrames: 24 }], state.audio, RATE)).toEqual([]);
  });

  it('turns a gain into a volume an <audio> element takes', () => {
    expect(volumeOf(0)).toBe(1);
    expect(volumeOf(-6)).toBeCloseTo(0.501, 3);
    expect(volumeOf(-60)).toBeCloseTo(0.001, 4);
    expect(volumeOf(12)).toBe(1);
  });
});
