/**
 * Generation: the installed models, and the open project's jobs in queue order then newest
 * finished, with what a running job has left (its step and time left, see eta.ts).
 */
import type { Job, ModelSummary } from '../../../electron/ipc/schemas';
import type { Client } from '../app/client.svelte';
import { ProgressClock } from './eta';

export interface EnqueueOutcome {
  /** shots queued (or already queued) for generation */
  queued: string[];
  /** shots whose unchanged spec already had a take: nothing to generate */
  reused: string[];
}

export class Queue {
  jobs = $state<Job[]>([]);
  /** installed model packages and the one shots use by default */
  models = $state<ModelSummary[]>([]);
  defaultModelId = $state<string | null>(null);
  /** progress updates of running jobs, for the time left */
  readonly clock = new ProgressClock();

  constructor(private readonly client: Client) {}

  async loadModels(): Promise<void> {
    const found = await this.client.run('model.list', {});
    if (!found) return;
    this.models = found.models;
    this.defaultModelId = found.defaultId;
  }

  async load(projectId: string): Promise<void> {
    const jobs = await this.client.run('job.list', { projectId });
    if (!jobs) return;
    this.jobs = jobs;
    for (const job of jobs) this.clock.record(job.id, job.progress, Date.now(), job.status === 'running');
  }

  /** A job's news from the events: replaces it in the list, or reloads a list that lacks it. */
  changed(projectId: string, job: Job): void {
    this.clock.record(job.id, job.progress, Date.now(), job.status === 'running');
    const at = this.jobs.findIndex((j) => j.id === job.id);
    if (at === -1) void this.load(projectId);
    else this.jobs[at] = job;
  }

  /** Queues shots in the order given (a scene's, or the selection's); stops at the first refusal (its message is in the banner). */
  async enqueue(projectId: string, shotIds: readonly string[]): Promise<EnqueueOutcome> {
    const outcome: EnqueueOutcome = { queued: [], reused: [] };
    for (const shotId of shotIds) {
      const result = await this.client.run('job.enqueue', { projectId, shotId });
      if (!result) break;
      if (result.job) outcome.queued.push(shotId);
      else if (result.take) outcome.reused.push(shotId);
    }
    if (outcome.queued.length > 0) await this.load(projectId);
    return outcome;
  }

  async cancel(projectId: string, jobId: string): Promise<void> {
    const job = await this.client.run('job.cancel', { projectId, jobId });
    if (job) await this.load(projectId);
  }

  async move(projectId: string, jobId: string, index: number): Promise<void> {
    this.jobs = (await this.client.run('job.move', { projectId, jobId, index })) ?? this.jobs;
  }

  /** The sampler steps a job of this shot runs: the shot's own, else its model's default (null when unknown). */
  stepsFor(shot: { sampler: { steps: number | null }; modelId: string | null } | undefined): number | null {
    if (!shot) return null;
    if (shot.sampler.steps !== null) return shot.sampler.steps;
    const modelId = shot.modelId ?? this.defaultModelId;
    return this.models.find((m) => m.id === modelId)?.defaults.steps ?? null;
  }

  clear(): void {
    this.jobs = [];
  }
}
