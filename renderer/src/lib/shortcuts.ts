/**
 * Every keyboard shortcut of the app, in one table: the help overlay (`?`) lists it, by
 * group, in this order. A row with an `action` is a project-view shortcut that
 * `shortcutFor` below recognises (plain keys act only when no text field has focus); a
 * row without one documents keys that a part of the editor handles itself while it has
 * focus (the prompt field, the frame canvas, the player…). A feature adds its rows here,
 * not a table of its own, so that the overlay shows them.
 */
export type Action =
  | 'newShot' | 'duplicateShot' | 'deleteShot' | 'moveShotUp' | 'moveShotDown'
  | 'previousShot' | 'nextShot' | 'save' | 'undo' | 'redo' | 'generate' | 'help' | 'export';

export interface Shortcut {
  keys: string;
  label: string;
  /** the heading the overlay lists it under (groups appear in the table's order) */
  group: string;
  /** the project view's action, for the keys `shortcutFor` recognises */
  action?: Action;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { group: 'Shots', keys: 'N', action: 'newShot', label: 'New shot' },
  { group: 'Shots', keys: 'G', action: 'generate', label: 'Generate the selected shot' },
  { group: 'Shots', keys: 'Ctrl+D', action: 'duplicateShot', label: 'Duplicate shot' },
  { group: 'Shots', keys: 'Delete', action: 'deleteShot', label: 'Delete the selected shots (one undo step)' },
  { group: 'Shots', keys: 'Alt+↑', action: 'moveShotUp', label: 'Move shot earlier' },
  { group: 'Shots', keys: 'Alt+↓', action: 'moveShotDown', label: 'Move shot later' },
  { group: 'Shots', keys: '↑', action: 'previousShot', label: 'Select the previous shot' },
  { group: 'Shots', keys: '↓', action: 'nextShot', label: 'Select the next shot' },
  { group: 'Editing', keys: 'Ctrl+S', action: 'save', label: 'Save now' },
  { group: 'Editing', keys: 'Ctrl+Z', action: 'undo', label: 'Undo (outside text fields)' },
  { group: 'Editing', keys: 'Ctrl+Shift+Z / Ctrl+Y', action: 'redo', label: 'Redo (outside text fields)' },
  { group: 'Prompt', keys: 'Ctrl+B', label: 'Make an actor of the selected words (in the prompt field)' },
  { group: 'Prompt', keys: 'Ctrl+Shift+B', label: 'Mark the selected words as the background (in the prompt field)' },
  // the timeline's keys (timeline/keys.ts) act while the timeline's shots have focus (click one, or Tab to them)
  { group: 'Timeline', keys: '← / →', label: 'Select the previous / next shot (Shift: extend the selection)' },
  { group: 'Timeline', keys: 'Click / Ctrl+click / Shift+click', label: 'Select a shot / add or remove one / select a range' },
  { group: 'Timeline', keys: 'Ctrl+A', label: 'Select every shot of the scene' },
  { group: 'Timeline', keys: 'Alt+← / Alt+→', label: 'Move the selected shot earlier / later (or drag it)' },
  { group: 'Timeline', keys: '[ / ]', label: 'Shorten / lengthen the selected shot by a frame; with Shift, by a second (or drag its end edge; Alt: no snap to seconds)' },
  { group: 'Timeline', keys: 'Ctrl+C / Ctrl+V', label: 'Copy the selected shots / paste them after the selection, in any scene (one undo step)' },
  { group: 'Timeline', keys: 'Ctrl+D', label: 'Duplicate the selected shots' },
  { group: 'Timeline', keys: '+ / − / 0', label: 'Zoom in / out / fit the scene (or Ctrl+wheel)' },
  { group: 'Timeline', keys: 'Enter', label: 'Playhead to the start of the selected shot (or click the ruler)' },
  // the sequence player's keys (player/keys.ts) act anywhere in the project view outside text fields
  { group: 'Player', keys: 'Space', label: 'Play / pause the sequence (when no button has focus)' },
  { group: 'Player', keys: 'L', label: 'Play forward; again: faster (2×, 4×, 8×)' },
  { group: 'Player', keys: 'J', label: 'Play backward; again: faster' },
  { group: 'Player', keys: 'K', label: 'Stop' },
  { group: 'Player', keys: 'K+J / K+L', label: 'With K held: one frame back / forward' },
  { group: 'Player', keys: ', / .', label: 'One frame back / forward' },
  { group: 'Player', keys: 'Home / End', label: 'To the first / last frame of the sequence' },
  { group: 'Export', keys: 'Ctrl+E', action: 'export', label: 'Export the scene, a range of shots or the project' },
  { group: 'Help', keys: '?', action: 'help', label: 'Show this list of shortcuts' },
  { group: 'Help', keys: 'Escape', label: 'Close this list' },
];

/** The table's rows under their groups, in the table's order: what the help overlay shows. */
export function shortcutGroups(table: readonly Shortcut[] = SHORTCUTS): { group: string; rows: Shortcut[] }[] {
  const groups: { group: string; rows: Shortcut[] }[] = [];
  for (const row of table) {
    const found = groups.find((g) => g.group === row.group);
    if (found) found.rows.push(row);
    else groups.push({ group: row.group, rows: [row] });
  }
  return groups;
}

export function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

export function shortcutFor(e: KeyboardEvent, typing: boolean): Action | null {
  const mod = e.ctrlKey || e.metaKey;
  if (mod && e.key.toLowerCase() === 's') return 'save';
  if (mod && e.key.toLowerCase() === 'd') return 'duplicateShot';
  if (mod && !e.altKey && e.key.toLowerCase() === 'e') return 'export';
  if (typing) return null; // text fields keep their own undo
  if (mod && e.key.toLowerCase() === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (mod && e.key.toLowerCase() === 'y') return 'redo';
  if (e.altKey && e.key === 'ArrowUp') return 'moveShotUp';
  if (e.altKey && e.key === 'ArrowDown') return 'moveShotDown';
  if (mod || e.altKey) return null;
  if (e.key === 'n' || e.key === 'N') return 'newShot';
  if (e.key === 'g' || e.key === 'G') return 'generate';
  if (e.key === 'Delete') return 'deleteShot';
  if (e.key === 'ArrowUp') return 'previousShot';
  if (e.key === 'ArrowDown') return 'nextShot';
  if (e.key === '?') return 'help';
  return null;
}
