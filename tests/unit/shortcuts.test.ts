/**
 * The one table of shortcuts: the help overlay's groups come from it in order, and every
 * action the project view recognises from a key has a row there (nothing the keyboard does
 * is missing from `?`).
 */
import { describe, expect, it } from 'vitest';
import { SHORTCUTS, shortcutFor, shortcutGroups, type Action } from '../../renderer/src/lib/shortcuts';

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}): KeyboardEvent =>
  ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods }) as KeyboardEvent;

describe('the shortcuts table', () => {
  it('lists its rows under their groups, groups in the order they first appear', () => {
    const groups = shortcutGroups([
      { group: 'A', keys: '1', label: 'one' }, { group: 'B', keys: '2', label: 'two' }, { group: 'A', keys: '3', label: 'three' },
    ]);
    expect(groups.map((g) => [g.group, g.rows.map((r) => r.keys)])).toEqual([['A', ['1', '3']], ['B', ['2']]]);
    expect(shortcutGroups().flatMap((g) => g.rows)).toHaveLength(SHORTCUTS.length);
    expect(shortcutGroups().map((g) => g.group)).toEqual(expect.arrayContaining(['Shots', 'Editing', 'Prompt', 'Help']));
  });

  it('has a row for every action a key can trigger in the project view', () => {
    const keys = [
      'n', 'N', 'g', 'G', 'Delete', 'ArrowUp', 'ArrowDown', '?', 'a', 'Escape', ' ',
    ].flatMap((k) => [key(k), key(k, { altKey: true }), key(k, { ctrlKey: true }), key(k, { ctrlKey: true, shiftKey: true }), key(k, { metaKey: true })]);
    const letters = ['s', 'd', 'z', 'y', 'b', 'e'].flatMap((k) => [key(k, { ctrlKey: true }), key(k, { ctrlKey: true, shiftKey: true }), key(k, { metaKey: true })]);
    const triggered = new Set([...keys, ...letters].map((e) => shortcutFor(e, false)).filter((a): a is Action => a !== null));
    const documented = new Set(SHORTCUTS.flatMap((s) => (s.action ? [s.action] : [])));
    expect([...triggered].sort()).toEqual([...documented].sort());
  });

  it('opens the help with ? outside text fields only, and leaves Ctrl+B to the prompt field', () => {
    expect(shortcutFor(key('?', { shiftKey: true }), false)).toBe('help');
    expect(shortcutFor(key('?', { shiftKey: true }), true)).toBeNull();
    expect(shortcutFor(key('b', { ctrlKey: true }), true)).toBeNull();
    expect(SHORTCUTS.find((s) => s.keys === 'Ctrl+B')).toMatchObject({ group: 'Prompt' });
    // and Ctrl+Shift+B (mark the background) too, listed beside it
    expect(shortcutFor(key('B', { ctrlKey: true, shiftKey: true }), true)).toBeNull();
    expect(shortcutFor(key('B', { ctrlKey: true, shiftKey: true }), false)).toBeNull();
    expect(SHORTCUTS.find((s) => s.keys === 'Ctrl+Shift+B')).toMatchObject({ group: 'Prompt', label: expect.stringContaining('background') });
  });

  it('opens the export dialog with Ctrl+E (⌘E), in a text field too', () => {
    expect(shortcutFor(key('e', { ctrlKey: true }), false)).toBe('export');
    expect(shortcutFor(key('E', { metaKey: true, shiftKey: true }), true)).toBe('export');
    expect(shortcutFor(key('e'), false)).toBeNull();
    expect(SHORTCUTS.find((s) => s.action === 'export')).toMatchObject({ group: 'Export', keys: 'Ctrl+E' });
  });
});
