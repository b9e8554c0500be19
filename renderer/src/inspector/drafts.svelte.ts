/**
 * Field edits not yet sent, batched per shot and saved shortly after typing stops (and at
 * once when the user moves elsewhere).
 */
import type { ShotPatch } from '../../../electron/ipc/schemas';
import { SvelteMap } from 'svelte/reactivity';

const SAVE_DELAY_MS = 400;

export class ShotDrafts {
  /** reactive: the "Saving…" indicator reads it */
  private pending = new SvelteMap<string, ShotPatch>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * @param save sends one shot's batch (and applies the answer); `false` means it could not
   * reach the app, and the batch waits for the next flush (under any newer edit of the same fields)
   */
  constructor(private readonly save: (shotId: string, patch: ShotPatch) => Promise<boolean | void>) {}

  /** Queues a change to a shot's fields; it is saved when typing pauses. */
  patch(shotId: string, patch: ShotPatch): void {
    this.pending.set(shotId, { ...this.pending.get(shotId), ...patch });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), SAVE_DELAY_MS);
  }

  get size(): number {
    return this.pending.size;
  }

  /** Drops what was queued (the project closed without a state to save into). */
  discardTimer(): void {
    clearTimeout(this.timer);
  }

  /** Saves every queued edit now. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    if (this.pending.size === 0) return;
    const batch = [...this.pending];
    this.pending.clear();
    for (const [shotId, patch] of batch) {
      if ((await this.save(shotId, patch)) === false) this.pending.set(shotId, { ...patch, ...this.pending.get(shotId) });
    }
  }
}
