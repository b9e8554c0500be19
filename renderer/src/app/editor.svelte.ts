/**
 * The editor's root state: the open project and the feature states around it. The main
 * process owns the truth: every edit is a call that answers with the project's new state,
 * which replaces ours. Each concern lives with its feature:
 *
 *   client     calls, errors, the "Saving…" count         app/client.svelte.ts
 *   library    the project list                           projects/library.svelte.ts
 *   selection  the scene and shot worked on               timeline/selection.svelte.ts
 *   drafts     field edits waiting to be saved            inspector/drafts.svelte.ts
 *   queue      models and generation jobs                 queue/queue.svelte.ts
 *   takes      the selected shot's clips                  player/takes.svelte.ts
 *   playhead   the frame on the scene's timeline          timeline/playhead.svelte.ts
 */
import type { ProjectState, Scene, Shot } from '../../../electron/ipc/schemas';
import type { CallInput, CallName, CallOutput } from '../../../electron/ipc/contract';
import { on, onReconnect } from '../lib/api';
import { Client } from './client.svelte';
import { promptRefusal } from '../prompt/guard';
import { Library } from '../projects/library.svelte';
import { Selection } from '../timeline/selection.svelte';
import { afterDelete } from '../timeline/multi-select';
import { ShotDrafts } from '../inspector/drafts.svelte';
import { Queue } from '../queue/queue.svelte';
import { Takes } from '../player/takes.svelte';
import { Playhead } from '../timeline/playhead.svelte';

export class Editor {
  readonly client = new Client();
  readonly library = new Library(this.client);
  readonly selection = new Selection();
  readonly queue = new Queue(this.client);
  readonly takes = new Takes(this.client);
  /** the frame on the selected scene's timeline (the timeline and the sequence player share it) */
  readonly playhead = new Playhead(() => this.scene?.shots.reduce((sum, s) => sum + s.durationFrames, 0) ?? 0);
  readonly drafts = new ShotDrafts(async (shotId, patch) => {
    if (!this.state) return;
    const state = await this.client.run('shot.update', { projectId: this.state.project.id, shotId, patch });
    if (state) this.apply(state);
    // the app could not be reached: the edit waits for the reconnection (resync)
    return state !== undefined || this.client.online;
  });

  /**
   * Raw, not deep: every answer replaces the whole state and nothing edits it in place, so a
   * read needs no proxy (with hundreds of shots, proxied reads were most of each update's time).
   */
  state = $state.raw<ProjectState | null>(null);
  /** bumped when the project changes under the fields (undo, redo, another window): they re-read it */
  revision = $state(0);

  readonly scene: Scene | null = $derived(
    this.state?.scenes.find((s) => s.id === this.selection.sceneId) ?? null,
  );
  readonly shot: Shot | null = $derived(this.scene?.shots.find((s) => s.id === this.selection.shotId) ?? null);
  readonly projectId: string | null = $derived(this.state?.project.id ?? null);

  constructor() {
    on('library.changed', () => void this.library.refresh());
    on('job.changed', ({ projectId, job }) => {
      if (this.projectId !== projectId) return;
      this.queue.changed(projectId, job);
      if (job.status === 'done' && job.shotId === this.selection.shotId) void this.loadTakes();
    });
    on('project.changed', ({ projectId }) => this.reloadWhenIdle(projectId));
    addEventListener('beforeunload', () => void this.flush());
    onReconnect(() => void this.resync());
  }

  /**
   * After the link to the app came back (the browser host restarted): saves the edits
   * that waited, then reloads everything that may have changed meanwhile (events sent
   * while away are lost): the library, the project (closed if it is gone), jobs, takes.
   */
  async resync(): Promise<void> {
    await this.library.refresh();
    if (!this.state) return;
    await this.flush();
    const projectId = this.state.project.id;
    if (!this.library.projects.some((p) => p.id === projectId)) return this.closeProject();
    await this.reload();
    await Promise.all([this.loadJobs(), this.loadTakes(), this.queue.loadModels()]);
  }

  /** Runs a call through the client (errors go to the banner; undefined on failure). */
  run<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K> | undefined> {
    return this.client.run(name, input);
  }

  get hasPendingEdits(): boolean {
    return this.drafts.size > 0;
  }

  /** Opens a project at its first shot, or at `shotId` where that shot exists (a reload's place). */
  async openProject(projectId: string, shotId: string | null = null): Promise<void> {
    await this.flush();
    const state = await this.run('project.get', { projectId });
    if (!state) return;
    this.state = state;
    const scene = state.scenes.find((s) => s.shots.some((shot) => shot.id === shotId)) ?? state.scenes[0];
    this.selection.sceneId = scene?.id ?? null;
    this.selectShot(scene?.shots.find((s) => s.id === shotId)?.id ?? scene?.shots[0]?.id ?? null);
    await Promise.all([this.loadJobs(), this.queue.loadModels()]);
  }

  async closeProject(): Promise<void> {
    await this.flush();
    this.state = null;
    this.selection.clear();
    this.queue.clear();
    void this.takes.load(null, null);
    await this.library.refresh();
  }

  async createProject(name: string): Promise<void> {
    const state = await this.library.create(name);
    if (state) await this.openProject(state.project.id);
  }

  async renameProject(projectId: string, name: string): Promise<void> {
    const state = await this.library.rename(projectId, name);
    if (state && this.projectId === projectId) this.state = state;
  }

  async deleteProject(projectId: string): Promise<void> {
    if (this.projectId === projectId) await this.closeProject();
    await this.library.delete(projectId);
  }

  async loadJobs(): Promise<void> {
    if (this.projectId) await this.queue.load(this.projectId);
  }

  async loadTakes(): Promise<void> {
    await this.takes.load(this.projectId, this.selection.shotId);
  }

  /** Queues a shot (saving its pending edits first); an unchanged shot gets its existing take. */
  async generate(shotId: string): Promise<void> {
    if (!this.state) return;
    await this.flush();
    // a prompt over its model's limit is refused here, saying so, before anything is queued
    const shot = this.state?.scenes.flatMap((s) => s.shots).find((s) => s.id === shotId);
    const refusal = shot ? await promptRefusal(shot) : null;
    if (refusal) {
      this.client.fail('job.enqueue', refusal);
      return;
    }
    if (!this.state) return;
    const result = await this.run('job.enqueue', { projectId: this.state.project.id, shotId });
    if (!result) return;
    if (result.job) await this.loadJobs();
    if (result.take) await this.loadTakes();
  }

  /** Queues several shots in order (the selection, a whole scene), saving pending edits first. */
  async generateShots(shotIds: readonly string[]): Promise<void> {
    if (!this.state) return;
    await this.flush();
    const outcome = await this.queue.enqueue(this.state.project.id, shotIds);
    if (this.selection.shotId !== null && outcome.reused.includes(this.selection.shotId)) await this.loadTakes();
  }

  async cancelJob(jobId: string): Promise<void> {
    if (this.projectId) await this.queue.cancel(this.projectId, jobId);
  }

  async moveJob(jobId: string, index: number): Promise<void> {
    if (this.projectId) await this.queue.move(this.projectId, jobId, index);
  }

  /** An edit of the open project: flushes pending field edits first, then applies the answer. */
  async edit<K extends CallName>(name: K, input: Omit<CallInput<K>, 'projectId'>): Promise<ProjectState | undefined> {
    if (!this.state) return undefined;
    await this.flush();
    const state = (await this.run(name, { ...input, projectId: this.state.project.id } as CallInput<K>)) as ProjectState | undefined;
    if (state) this.apply(state);
    return state;
  }

  /** Adds a shot at the end of a scene and selects it (the next edits are for the new shot). */
  async createShot(sceneId: string): Promise<void> {
    await this.selectNewShot(() => this.edit('shot.create', { sceneId }));
  }

  /** Duplicates a shot and selects the copy. */
  async duplicateShot(shotId: string): Promise<void> {
    await this.selectNewShot(() => this.edit('shot.duplicate', { shotId }));
  }

  /**
   * Deletes shots (the timeline's selection) as one undo step; the work moves to the shot
   * after them (timeline/multi-select.ts afterDelete), not back to the scene's first.
   */
  async deleteShots(shotIds: readonly string[]): Promise<void> {
    if (!this.state || shotIds.length === 0) return;
    await this.flush();
    const next = afterDelete(this.scene?.shots.map((s) => s.id) ?? [], shotIds, this.selection.shotId);
    const state = await this.run('shot.deleteMany', { projectId: this.state.project.id, shotIds: [...shotIds] });
    if (!state) return;
    if (next !== this.selection.shotId) {
      this.selection.shotId = next; // before the answer applies, so that the selection does not fall back to the first shot
      void this.loadTakes();
    }
    this.apply(state);
  }

  private async selectNewShot(edit: () => Promise<ProjectState | undefined>): Promise<void> {
    const before = this.state?.scenes.flatMap((s) => s.shots.map((shot) => shot.id)) ?? [];
    const state = await edit();
    for (const scene of state?.scenes ?? []) {
      const added = scene.shots.find((s) => !before.includes(s.id));
      if (added) {
        this.selection.sceneId = scene.id;
        this.selectShot(added.id);
        return;
      }
    }
  }

  /** Queues a change to a shot's fields; it is saved when typing pauses. */
  patchShot(shotId: string, patch: Parameters<ShotDrafts['patch']>[1]): void {
    this.drafts.patch(shotId, patch);
  }

  /** Saves every queued field edit now. */
  async flush(): Promise<void> {
    if (!this.state) {
      this.drafts.discardTimer();
      return;
    }
    await this.drafts.flush();
  }

  async reload(): Promise<void> {
    if (!this.state) return;
    const state = await this.run('project.get', { projectId: this.state.project.id });
    // the fields re-read the project only when it changed (an echo of our own edit leaves them, and the focus, alone)
    if (state && JSON.stringify(state) !== JSON.stringify(this.state)) {
      this.apply(state);
      this.revision++;
    }
  }

  /**
   * Another client (or window) changed the project: reload it once no call of ours is in
   * flight and no field edit waits (those answer with the newer state themselves, and a
   * reload meanwhile could put back what is being typed); a change is never dropped.
   */
  private reloadWhenIdle(projectId: string, tries = 0): void {
    if (this.projectId !== projectId) return;
    if (this.client.busy === 0 && this.drafts.size === 0) void this.reload();
    else if (tries < 100) setTimeout(() => this.reloadWhenIdle(projectId, tries + 1), 100);
  }

  async undo(): Promise<void> {
    if (await this.edit('project.undo', {})) this.revision++;
  }

  async redo(): Promise<void> {
    if (await this.edit('project.redo', {})) this.revision++;
  }

  selectScene(sceneId: string): void {
    this.selection.sceneId = sceneId;
    this.selectShot(this.scene?.shots[0]?.id ?? null);
  }

  selectShot(shotId: string | null): void {
    void this.flush();
    if (shotId === this.selection.shotId) return;
    this.selection.shotId = shotId;
    void this.loadTakes();
  }

  private apply(state: ProjectState): void {
    this.state = state;
    const next = this.selection.follow(state);
    if (next.shotChanged) this.selectShot(next.shotId);
  }
}
