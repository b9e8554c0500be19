/**
 * The player's transport, as editors drive it: J plays backward, L forward, K stops;
 * pressing J or L again while already going that way doubles the speed (up to 8×), and
 * pressing the other one turns back at 1×. While K is held, J and L step one frame
 * instead. Space toggles between stopped and 1× forward (or stops whatever is playing).
 *
 * Pure: `press` and `release` answer the next state and how many frames to step at once.
 */

export const MAX_SPEED = 8;

export interface TransportState {
  /** frames of playback per frame of wall clock: negative plays backward, 0 is stopped */
  speed: number;
  /** K is held down: J and L step frames */
  kHeld: boolean;
}

export type TransportKey = 'J' | 'K' | 'L' | 'Space';

export const STOPPED: TransportState = { speed: 0, kHeld: false };

export interface TransportChange {
  state: TransportState;
  /** frames to step now (K held with J or L), 0 otherwise */
  step: number;
}

export function press(state: TransportState, key: TransportKey): TransportChange {
  switch (key) {
    case 'K':
      return { state: { speed: 0, kHeld: true }, step: 0 };
    case 'Space':
      return { state: { ...state, speed: state.speed === 0 ? 1 : 0 }, step: 0 };
    case 'L':
    case 'J': {
      const direction = key === 'L' ? 1 : -1;
      if (state.kHeld) return { state: { speed: 0, kHeld: true }, step: direction };
      const same = Math.sign(state.speed) === direction;
      const magnitude = same ? Math.min(Math.abs(state.speed) * 2, MAX_SPEED) : 1;
      return { state: { ...state, speed: direction * magnitude }, step: 0 };
    }
  }
}

export function release(state: TransportState, key: TransportKey): TransportState {
  return key === 'K' ? { ...state, kHeld: false } : state;
}

/** "▶ 2×", "◀ 1×", "⏸": the speed as the player shows it. */
export function speedLabel(speed: number): string {
  if (speed === 0) return 'Paused';
  return `${speed > 0 ? '▶' : '◀'} ${Math.abs(speed)}×`;
}
