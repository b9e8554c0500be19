/** Generation: the installed models, and the open project's jobs in queue order then newest finished. */
import type { Job, ModelSummary } from '../../../electron/ipc/schemas';
import type { Client } from '../app/client.svelte';

export class Queue {
  jobs = $state<Job[]>([]);
  /** installed model packages and the one shots use by default */
  models = $state<ModelSummary[]>([]);
  defaultModelId = $state<string | null>(null);

  constructor(private readonly client: Client) {}

  async loadModels(): Promise<void> {
    const found = await this.client.run('model.list', {});
    if (!found) return;
    this.models = found.models;
    this.defaultModelId = found.defaultId;
  }

  async load(projectId: string): Promise<void> {
    this.jobs = (await this.client.run('job.list', { projectId })) ?? this.jobs;
  }

  /** A job's news from the events: replaces it in the list, or reloads a list that lacks it. */
  changed(projectId: string, job: Job): void {
    const at = this.jobs.findIndex((j) => j.id === job.id);
    if (at === -1) void this.load(projectId);
    else this.jobs[at] = job;
  }

  async cancel(projectId: string, jobId: string): Promise<void> {
    const job = await this.client.run('job.cancel', { projectId, jobId });
    if (job) await this.load(projectId);
  }

  async move(projectId: string, jobId: string, index: number): Promise<void> {
    this.jobs = (await this.client.run('job.move', { projectId, jobId, index })) ?? this.jobs;
  }

  clear(): void {
    this.jobs = [];
  }
}
