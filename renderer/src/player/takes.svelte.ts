/**
 * The takes of the selected shot, newest first, and which of them the take viewer shows:
 * the one the user chose to play, else the shot's active take (the picked one, else the
 * newest).
 */
import type { Shot, Take } from '../../../electron/ipc/schemas';
import type { Client } from '../app/client.svelte';

export class Takes {
  list = $state<Take[]>([]);
  /** the take chosen to play (null: the active one) */
  viewingId = $state<string | null>(null);
  /** the shot whose takes `list` holds (an answer for another shot is dropped) */
  private shotId: string | null = null;

  constructor(private readonly client: Client) {}

  async load(projectId: string | null, shotId: string | null): Promise<void> {
    if (shotId !== this.shotId) {
      this.list = [];
      this.viewingId = null;
    }
    this.shotId = shotId;
    if (!projectId || !shotId) return;
    const takes = await this.client.run('take.list', { projectId, shotId });
    if (takes && shotId === this.shotId) this.list = takes;
  }

  /** The shot's active take: the one picked where it still exists, else the newest. */
  active(shot: Pick<Shot, 'activeTakeId'>): Take | null {
    return this.list.find((t) => t.id === shot.activeTakeId) ?? this.list[0] ?? null;
  }

  /** The take the viewer shows. */
  viewing(shot: Pick<Shot, 'activeTakeId'>): Take | null {
    return this.list.find((t) => t.id === this.viewingId) ?? this.active(shot);
  }
}
