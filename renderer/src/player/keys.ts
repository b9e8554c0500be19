/**
 * The sequence player's keys, anywhere in the project view outside text fields (the
 * timeline, when it has focus, answers `,` and `.` itself): J/K/L and Space for the
 * transport (transport.ts), `,` / `.` for a frame step, Home / End for the ends.
 * Their rows in the help overlay are in lib/shortcuts.ts.
 */
import type { TransportKey } from './transport';

export type PlayerKey =
  | { kind: 'transport'; key: TransportKey }
  | { kind: 'step'; frames: number }
  | { kind: 'end'; to: 'start' | 'end' };

interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/**
 * The player's action for a key press, or null. `typing`: a text field has focus (no key
 * is the player's then); `onControl`: a button, link or checkbox has focus (Space is its
 * own: it presses it).
 */
export function playerKey(e: KeyLike, typing: boolean, onControl: boolean): PlayerKey | null {
  if (typing || e.ctrlKey || e.metaKey || e.altKey) return null;
  switch (e.key) {
    case 'j': case 'J': return { kind: 'transport', key: 'J' };
    case 'k': case 'K': return { kind: 'transport', key: 'K' };
    case 'l': case 'L': return { kind: 'transport', key: 'L' };
    case ' ': return onControl ? null : { kind: 'transport', key: 'Space' };
    case ',': return { kind: 'step', frames: -1 };
    case '.': return { kind: 'step', frames: 1 };
    case 'Home': return { kind: 'end', to: 'start' };
    case 'End': return { kind: 'end', to: 'end' };
    default: return null;
  }
}

/** Whether a key release is K's (J and L step while K is held). */
export function isKRelease(e: Pick<KeyLike, 'key'>): boolean {
  return e.key === 'k' || e.key === 'K';
}

/** Whether focus is on a control that Space presses (a button, link, checkbox, radio or summary). */
export function isControl(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return ['checkbox', 'radio', 'button', 'submit', 'reset', 'range'].includes(target.type);
  return ['BUTTON', 'A', 'SUMMARY', 'VIDEO'].includes(target.tagName) || target.getAttribute('role') === 'button';
}
