/**
 * The editor's link to the main process: runs calls, counts those in flight (the
 * "Saving…" indicator), reports the last failure in the banner, and follows the link's
 * state (in the browser host: lost when the host stops, back when it restarts).
 */
import type { CallInput, CallName, CallOutput } from '../../../electron/ipc/contract';
import { ApiError, call, ConnectionError, linkState, onLink } from '../lib/api';
import type { LinkState } from '../lib/reconnect';

export class Client {
  /** the last failure, shown until dismissed, replaced by another, or the same call succeeds (not any call: a background reload must not hide it) */
  error = $state<string | null>(null);
  #errorFrom: CallName | null = null;
  /** calls in flight */
  busy = $state(0);
  readonly saving: boolean = $derived(this.busy > 0);
  /** the link to the app; a call made while it is not online fails without a banner (the link's own notice says it) */
  link = $state<LinkState>(linkState());
  readonly online: boolean = $derived(this.link.status === 'online');

  constructor() {
    onLink((state) => (this.link = state));
  }

  /** Runs a call, reports its error in the banner, and returns undefined on failure. */
  async run<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K> | undefined> {
    this.busy++;
    try {
      const value = await call(name, input);
      if (this.#errorFrom === name) this.error = null;
      return value;
    } catch (err) {
      if (!(err instanceof ConnectionError)) this.fail(name, err instanceof ApiError ? err.message : `Could not reach the app: ${(err as Error).message}`);
      return undefined;
    } finally {
      this.busy--;
    }
  }

  /** Shows `message` in the banner as the failure of `name` (a refusal made before calling, too). */
  fail(name: CallName, message: string): void {
    this.error = message;
    this.#errorFrom = name;
  }
}
