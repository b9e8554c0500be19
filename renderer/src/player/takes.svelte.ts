/** The takes of the selected shot, newest first. */
import type { Take } from '../../../electron/ipc/schemas';
import type { Client } from '../app/client.svelte';

export class Takes {
  list = $state<Take[]>([]);
  /** the shot whose takes `list` holds (an answer for another shot is dropped) */
  private shotId: string | null = null;

  constructor(private readonly client: Client) {}

  async load(projectId: string | null, shotId: string | null): Promise<void> {
    if (shotId !== this.shotId) this.list = [];
    this.shotId = shotId;
    if (!projectId || !shotId) return;
    const takes = await this.client.run('take.list', { projectId, shotId });
    if (takes && shotId === this.shotId) this.list = takes;
  }
}
