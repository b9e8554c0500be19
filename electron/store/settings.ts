/** Per-project choices that are not a shot's fields: the conform policy of exports, and each shot's active take. */
import type { Db } from './database';
import { StoreError, type ConformPolicy } from './types';

type Edit = <T>(label: string, fn: () => T) => T;

export class ProjectSettings {
  constructor(private readonly db: Db, private readonly edit: Edit) {}

  setConform(policy: ConformPolicy): void {
    this.edit('Change conform policy', () => {
      this.db.prepare('UPDATE project SET conform_shorter = ?, conform_longer = ?').run(policy.shorter, policy.longer);
    });
  }

  /** Picks the take a shot plays and exports; null goes back to its newest take. */
  setActiveTake(shotId: string, takeId: string | null): void {
    this.edit('Pick take', () => {
      if (!this.db.prepare('SELECT 1 FROM shots WHERE id = ?').get(shotId)) throw new StoreError('NOT_FOUND', `no shot ${shotId} in this project`);
      if (takeId !== null) {
        const owner = this.db.prepare('SELECT shot_id FROM takes WHERE id = ?').pluck().get(takeId) as string | undefined;
        if (owner === undefined) throw new StoreError('NOT_FOUND', `no take ${takeId} in this project`);
        if (owner !== shotId) throw new StoreError('INVALID', `take ${takeId} belongs to another shot`);
      }
      this.db.prepare('UPDATE shots SET active_take_id = ? WHERE id = ?').run(takeId, shotId);
    });
  }
}
