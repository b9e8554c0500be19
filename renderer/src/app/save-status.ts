/**
 * The top bar's save status in words. "All changes saved" is said only when it is true:
 * the link to the app is up, no call is in flight, no field edit waits, no entry is still
 * being typed. While the link is down edits cannot be saved, and the status says so.
 */
import type { LinkState } from '../lib/reconnect';

export interface SaveFacts {
  link: LinkState;
  /** calls in flight */
  saving: boolean;
  /** field edits queued and not yet saved */
  pendingEdits: number;
  /** an entry the user is still typing */
  typing: boolean;
}

export function saveStatus(f: SaveFacts): string {
  const waiting = f.pendingEdits > 0 ? ` (${f.pendingEdits === 1 ? 'an edit waits' : `${f.pendingEdits} edits wait`})` : '';
  if (f.link.status === 'refused') return `Not connected: Directa has a new secret${waiting}`;
  if (f.link.status === 'offline') return `Not connected: reconnecting${waiting}`;
  if (f.link.status === 'connecting') return f.link.failures > 0 ? `Not connected: reconnecting${waiting}` : 'Connecting…';
  return f.saving || f.pendingEdits > 0 || f.typing ? 'Saving…' : 'All changes saved';
}
