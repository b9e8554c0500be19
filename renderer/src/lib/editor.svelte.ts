/**
 * The editor's state: the list of projects, the open project and the selection.
 * The main process owns the truth: every edit is a call that answers with the project's
 * new state, which replaces ours. Field edits are batched per shot and saved shortly
 * after typing stops (and at once when the user moves elsewhere).
 */
import type { DamagedProject, Job, ModelSummary, ProjectState, ProjectSummary, Scene, Shot, ShotPatch, Take } from '../../../electron/ipc/schemas';
import type { CallInput, CallName, CallOutput } from '../../../electron/ipc/contract';
import { SvelteMap } from 'svelte/reactivity';
import { ApiError, call, on } from './api';

const SAVE_DELAY_MS = 400;

export class Editor {
  projects = $state<ProjectSummary[]>([]);
  /** project folders that did not open, with why and whether a backup can be restored */
  damaged = $state<DamagedProject[]>([]);
  state = $state<ProjectState | null>(null);
  selectedSceneId = $state<string | null>(null);
  selectedShotId = $state<string | null>(null);
  error = $state<string | null>(null);
  /** calls in flight, for the "Saving…" indicator */
  busy = $state(0);
  /** the open project's generation jobs, in queue order then newest finished */
  jobs = $state<Job[]>([]);
  /** installed model packages and the one shots use by default */
  models = $state<ModelSummary[]>([]);
  defaultModelId = $state<string | null>(null);
  /** takes of the selected shot, newest first */
  takes = $state<Take[]>([]);
  /** bumped when the project changes under the fields (undo, redo, another window): they re-read it */
  revision = $state(0);

  /** field edits not yet sent, per shot (reactive: the "Saving…" indicator reads it) */
  private pending = new SvelteMap<string, ShotPatch>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  readonly scene: Scene | null = $derived(
    this.state?.scenes.find((s) => s.id === this.selectedSceneId) ?? null,
  );
  readonly shot: Shot | null = $derived(this.scene?.shots.find((s) => s.id === this.selectedShotId) ?? null);
  readonly saving: boolean = $derived(this.busy > 0);

  constructor() {
    on('library.changed', () => void this.refreshProjects());
    on('job.changed', ({ projectId, job }) => {
      if (this.state?.project.id !== projectId) return;
      const at = this.jobs.findIndex((j) => j.id === job.id);
      if (at === -1) void this.loadJobs();
      else this.jobs[at] = job;
      if (job.status === 'done' && job.shotId === this.selectedShotId) void this.loadTakes();
    });
    on('project.changed', ({ projectId }) => {
      if (this.state?.project.id === projectId && this.busy === 0 && this.pending.size === 0) void this.reload();
    });
    addEventListener('beforeunload', () => void this.flush());
  }

  /** Runs a call, reports its error in the banner, and returns undefined on failure. */
  async run<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K> | undefined> {
    this.busy++;
    try {
      const value = await call(name, input);
      this.error = null;
      return value;
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : `Could not reach the app: ${(err as Error).message}`;
      return undefined;
    } finally {
      this.busy--;
    }
  }

  async refreshProjects(): Promise<void> {
    const [projects, damaged] = await Promise.all([this.run('project.list', {}), this.run('project.damaged', {})]);
    this.projects = projects ?? this.projects;
    this.damaged = damaged ?? this.damaged;
  }

  /** Puts a damaged project's last backup in place; it is then listed like any other. */
  async restoreProject(folder: string): Promise<void> {
    await this.run('project.restoreBackup', { folder });
    await this.refreshProjects();
  }

  async openProject(projectId: string): Promise<void> {
    await this.flush();
    const state = await this.run('project.get', { projectId });
    if (!state) return;
    this.state = state;
    this.selectedSceneId = state.scenes[0]?.id ?? null;
    this.selectShot(state.scenes[0]?.shots[0]?.id ?? null);
    await Promise.all([this.loadJobs(), this.loadModels()]);
  }

  async loadModels(): Promise<void> {
    const found = await this.run('model.list', {});
    if (!found) return;
    this.models = found.models;
    this.defaultModelId = found.defaultId;
  }

  async loadJobs(): Promise<void> {
    if (!this.state) return;
    this.jobs = (await this.run('job.list', { projectId: this.state.project.id })) ?? this.jobs;
  }

  async loadTakes(): Promise<void> {
    const shotId = this.selectedShotId;
    if (!this.state || !shotId) {
      this.takes = [];
      return;
    }
    const takes = await this.run('take.list', { projectId: this.state.project.id, shotId });
    if (takes && shotId === this.selectedShotId) this.takes = takes;
  }

  /** Queues the selected shot (saving its pending edits first); an unchanged shot gets its existing take. */
  async generate(shotId: string): Promise<void> {
    if (!this.state) return;
    await this.flush();
    const result = await this.run('job.enqueue', { projectId: this.state.project.id, shotId });
    if (!result) return;
    if (result.job) await this.loadJobs();
    if (result.take) await this.loadTakes();
  }

  async cancelJob(jobId: string): Promise<void> {
    if (!this.state) return;
    const job = await this.run('job.cancel', { projectId: this.state.project.id, jobId });
    if (job) await this.loadJobs();
  }

  async moveJob(jobId: string, index: number): Promise<void> {
    if (!this.state) return;
    this.jobs = (await this.run('job.move', { projectId: this.state.project.id, jobId, index })) ?? this.jobs;
  }

  async closeProject(): Promise<void> {
    await this.flush();
    this.state = null;
    this.selectedSceneId = null;
    this.selectedShotId = null;
    this.jobs = [];
    this.takes = [];
    await this.refreshProjects();
  }

  async createProject(name: string): Promise<void> {
    const state = await this.run('project.create', { name });
    if (!state) return;
    await this.refreshProjects();
    await this.openProject(state.project.id);
  }

  async renameProject(projectId: string, name: string): Promise<void> {
    const state = await this.run('project.rename', { projectId, name });
    if (state && this.state?.project.id === projectId) this.state = state;
    await this.refreshProjects();
  }

  async deleteProject(projectId: string): Promise<void> {
    if (this.state?.project.id === projectId) await this.closeProject();
    await this.run('project.delete', { projectId });
    await this.refreshProjects();
  }

  /** An edit of the open project: flushes pending field edits first, then applies the answer. */
  async edit<K extends CallName>(name: K, input: Omit<CallInput<K>, 'projectId'>): Promise<ProjectState | undefined> {
    if (!this.state) return undefined;
    await this.flush();
    const state = (await this.run(name, { ...input, projectId: this.state.project.id } as CallInput<K>)) as ProjectState | undefined;
    if (state) this.apply(state);
    return state;
  }

  /** Queues a change to a shot's fields; it is saved when typing pauses. */
  patchShot(shotId: string, patch: ShotPatch): void {
    this.pending.set(shotId, { ...this.pending.get(shotId), ...patch });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), SAVE_DELAY_MS);
  }

  get hasPendingEdits(): boolean {
    return this.pending.size > 0;
  }

  /** Saves every queued field edit now. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    if (!this.state || this.pending.size === 0) return;
    const projectId = this.state.project.id;
    const batch = [...this.pending];
    this.pending.clear();
    for (const [shotId, patch] of batch) {
      const state = await this.run('shot.update', { projectId, shotId, patch });
      if (state) this.apply(state);
    }
  }

  async reload(): Promise<void> {
    if (!this.state) return;
    const state = await this.run('project.get', { projectId: this.state.project.id });
    if (state) {
      this.apply(state);
      this.revision++;
    }
  }

  async undo(): Promise<void> {
    if (await this.edit('project.undo', {})) this.revision++;
  }

  async redo(): Promise<void> {
    if (await this.edit('project.redo', {})) this.revision++;
  }

  selectScene(sceneId: string): void {
    this.selectedSceneId = sceneId;
    this.selectShot(this.scene?.shots[0]?.id ?? null);
  }

  selectShot(shotId: string | null): void {
    void this.flush();
    if (shotId === this.selectedShotId) return;
    this.selectedShotId = shotId;
    this.takes = [];
    void this.loadTakes();
  }

  private apply(state: ProjectState): void {
    this.state = state;
    if (!state.scenes.some((s) => s.id === this.selectedSceneId)) this.selectedSceneId = state.scenes[0]?.id ?? null;
    const scene = state.scenes.find((s) => s.id === this.selectedSceneId);
    if (!scene?.shots.some((s) => s.id === this.selectedShotId)) this.selectShot(scene?.shots[0]?.id ?? null);
  }
}
