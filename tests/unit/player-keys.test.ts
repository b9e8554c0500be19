/** The sequence player's keys: J/K/L and Space, frame steps and ends, never while typing or with a modifier. */
import { describe, expect, it } from 'vitest';
import { isKRelease, playerKey } from '../../renderer/src/player/keys';
import { SHORTCUTS } from '../../renderer/src/lib/shortcuts';

const k = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) =>
  ({ key, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('player keys', () => {
  it('maps J/K/L (either case), Space, , . Home End', () => {
    expect(playerKey(k('j'), false, false)).toEqual({ kind: 'transport', key: 'J' });
    expect(playerKey(k('K'), false, false)).toEqual({ kind: 'transport', key: 'K' });
    expect(playerKey(k('l'), false, false)).toEqual({ kind: 'transport', key: 'L' });
    expect(playerKey(k(' '), false, false)).toEqual({ kind: 'transport', key: 'Space' });
    expect(playerKey(k(','), false, false)).toEqual({ kind: 'step', frames: -1 });
    expect(playerKey(k('.'), false, false)).toEqual({ kind: 'step', frames: 1 });
    expect(playerKey(k('Home'), false, false)).toEqual({ kind: 'end', to: 'start' });
    expect(playerKey(k('End'), false, false)).toEqual({ kind: 'end', to: 'end' });
    expect(playerKey(k('x'), false, false)).toBeNull();
  });

  it('leaves every key to a text field, and Space to a focused button', () => {
    expect(playerKey(k('l'), true, false)).toBeNull();
    expect(playerKey(k(' '), true, false)).toBeNull();
    expect(playerKey(k(' '), false, true)).toBeNull();
    expect(playerKey(k('l'), false, true)).toEqual({ kind: 'transport', key: 'L' });
  });

  it('leaves modified keys to the app (Ctrl+L, Alt+J, ⌘K)', () => {
    expect(playerKey(k('l', { ctrlKey: true }), false, false)).toBeNull();
    expect(playerKey(k('j', { altKey: true }), false, false)).toBeNull();
    expect(playerKey(k('k', { metaKey: true }), false, false)).toBeNull();
  });

  it('knows K’s release', () => {
    expect(isKRelease({ key: 'k' })).toBe(true);
    expect(isKRelease({ key: 'K' })).toBe(true);
    expect(isKRelease({ key: 'l' })).toBe(false);
  });
});

describe('the help overlay’s table', () => {
  it('lists every key the player answers', () => {
    const rows = SHORTCUTS.filter((r) => r.group === 'Player');
    const documented = rows.flatMap((r) => r.keys.split(/ \/ |\+/));
    for (const [key, shown] of [['j', 'J'], ['k', 'K'], ['l', 'L'], [' ', 'Space'], [',', ','], ['.', '.'], ['Home', 'Home'], ['End', 'End']] as const) {
      expect(playerKey(k(key), false, false), key).not.toBeNull();
      expect(documented, key).toContain(shown);
    }
    expect(rows.every((r) => r.action === undefined)).toBe(true); // the player handles them itself
  });
});
