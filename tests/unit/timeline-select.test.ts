/** Multi-select on the timeline: click, Ctrl + click, Shift + click, keyboard ranges, where a paste goes, and what is selected after a delete. */
import { describe, expect, it } from 'vitest';
import {
  afterDelete, clickSelect, EMPTY_SELECTION, extendSelect, inOrder, pasteIndex, pruneSelection, selectAll,
} from '../../renderer/src/timeline/multi-select';

const order = ['a', 'b', 'c', 'd', 'e', 'f'];

describe('clickSelect', () => {
  it('a plain click selects one shot and sets the anchor', () => {
    expect(clickSelect({ ids: ['a', 'c'], anchor: 'a' }, order, 'd')).toEqual({ ids: ['d'], anchor: 'd' });
  });
  it('Ctrl + click adds or removes one shot, keeping the scene order', () => {
    let s = clickSelect(EMPTY_SELECTION, order, 'e');
    s = clickSelect(s, order, 'b', { toggle: true });
    expect(s).toEqual({ ids: ['b', 'e'], anchor: 'b' });
    s = clickSelect(s, order, 'e', { toggle: true });
    expect(s).toEqual({ ids: ['b'], anchor: 'e' });
  });
  it('Shift + click selects the range from the anchor, either way', () => {
    const s = clickSelect(EMPTY_SELECTION, order, 'c');
    expect(clickSelect(s, order, 'e', { range: true })).toEqual({ ids: ['c', 'd', 'e'], anchor: 'c' });
    expect(clickSelect(s, order, 'a', { range: true })).toEqual({ ids: ['a', 'b', 'c'], anchor: 'c' });
  });
  it('Ctrl + Shift + click adds the range to what was selected', () => {
    let s = clickSelect(EMPTY_SELECTION, order, 'a');
    s = clickSelect(s, order, 'd', { toggle: true });
    expect(clickSelect(s, order, 'f', { range: true, toggle: true })).toEqual({ ids: ['a', 'd', 'e', 'f'], anchor: 'd' });
  });
  it('Shift + click without an anchor selects the one shot; an unknown shot changes nothing', () => {
    expect(clickSelect(EMPTY_SELECTION, order, 'b', { range: true })).toEqual({ ids: ['b'], anchor: 'b' });
    const s = { ids: ['a'], anchor: 'a' };
    expect(clickSelect(s, order, 'zz')).toBe(s);
  });
});

describe('extendSelect', () => {
  it('Shift + arrows grow and shrink the range from the anchor, and stop at the ends', () => {
    let r = extendSelect(clickSelect(EMPTY_SELECTION, order, 'c'), order, 'c', 1);
    expect(r).toEqual({ selection: { ids: ['c', 'd'], anchor: 'c' }, focus: 'd' });
    r = extendSelect(r.selection, order, r.focus, -1);
    r = extendSelect(r.selection, order, r.focus, -1);
    expect(r).toEqual({ selection: { ids: ['b', 'c'], anchor: 'c' }, focus: 'b' });
    r = extendSelect(r.selection, order, r.focus, -5);
    expect(r.selection.ids).toEqual(['a', 'b', 'c']);
  });
});

describe('pruneSelection', () => {
  it('drops shots that are gone and follows the new order; unchanged answers the same object', () => {
    const s = { ids: ['b', 'd', 'e'], anchor: 'd' };
    expect(pruneSelection(s, ['e', 'b', 'a'])).toEqual({ ids: ['e', 'b'], anchor: null });
    expect(pruneSelection(s, order)).toBe(s);
  });
});

describe('selectAll, inOrder, pasteIndex', () => {
  it('select every shot in order', () => {
    expect(selectAll(order)).toEqual({ ids: order, anchor: 'a' });
    expect(selectAll([])).toEqual({ ids: [], anchor: null });
    expect(inOrder(order, ['f', 'a', 'zz', 'a'])).toEqual(['a', 'f']);
  });
  it('a paste goes after the last selected shot, or at the end', () => {
    expect(pasteIndex(order, ['b', 'd'])).toBe(4);
    expect(pasteIndex(order, [])).toBe(6);
    expect(pasteIndex(order, ['gone'])).toBe(6);
  });
});

describe('afterDelete', () => {
  it('moves to the first remaining shot after the deleted primary', () => {
    expect(afterDelete(order, ['b', 'c', 'd'], 'b')).toBe('e');
    expect(afterDelete(order, ['b', 'c', 'd'], 'd')).toBe('e');
    expect(afterDelete(order, ['b', 'd'], 'b')).toBe('c'); // a gap in the selection: the shot in it
  });
  it('falls back to the last shot before it when the end of the scene went', () => {
    expect(afterDelete(order, ['d', 'e', 'f'], 'e')).toBe('c');
    expect(afterDelete(order, ['b', 'f'], 'f')).toBe('e');
  });
  it('keeps a primary shot that stays, and answers null when no shot remains', () => {
    expect(afterDelete(order, ['a', 'b'], 'e')).toBe('e');
    expect(afterDelete(order, order, 'c')).toBeNull();
  });
  it('without a primary, moves to the first remaining shot from the first deleted one', () => {
    expect(afterDelete(order, ['c', 'd'], null)).toBe('e');
    expect(afterDelete(order, ['e', 'f'], 'gone')).toBe('d');
  });
});
