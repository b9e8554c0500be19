/**
 * Keys of the timeline (when it has focus): the keyboard way to do what the mouse does.
 * Keys it does not name fall through to the project view's shortcuts (N, G, Delete, Ctrl+Z…)
 * and to the sequence player's (Space, J/K/L, , and . for a frame, Home/End), which move
 * the same playhead. The help overlay lists them from lib/shortcuts.ts (group "Timeline").
 */
export type TimelineAction =
  | { kind: 'select'; delta: number; extend: boolean }
  | { kind: 'selectAll' }
  | { kind: 'move'; delta: number }
  | { kind: 'trim'; frames: number; seconds: number }
  | { kind: 'copy' }
  | { kind: 'paste' }
  | { kind: 'duplicate' }
  | { kind: 'zoom'; factor: number }
  | { kind: 'fit' }
  | { kind: 'playheadToShot' };

export const ZOOM_STEP = 1.25;

interface KeyLike {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** The timeline's action for a key, or null to leave the key to the rest of the app. */
export function timelineAction(e: KeyLike): TimelineAction | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (mod && !e.altKey) {
    if (key === 'a') return { kind: 'selectAll' };
    if (key === 'c') return { kind: 'copy' };
    if (key === 'v') return { kind: 'paste' };
    if (key === 'd') return { kind: 'duplicate' };
    return null;
  }
  if (e.altKey) {
    if (key === 'ArrowLeft') return { kind: 'move', delta: -1 };
    if (key === 'ArrowRight') return { kind: 'move', delta: 1 };
    return null;
  }
  switch (key) {
    case 'ArrowLeft': return { kind: 'select', delta: -1, extend: e.shiftKey };
    case 'ArrowRight': return { kind: 'select', delta: 1, extend: e.shiftKey };
    case '[': case '{': return e.shiftKey || key === '{' ? { kind: 'trim', frames: 0, seconds: -1 } : { kind: 'trim', frames: -1, seconds: 0 };
    case ']': case '}': return e.shiftKey || key === '}' ? { kind: 'trim', frames: 0, seconds: 1 } : { kind: 'trim', frames: 1, seconds: 0 };
    case '+': case '=': return { kind: 'zoom', factor: ZOOM_STEP };
    case '-': case '_': return { kind: 'zoom', factor: 1 / ZOOM_STEP };
    case '0': return { kind: 'fit' };
    case 'Enter': return { kind: 'playheadToShot' };
    default: return null;
  }
}
