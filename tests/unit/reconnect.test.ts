/** The tab's link to the browser host: backoff while the host is away, refresh once it is back, refused after a new secret. */
import { describe, expect, it } from 'vitest';
import { backoffDelay, Reconnector, type LinkState, type Timers } from '../../renderer/src/lib/reconnect';

/** Timers driven by hand: `advance(ms)` runs what falls due. */
function fakeTimers() {
  let now = 0;
  let next = 1;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    setTimeout: (fn, ms) => { const id = next++; pending.set(id, { at: now + ms, fn }); return id; },
    clearTimeout: (id) => void pending.delete(id as number),
    now: () => now,
  };
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = [...pending.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      pending.delete(due[0]);
      now = due[1].at;
      due[1].fn();
    }
    now = until;
  };
  return { timers, advance, pending };
}

function link() {
  const t = fakeTimers();
  const attempts: number[] = [];
  const states: LinkState[] = [];
  let reconnects = 0;
  const r = new Reconnector({
    connect: () => attempts.push(t.timers.now()),
    onChange: (s) => states.push(s),
    onReconnect: () => reconnects++,
    timers: t.timers,
  });
  return { r, t, attempts, states, reconnects: () => reconnects };
}

describe('reconnect backoff', () => {
  it('doubles from 250 ms up to 5 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => backoffDelay(n))).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it('goes online on the first open without a refresh', () => {
    const { r, attempts, reconnects } = link();
    r.start();
    expect(attempts).toEqual([0]);
    expect(r.state.status).toBe('connecting');
    r.opened();
    expect(r.state).toEqual({ status: 'online', retryAt: null, failures: 0 });
    expect(reconnects()).toBe(0);
  });

  it('retries with growing delays while the host is away, then refreshes once when it is back', () => {
    const { r, t, attempts, reconnects } = link();
    r.start();
    r.opened();
    t.advance(10_000);
    r.closed(); // the host went away
    expect(r.state.status).toBe('offline');
    expect(r.state.retryAt).toBe(10_250);
    for (let i = 0; i < 5; i++) {
      t.advance(r.state.retryAt! - t.timers.now());
      expect(r.state.status).toBe('connecting');
      r.closed(); // still away
    }
    expect(attempts.slice(1).map((a, i, all) => a - (all[i - 1] ?? 10_000))).toEqual([250, 500, 1000, 2000, 4000]);
    expect(r.state.failures).toBe(6);
    expect(reconnects()).toBe(0);
    t.advance(5000);
    r.opened();
    expect(r.state).toEqual({ status: 'online', retryAt: null, failures: 0 });
    expect(reconnects()).toBe(1);
    // a later loss starts the backoff from the beginning again
    r.closed();
    expect(r.state.retryAt! - t.timers.now()).toBe(250);
  });

  it('refreshes after a start that failed first (what loaded at start may be missing)', () => {
    const { r, t, reconnects } = link();
    r.start();
    r.closed();
    t.advance(250);
    r.opened();
    expect(reconnects()).toBe(1);
  });

  it('schedules one attempt however many failures are reported at once', () => {
    const { r, t, attempts } = link();
    r.start();
    r.opened();
    r.lost(); // a call failed
    r.closed(); // and the socket closed
    r.lost();
    expect(t.pending.size).toBe(1);
    t.advance(250);
    expect(attempts).toHaveLength(2);
  });

  it('ignores a failed call while not online (the socket’s attempt decides)', () => {
    const { r, t } = link();
    r.start();
    r.lost();
    expect(r.state.status).toBe('connecting');
    expect(t.pending.size).toBe(0);
  });

  it('retries at once on request', () => {
    const { r, t, attempts } = link();
    r.start();
    r.opened();
    for (let i = 0; i < 6; i++) {
      r.closed();
      t.advance(r.state.retryAt! - t.timers.now());
    }
    r.closed();
    expect(r.state.retryAt! - t.timers.now()).toBe(5000);
    const before = attempts.length;
    r.retryNow();
    expect(attempts).toHaveLength(before + 1);
    expect(t.pending.size).toBe(0); // the scheduled attempt was dropped
    expect(r.state.status).toBe('connecting');
  });

  it('says refused when a host answers but not to this tab’s secret, and keeps trying slowly', () => {
    const { r, t, attempts } = link();
    r.start();
    r.opened();
    r.closed(true);
    expect(r.state.status).toBe('refused');
    expect(r.state.retryAt).toBe(5000);
    t.advance(5000);
    expect(attempts).toHaveLength(2);
  });

  it('stops retrying when stopped', () => {
    const { r, t, attempts } = link();
    r.start();
    r.closed();
    r.stop();
    t.advance(60_000);
    expect(attempts).toHaveLength(1);
  });
});
