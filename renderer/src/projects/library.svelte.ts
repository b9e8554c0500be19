/** The library: the projects a user can open, and the damaged folders that did not open. */
import type { DamagedProject, ProjectState, ProjectSummary } from '../../../electron/ipc/schemas';
import type { Client } from '../app/client.svelte';

export class Library {
  projects = $state<ProjectSummary[]>([]);
  /** project folders that did not open, with why and whether a backup can be restored */
  damaged = $state<DamagedProject[]>([]);

  constructor(private readonly client: Client) {}

  async refresh(): Promise<void> {
    const [projects, damaged] = await Promise.all([this.client.run('project.list', {}), this.client.run('project.damaged', {})]);
    this.projects = projects ?? this.projects;
    this.damaged = damaged ?? this.damaged;
  }

  /** Puts a damaged project's last backup in place; it is then listed like any other. */
  async restore(folder: string): Promise<void> {
    await this.client.run('project.restoreBackup', { folder });
    await this.refresh();
  }

  async create(name: string): Promise<ProjectState | undefined> {
    const state = await this.client.run('project.create', { name });
    if (state) await this.refresh();
    return state;
  }

  async rename(projectId: string, name: string): Promise<ProjectState | undefined> {
    const state = await this.client.run('project.rename', { projectId, name });
    await this.refresh();
    return state;
  }

  async delete(projectId: string): Promise<void> {
    await this.client.run('project.delete', { projectId });
    await this.refresh();
  }
}
