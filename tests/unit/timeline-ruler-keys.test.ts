/** The timeline's ruler ticks, its keys, and its duration limit. */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../electron/ipc/schemas';
import { MAX_DURATION_FRAMES } from '../../renderer/src/timeline/drag';
import { timelineAction } from '../../renderer/src/timeline/keys';
import { addedIds } from '../../renderer/src/timeline/multi-select';
import { rulerTicks } from '../../renderer/src/timeline/ruler';

const NTSC = { num: 24000, den: 1001 };

describe('rulerTicks', () => {
  it('labels whole seconds at the rational rate, never closer than the label spacing', () => {
    const ticks = rulerTicks(NTSC, 2, 0, 2000, 90);
    const major = ticks.filter((t) => t.major);
    // a second is 47.95 px: labels every 2 s (95.9 px), at frames 0, 48, 96 (2 s is 47.952 frames → 48)
    expect(major.slice(0, 3).map((t) => [t.frame, t.label])).toEqual([[0, '00:00:00:00'], [48, '00:00:02:00'], [96, '00:00:04:00']]);
    for (let i = 1; i < major.length; i++) expect(major[i]!.x - major[i - 1]!.x).toBeGreaterThanOrEqual(90);
    expect(ticks.every((t) => t.x >= 0 && t.x <= 2000)).toBe(true);
  });
  it('labels frames when zoomed far in, and minutes when zoomed far out', () => {
    const close = rulerTicks({ num: 24, den: 1 }, 40, 0, 1000, 90).filter((t) => t.major);
    expect(close.slice(0, 3).map((t) => t.label)).toEqual(['00:00:00:00', '00:00:00:05', '00:00:00:10']);
    const far = rulerTicks({ num: 24, den: 1 }, 0.05, 0, 1000, 90).filter((t) => t.major);
    expect(far.slice(0, 2).map((t) => t.label)).toEqual(['00:00:00:00', '00:02:00:00']);
  });
  it('has only the ticks in view, however long the scene', () => {
    const ticks = rulerTicks({ num: 24, den: 1 }, 1, 1_000_000, 1_001_000);
    expect(ticks.length).toBeGreaterThan(0);
    expect(ticks.length).toBeLessThan(100);
    expect(ticks.every((t) => t.x >= 1_000_000 && t.x <= 1_001_000)).toBe(true);
    expect(rulerTicks({ num: 24, den: 1 }, 0, 0, 100)).toEqual([]);
  });
});

describe('timelineAction', () => {
  const key = (k: string, mods: Partial<{ shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) =>
    timelineAction({ key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });
  it('maps the main actions to keys', () => {
    expect(key('ArrowRight')).toEqual({ kind: 'select', delta: 1, extend: false });
    expect(key('ArrowLeft', { shiftKey: true })).toEqual({ kind: 'select', delta: -1, extend: true });
    expect(key('ArrowLeft', { altKey: true })).toEqual({ kind: 'move', delta: -1 });
    expect(key('c', { ctrlKey: true })).toEqual({ kind: 'copy' });
    expect(key('V', { metaKey: true, shiftKey: true })).toEqual({ kind: 'paste' });
    expect(key('d', { ctrlKey: true })).toEqual({ kind: 'duplicate' });
    expect(key('a', { ctrlKey: true })).toEqual({ kind: 'selectAll' });
    expect(key(']')).toEqual({ kind: 'trim', frames: 1, seconds: 0 });
    expect(key('{', { shiftKey: true })).toEqual({ kind: 'trim', frames: 0, seconds: -1 });
    expect(key('+')).toMatchObject({ kind: 'zoom' });
    expect(key('0')).toEqual({ kind: 'fit' });
    expect(key('Enter')).toEqual({ kind: 'playheadToShot' });
  });
  it('leaves other keys to the app (undo, new shot, delete) and to the player, which moves the same playhead', () => {
    for (const k of ['z', 'n', 'Delete', ' ', 'j', 'k', 'l', ',', '.', 'Home', 'End', 'ArrowUp']) expect(key(k)).toBeNull();
    expect(key('z', { ctrlKey: true })).toBeNull();
    expect(key('ArrowUp', { altKey: true })).toBeNull();
  });
});

describe('limits and paste results', () => {
  it('the renderer’s longest duration is the contract’s', () => {
    expect(MAX_DURATION_FRAMES).toBe(LIMITS.maxDurationFrames);
  });
  it('addedIds finds the pasted shots in their new order', () => {
    expect(addedIds(['a', 'b'], ['a', 'x', 'y', 'b'])).toEqual(['x', 'y']);
    expect(addedIds(['a'], ['a'])).toEqual([]);
  });
});
