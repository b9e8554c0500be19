/**
 * The browser tab's link to the host, as a small state machine: online, offline (the host
 * went away; tries again with a growing delay), or refused (a host answers but does not
 * accept this tab's secret: it was started afresh, so only its new URL gets in).
 *
 * It owns no socket: `connect` starts one attempt, and the owner reports the outcome with
 * `opened()` or `closed()`. After any failure, the next `opened()` calls `onReconnect` so
 * that the app reloads what it may have missed (events sent while it was away are lost,
 * and calls made meanwhile failed).
 * Pure apart from the timers, which tests replace.
 */

export type LinkStatus = 'connecting' | 'online' | 'offline' | 'refused';

export interface LinkState {
  status: LinkStatus;
  /** when the next attempt is due (ms of `now`), while offline or refused */
  retryAt: number | null;
  /** attempts failed since the link was last online */
  failures: number;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export interface ReconnectOptions {
  /** starts one connection attempt; its outcome comes back as opened() or closed() */
  connect: () => void;
  /** the link changed state */
  onChange?: (state: LinkState) => void;
  /** the link is back after a loss */
  onReconnect?: () => void;
  timers?: Timers;
  firstDelayMs?: number;
  maxDelayMs?: number;
}

export const FIRST_DELAY_MS = 250;
export const MAX_DELAY_MS = 5_000;

/** The wait before attempt `failures + 1`: doubling from `first`, at most `max`. */
export function backoffDelay(failures: number, first = FIRST_DELAY_MS, max = MAX_DELAY_MS): number {
  return Math.min(max, first * 2 ** Math.max(0, failures - 1));
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
  now: () => Date.now(),
};

export class Reconnector {
  private current: LinkState = { status: 'connecting', retryAt: null, failures: 0 };
  private timer: unknown = null;
  private readonly timers: Timers;

  constructor(private readonly options: ReconnectOptions) {
    this.timers = options.timers ?? realTimers;
  }

  get state(): LinkState {
    return this.current;
  }

  /** Makes the first attempt. */
  start(): void {
    this.attempt();
  }

  /** The attempt (or the live connection) is open. */
  opened(): void {
    this.cancelTimer();
    const wasLost = this.current.failures > 0;
    this.set({ status: 'online', retryAt: null, failures: 0 });
    if (wasLost) this.options.onReconnect?.();
  }

  /**
   * The attempt failed or the connection closed. `refused`: a host answered but refused
   * this tab's credentials. Schedules the next attempt after the backoff delay.
   */
  closed(refused = false): void {
    if (this.timer !== null) return; // an attempt is already scheduled
    const failures = this.current.failures + 1;
    const delay = refused ? (this.options.maxDelayMs ?? MAX_DELAY_MS) : backoffDelay(failures, this.options.firstDelayMs, this.options.maxDelayMs);
    const retryAt = this.timers.now() + delay;
    this.set({ status: refused ? 'refused' : 'offline', retryAt, failures });
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.attempt();
    }, delay);
  }

  /** A call failed to reach the host: the link is lost even if the socket has not noticed yet. */
  lost(): void {
    if (this.current.status === 'online') this.closed();
  }

  /** Tries now instead of waiting out the delay (the "Retry now" button). */
  retryNow(): void {
    if (this.current.status === 'online' || this.current.status === 'connecting') return;
    this.cancelTimer();
    this.attempt();
  }

  /** Stops retrying (the page is going away). */
  stop(): void {
    this.cancelTimer();
  }

  private attempt(): void {
    this.set({ ...this.current, status: 'connecting', retryAt: null });
    this.options.connect();
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private set(state: LinkState): void {
    this.current = state;
    this.options.onChange?.(state);
  }
}
