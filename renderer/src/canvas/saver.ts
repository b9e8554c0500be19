/**
 * Sends a shot's actors one finished gesture at a time, in order. A gesture made before
 * the previous one's answer came back builds on what was sent, not on the older saved
 * list, so two quick gestures never overwrite each other; each is its own call (its own
 * undo step). An edit the pure functions refuse sends nothing and says why.
 */
import type { Actor } from './actors';

export type Send = (shotId: string, actors: Actor[]) => Promise<boolean>;

export class ActorSaver {
  private inFlight: { shotId: string; actors: Actor[] } | null = null;
  private queue: Promise<void> = Promise.resolve();
  private waiting = 0;

  constructor(private readonly send: Send) {}

  /**
   * Applies `change` to the shot's actors (`saved`, or what is on its way) and sends the result.
   * Answers the problem when `change` throws, else null.
   */
  edit(shotId: string, saved: readonly Actor[], change: (actors: readonly Actor[]) => Actor[]): string | null {
    const base = this.inFlight?.shotId === shotId ? this.inFlight.actors : saved;
    let next: Actor[];
    try {
      next = change(base);
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
    this.inFlight = { shotId, actors: next };
    this.waiting++;
    this.queue = this.queue.then(async () => {
      try {
        await this.send(shotId, next);
      } catch {
        // the sender reports its own failures (the editor's error banner); the queue goes on
      } finally {
        if (--this.waiting === 0) this.inFlight = null;
      }
    });
    return null;
  }

  /** Resolves when every edit sent so far is answered. */
  settled(): Promise<void> {
    return this.queue;
  }
}
