/**
 * Thumbnails of the shots on screen: each shot's active take's poster (the take the user
 * picked, else the newest), loaded lazily for the shots the timeline renders, a few calls
 * at a time, and kept until a job of that shot finishes. A shot without a take (or whose
 * poster is not there) shows its board instead.
 */
import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import { call, on } from '../lib/api';
import { activeTake, type ShotRef } from './active-take';

/** How many take lists load at once. */
const PARALLEL = 4;

/** The cache key of a shot's poster: picking another take makes another key. */
const keyOf = (shot: ShotRef): string => `${shot.id}:${shot.activeTakeId ?? ''}`;

export class Posters {
  /** shot key → poster URL (null: the shot has no take with a poster); absent: not loaded yet */
  readonly #urls = new SvelteMap<string, string | null>();
  /** shots waiting for their take list: only those last wanted (on screen), not every shot scrolled past */
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

  #pump(): void {
    while (this.#running < PARALLEL && this.#queue.length > 0) {
      const shot = this.#queue.shift()!;
      const projectId = this.#projectId!;
      const key = keyOf(shot);
      this.#loading.add(key);
      this.#running++;
      call('take.list', { projectId, shotId: shot.id })
        .then((takes) => activeTake(shot, takes)?.posterUrl ?? null, () => null) // a shot deleted meanwhile: no poster
        .then((url) => {
          if (projectId === this.#projectId) this.#urls.set(key, url);
        })
        .finally(() => {
          this.#loading.delete(key);
          this.#running--;
          this.#pump();
        });
    }
  }
}
