/** The save status never says "All changes saved" while the link to the app is down (issue 12, reconnect bug). */
import { describe, expect, it } from 'vitest';
import { saveStatus } from '../../renderer/src/app/save-status';
import type { LinkState } from '../../renderer/src/lib/reconnect';

const online: LinkState = { status: 'online', retryAt: null, failures: 0 };
const idle = { link: online, saving: false, pendingEdits: 0, typing: false };

describe('save status', () => {
  it('says all is saved only when online and nothing is in flight, queued or being typed', () => {
    expect(saveStatus(idle)).toBe('All changes saved');
    expect(saveStatus({ ...idle, saving: true })).toBe('Saving…');
    expect(saveStatus({ ...idle, pendingEdits: 1 })).toBe('Saving…');
    expect(saveStatus({ ...idle, typing: true })).toBe('Saving…');
  });

  it('says the link is down, and what waits, whatever else is true', () => {
    const offline: LinkState = { status: 'offline', retryAt: 1000, failures: 1 };
    expect(saveStatus({ ...idle, link: offline })).toBe('Not connected: reconnecting');
    expect(saveStatus({ ...idle, link: offline, pendingEdits: 1 })).toBe('Not connected: reconnecting (an edit waits)');
    expect(saveStatus({ ...idle, link: { status: 'connecting', retryAt: null, failures: 3 }, pendingEdits: 2 }))
      .toBe('Not connected: reconnecting (2 edits wait)');
    expect(saveStatus({ ...idle, link: { status: 'refused', retryAt: 5000, failures: 1 } })).toBe('Not connected: Directa has a new secret');
    expect(saveStatus({ ...idle, link: { status: 'connecting', retryAt: null, failures: 0 } })).toBe('Connecting…');
  });
});
