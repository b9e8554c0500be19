/** Keyboard shortcuts of the project view. Plain keys act only when no text field has focus. */
export type Action =
  | 'newShot' | 'duplicateShot' | 'deleteShot' | 'moveShotUp' | 'moveShotDown'
  | 'previousShot' | 'nextShot' | 'save' | 'undo' | 'redo' | 'generate';

export const SHORTCUTS: readonly { keys: string; action: Action; label: string }[] = [
  { keys: 'N', action: 'newShot', label: 'New shot' },
  { keys: 'G', action: 'generate', label: 'Generate the selected shot' },
  { keys: 'Ctrl+D', action: 'duplicateShot', label: 'Duplicate shot' },
  { keys: 'Delete', action: 'deleteShot', label: 'Delete shot' },
  { keys: 'Alt+↑ / Alt+↓', action: 'moveShotUp', label: 'Move shot earlier / later' },
  { keys: '↑ / ↓', action: 'previousShot', label: 'Select previous / next shot' },
  { keys: 'Ctrl+S', action: 'save', label: 'Save now' },
  { keys: 'Ctrl+Z', action: 'undo', label: 'Undo (outside text fields)' },
  { keys: 'Ctrl+Shift+Z / Ctrl+Y', action: 'redo', label: 'Redo (outside text fields)' },
];

export function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

export function shortcutFor(e: KeyboardEvent, typing: boolean): Action | null {
  const mod = e.ctrlKey || e.metaKey;
  if (mod && e.key.toLowerCase() === 's') return 'save';
  if (mod && e.key.toLowerCase() === 'd') return 'duplicateShot';
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
  return null;
}
