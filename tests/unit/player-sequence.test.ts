/** The sequence player's schedule: which shot and frame is under a sequence frame, and the playhead's scene frames. */
import { describe, expect, it } from 'vitest';
import { buildSequence, locate, sceneFrameOf, sequenceFrameOf, shotBoundary } from '../../renderer/src/player/sequence';

const scenes = [
  { id: 'A', shots: [{ id: 'a1', durationFrames: 48 }, { id: 'a2', durationFrames: 24 }] },
  { id: 'E', shots: [] },
  { id: 'B', shots: [{ id: 'b1', durationFrames: 72 }] },
];

describe('sequence schedule', () => {
  it('lays shots end to end across scenes, skipping empty scenes', () => {
    const seq = buildSequence(scenes);
    expect(seq.length).toBe(144);
    expect(seq.entries.map((e) => [e.shotId, e.start, e.durationFrames, e.sceneStart])).toEqual([
      ['a1', 0, 48, 0], ['a2', 48, 24, 0], ['b1', 72, 72, 72],
    ]);
  });

  it('finds the shot and the frame inside it at every boundary', () => {
    const seq = buildSequence(scenes);
    const at = (f: number) => { const l = locate(seq, f)!; return [l.entry.shotId, l.offset]; };
    expect(at(0)).toEqual(['a1', 0]);
    expect(at(47)).toEqual(['a1', 47]);
    expect(at(48)).toEqual(['a2', 0]);
    expect(at(71)).toEqual(['a2', 23]);
    expect(at(72)).toEqual(['b1', 0]);
    expect(at(143)).toEqual(['b1', 71]);
    expect(at(500)).toEqual(['b1', 71]); // clamped into the sequence
    expect(at(-3)).toEqual(['a1', 0]);
    expect(at(47.9)).toEqual(['a1', 47]); // a fractional frame is the frame that has started
  });

  it('agrees with a linear scan on a long random sequence', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const many = [{ id: 'S', shots: Array.from({ length: 500 }, (_, i) => ({ id: `s${i}`, durationFrames: 1 + Math.floor(rnd() * 200) })) }];
    const seq = buildSequence(many);
    for (let k = 0; k < 2000; k++) {
      const f = Math.floor(rnd() * seq.length);
      const linear = seq.entries.find((e) => f >= e.start && f < e.start + e.durationFrames)!;
      expect(locate(seq, f)!.entry).toBe(linear);
    }
  });

  it('has nothing to locate in an empty sequence', () => {
    expect(locate(buildSequence([]), 0)).toBeNull();
    expect(buildSequence([{ id: 'E', shots: [] }]).length).toBe(0);
  });

  it('converts between sequence frames and the playhead’s scene frames', () => {
    const seq = buildSequence(scenes);
    expect(sceneFrameOf(seq, 80)).toEqual({ sceneId: 'B', frame: 8 });
    expect(sceneFrameOf(seq, 50)).toEqual({ sceneId: 'A', frame: 50 });
    expect(sequenceFrameOf(seq, 'B', 8)).toBe(80);
    expect(sequenceFrameOf(seq, 'A', 999)).toBe(71); // kept inside the scene
    expect(sequenceFrameOf(seq, 'E', 0)).toBeNull();
    expect(sequenceFrameOf(seq, 'nope', 0)).toBeNull();
  });

  it('jumps to the start of this shot, the previous one, or the next one', () => {
    const seq = buildSequence(scenes);
    expect(shotBoundary(seq, 60, -1)).toBe(48); // inside a2: its start
    expect(shotBoundary(seq, 48, -1)).toBe(0); // at a2's start: a1's start
    expect(shotBoundary(seq, 0, -1)).toBe(0);
    expect(shotBoundary(seq, 10, 1)).toBe(48);
    expect(shotBoundary(seq, 100, 1)).toBe(72); // the last shot: stays at its start
  });
});
