/**
 * Thumbnails of the shots on screen: each shot's active take's poster (the take the user
 * picked, else the newest: take.active), loaded lazily for the shots the timeline renders,
 * in batches, one call at a time, and kept until a job of that shot finishes or another
 * take is picked. A shot without a take (or whose poster is not there) shows its board.
 */
import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import { call, on } from '../lib/api';
import type { Shot } from '../../../electron/ipc/schemas';

/** How many shots one take.active call asks about. */
const BATCH = 100;

type ShotRef = Pick<Shot, 'id' | 'activeTakeId'>;

/** The cache key of a shot's poster: picking another take makes another key. */
const keyOf = (shot: ShotRef): string => `${shot.id}:${shot.activeTakeId ?? ''}`;

export class Posters {
  /** shot key → poster URL (null: the shot has no take with a poster); absent: not loaded yet */
  readonly #urls = new SvelteMap<string, string | null>();
  /** shots waiting for their active take: only those last wanted (on screen), not every shot scrolled past */
  #queue: ShotRef[] = [];
  readonly #loading = new SvelteSet<string>();
  #running = 0;
  #projectId: string | null = null;
  readonly #off: () => void;

  constructor() {
    this.#off = on('job.changed', ({ projectId, job }) => {
      if (projectId === this.#projectId && job.status === 'done' && job.shotId) this.forget(job.shotId);
    });
  }

  /** The poster to show for a shot: a URL, null for none, undefined while unknown. */
  url(shot: ShotRef): string | null | undefined {
    return this.#urls.get(keyOf(shot));
  }

  /** Loads the posters of these shots where not known yet (the shots on screen); shots no longer wanted wait no more. */
  want(projectId: string, shots: readonly ShotRef[]): void {
    if (projectId !== this.#projectId) {
      this.#projectId = projectId;
      this.#urls.clear();
      this.#loading.clear();
    }
    this.#queue = shots.filter((shot) => !this.#urls.has(keyOf(shot)) && !this.#loading.has(keyOf(shot)));
    this.#pump();
  }

  /** Drops what is known of a shot: a new take arrived. */
  forget(shotId: string): void {
    for (const key of [...this.#urls.keys()]) if (key.startsWith(`${shotId}:`)) this.#urls.delete(key);
  }

  /** The poster would not load (even with a fresh URL): the shot shows its board. */
  broken(shot: ShotRef): void {
    this.#urls.set(keyOf(shot), null);
  }

  dispose(): void {
    this.#off();
    this.#queue = [];
  }

  /** One take.active call at a time for the shots waiting, at most a batch of them. */
  #pump(): void {
    if (this.#running > 0 || this.#queue.length === 0 || this.#projectId === null) return;
    const batch = this.#queue.splice(0, BATCH);
    const projectId = this.#projectId;
    for (const shot of batch) this.#loading.add(keyOf(shot));
    this.#running++;
    call('take.active', { projectId, shotIds: batch.map((s) => s.id) })
      .then((answers) => {
        if (projectId !== this.#projectId) return;
        answers.forEach(({ take }, i) => this.#urls.set(keyOf(batch[i]!), take?.posterUrl ?? null));
      }, () => undefined) // a shot deleted meanwhile: the shots still on screen are asked again
      .finally(() => {
        for (const shot of batch) this.#loading.delete(keyOf(shot));
        this.#running--;
        this.#pump();
      });
  }
}
