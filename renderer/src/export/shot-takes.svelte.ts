/**
 * Which shots of an export have a take (take.active), so the dialog can say how many will
 * be boards or empty slots. A newer load wins over an older one; a failed load leaves the
 * answer unknown (every shot counted as without a take), which only changes that line.
 */
import { SvelteMap } from 'svelte/reactivity';
import { call } from '../lib/api';

/** Shots per take.active call (the contract takes up to 2000; kept well under). */
const CHUNK = 500;

export class ShotTakes {
  private readonly known = new SvelteMap<string, boolean>();
  private seq = 0;

  has(shotId: string): boolean {
    return this.known.get(shotId) ?? false;
  }

  async load(projectId: string, shotIds: readonly string[]): Promise<void> {
    const mine = ++this.seq;
    const answers: [string, boolean][] = [];
    try {
      for (let i = 0; i < shotIds.length; i += CHUNK) {
        const part = await call('take.active', { projectId, shotIds: shotIds.slice(i, i + CHUNK) });
        for (const { shotId, take } of part) answers.push([shotId, take !== null]);
      }
    } catch {
      return;
    }
    if (mine !== this.seq) return;
    for (const [shotId, has] of answers) this.known.set(shotId, has);
  }
}
