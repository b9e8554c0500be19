/**
 * When the library backs up its open projects (what a backup is: backups.ts): when one
 * opens, and every `intervalMs` for each one changed since its last backup. A database
 * that fails its integrity check is never backed up: its damage must not push the good
 * backups out.
 */
import { backupIsCurrent, backupNowSync, backupOnline } from './backups';
import { quickCheck } from './database';
import type { ProjectStore } from './project-store';

export interface BackupPolicy {
  /** how often open projects that changed are backed up; 0: only when they open */
  intervalMs: number;
  /** how many backups each project keeps */
  keep: number;
}

export const DEFAULT_BACKUP_POLICY: BackupPolicy = { intervalMs: 10 * 60 * 1000, keep: 5 };

const totalChanges = (store: ProjectStore): number => store.db.prepare('SELECT total_changes()').pluck().get() as number;

export class BackupSchedule {
  private timer: ReturnType<typeof setInterval> | null = null;
  /** the connection's change count when each project was last backed up */
  private readonly backedUpAt = new WeakMap<ProjectStore, number>();
  private readonly inFlight = new Map<ProjectStore, Promise<void>>();

  constructor(
    private readonly policy: BackupPolicy,
    private readonly stores: () => Iterable<ProjectStore>,
    private readonly warn: (message: string) => void,
  ) {}

  /**
   * A project just opened, its integrity checked: backs it up at once unless its newest
   * backup is newer than `lastWrite` (the database's last write before it was opened).
   */
  opened(store: ProjectStore, lastWrite: number): void {
    try {
      if (!backupIsCurrent(store.path, lastWrite)) backupNowSync(store.db, store.path, this.policy.keep);
    } catch (err) {
      this.warn(`could not back up ${store.path}: ${(err as Error).message}`);
    }
    this.backedUpAt.set(store, totalChanges(store));
    if (!this.timer && this.policy.intervalMs > 0) {
      this.timer = setInterval(() => void this.backupChanged(), this.policy.intervalMs);
      this.timer.unref();
    }
  }

  /** Backs up every open project changed since its last backup; resolves when all are written. */
  async backupChanged(): Promise<void> {
    await Promise.all([...this.stores()].map((store) => this.backupIfChanged(store)));
  }

  /** Stops the timer (backups in flight end with their connection). */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private backupIfChanged(store: ProjectStore): Promise<void> {
    const running = this.inFlight.get(store);
    if (running) return running;
    if (!store.db.open) return Promise.resolve();
    const changes = totalChanges(store);
    if (changes === this.backedUpAt.get(store)) return Promise.resolve();
    const job = (async () => {
      try {
        quickCheck(store.db);
        await backupOnline(store.db, store.path, this.policy.keep);
        this.backedUpAt.set(store, changes);
      } catch (err) {
        // a project closed meanwhile (renamed, deleted, app quitting) needs no backup here
        if (store.db.open) this.warn(`could not back up ${store.path}: ${(err as Error).message}`);
      } finally {
        this.inFlight.delete(store);
      }
    })();
    this.inFlight.set(store, job);
    return job;
  }
}
