/**
 * The editor's link to the main process: runs calls, counts those in flight (the
 * "Saving…" indicator) and reports the last failure in the banner.
 */
import type { CallInput, CallName, CallOutput } from '../../../electron/ipc/contract';
import { ApiError, call } from '../lib/api';

export class Client {
  error = $state<string | null>(null);
  /** calls in flight */
  busy = $state(0);
  readonly saving: boolean = $derived(this.busy > 0);

  /** Runs a call, reports its error in the banner, and returns undefined on failure. */
  async run<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K> | undefined> {
    this.busy++;
    try {
      const value = await call(name, input);
      this.error = null;
      return value;
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : `Could not reach the app: ${(err as Error).message}`;
      return undefined;
    } finally {
      this.busy--;
    }
  }
}
