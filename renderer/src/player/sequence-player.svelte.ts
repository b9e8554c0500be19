/**
 * The sequence player's state: what it plays (the selected scene, or every scene in
 * order), where it is (a frame of that sequence), how (the transport's speed, looping),
 * and each shot's active take (shots without one show their board).
 *
 * Time comes from the playback clock (clock.ts), not from the clips: each animation frame
 * asks which frame is due, so a shot without a take lasts exactly its duration and the
 * clips are made to follow. The editor's playhead follows the player while it plays, and
 * the player follows the playhead when the user moves it (the timeline); when project
 * playback crosses into another scene, that scene is selected first.
 */
import { SvelteMap } from 'svelte/reactivity';
import type { Fps, Scene, Shot, Take } from '../../../electron/ipc/schemas';
import type { CallInput, CallName, CallOutput } from '../../../electron/ipc/contract';
import { frameDue, stepFrame, wrapFrame, type ClockAnchor } from './clock';
import { buildSequence, locate, sceneFrameOf, sequenceFrameOf, shotBoundary, type Located, type Sequence } from './sequence';
import { press, release, STOPPED, type TransportKey, type TransportState } from './transport';

export type Scope = 'scene' | 'project';

/** What the player needs of the editor (the Editor satisfies it). */
export interface PlayerHost {
  readonly state: { project: { id: string; fps: Fps }; scenes: Scene[] } | null;
  readonly scene: Scene | null;
  readonly selection: { sceneId: string | null };
  readonly playhead: { readonly frame: number; playing: boolean; seek(frame: number): void };
  selectScene(sceneId: string): void;
  run<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K> | undefined>;
}

export interface Clock {
  now(): number;
  request(fn: (now: number) => void): number;
  cancel(handle: number): void;
}

/** shots per take.active call (the contract takes up to 2000) */
const TAKES_PER_CALL = 1000;

const browserClock: Clock = {
  now: () => performance.now(),
  request: (fn) => requestAnimationFrame(fn),
  cancel: (handle) => cancelAnimationFrame(handle),
};

export class SequencePlayer {
  scope = $state<Scope>('scene');
  loop = $state(false);
  transport = $state<TransportState>(STOPPED);
  /** the sequence frame shown */
  frame = $state(0);
  /** each shot's active take; null: none (its board plays); absent: not known yet */
  readonly takes = new SvelteMap<string, Take | null>();

  readonly sequence: Sequence = $derived(buildSequence(this.scenes()));
  readonly at: Located | null = $derived(locate(this.sequence, this.frame));
  readonly shot: Shot | null = $derived(this.at ? this.findShot(this.at.entry.shotId) : null);
  /** the shot's active take; null: none (its board shows); undefined: not known yet (the board shows meanwhile) */
  readonly take: Take | null | undefined = $derived(this.at ? this.takes.get(this.at.entry.shotId) : undefined);
  readonly rate: Fps = $derived.by(() => this.host.state?.project.fps ?? { num: 24, den: 1 });
  readonly playing: boolean = $derived(this.transport.speed !== 0);

  private anchor: ClockAnchor | null = null;
  private handle: number | null = null;
  private loadSeq = 0;

  constructor(private readonly host: PlayerHost, private readonly clock: Clock = browserClock) {}

  private scenes(): Scene[] {
    if (!this.host.state) return [];
    return this.scope === 'project' ? this.host.state.scenes : this.host.scene ? [this.host.scene] : [];
  }

  private findShot(id: string): Shot | null {
    for (const scene of this.host.state?.scenes ?? []) for (const shot of scene.shots) if (shot.id === id) return shot;
    return null;
  }

  /** A key of the shots and their picked takes: when it changes, the active takes are loaded again. */
  get takesKey(): string {
    return this.sequence.entries.map((e) => `${e.shotId}:${this.findShot(e.shotId)?.activeTakeId ?? ''}`).join(',');
  }

  /** Loads every shot's active take, a thousand shots a call (a newer load wins over an older one). */
  async loadTakes(): Promise<void> {
    const projectId = this.host.state?.project.id;
    const shotIds = this.sequence.entries.map((e) => e.shotId);
    const mine = ++this.loadSeq;
    if (!projectId) return;
    for (let i = 0; i < shotIds.length; i += TAKES_PER_CALL) {
      const answer = await this.host.run('take.active', { projectId, shotIds: shotIds.slice(i, i + TAKES_PER_CALL) });
      if (!answer || mine !== this.loadSeq) return;
      for (const { shotId, take } of answer) this.takes.set(shotId, take);
    }
  }

  /** A key press of the transport (J, K, L, Space). */
  press(key: TransportKey): void {
    const change = press(this.transport, key);
    if (change.step !== 0) this.step(change.step);
    this.setSpeed(change.state);
  }

  release(key: TransportKey): void {
    this.transport = release(this.transport, key);
  }

  toggle(): void {
    this.press('Space');
  }

  stop(): void {
    this.setSpeed({ ...this.transport, speed: 0 });
  }

  /** Moves by whole frames (stops playback). */
  step(frames: number): void {
    this.stop();
    this.seek(stepFrame(this.frame, frames, this.sequence.length, this.loop));
  }

  /** To the start of this shot or the previous one (−1), or of the next one (+1). */
  jumpShot(direction: -1 | 1): void {
    this.seek(shotBoundary(this.sequence, this.frame, direction));
  }

  /** Shows sequence frame `frame` (kept inside the sequence) and moves the playhead there. */
  seek(frame: number): void {
    const f = wrapFrame(Math.round(frame), this.sequence.length, false).frame;
    this.frame = f;
    if (this.anchor) this.anchor = { ...this.anchor, frame: f, atMs: this.clock.now() };
    this.movePlayhead(f);
  }

  /** Follows the playhead when it was moved elsewhere (the timeline), unless playing. */
  followPlayhead(): void {
    if (this.playing || !this.host.selection.sceneId) return;
    const f = sequenceFrameOf(this.sequence, this.host.selection.sceneId, this.host.playhead.frame);
    if (f !== null && f !== this.frame) this.frame = f;
  }

  setScope(scope: Scope): void {
    this.stop();
    this.scope = scope;
    this.frame = 0;
    this.followPlayhead();
  }

  dispose(): void {
    this.stop();
  }

  private setSpeed(state: TransportState): void {
    const was = this.transport.speed;
    this.transport = state;
    if (state.speed === 0) {
      this.anchor = null;
      if (this.handle !== null) this.clock.cancel(this.handle);
      this.handle = null;
      this.host.playhead.playing = false;
      return;
    }
    // playing from the end of a sequence that does not loop starts it again
    if (was === 0 && !this.loop) {
      if (state.speed > 0 && this.frame >= this.sequence.length - 1) this.seek(0);
      if (state.speed < 0 && this.frame <= 0) this.seek(this.sequence.length - 1);
    }
    this.anchor = { frame: this.frame, atMs: this.clock.now(), speed: state.speed };
    this.host.playhead.playing = true;
    if (this.handle === null) this.handle = this.clock.request(this.tick);
  }

  private readonly tick = (now: number): void => {
    this.handle = null;
    if (!this.anchor) return;
    const { frame, ended } = wrapFrame(frameDue(this.anchor, now, this.rate), this.sequence.length, this.loop);
    if (frame !== this.frame) {
      this.frame = frame;
      this.movePlayhead(frame);
    }
    if (ended) this.stop();
    else this.handle = this.clock.request(this.tick);
  };

  private movePlayhead(frame: number): void {
    const at = sceneFrameOf(this.sequence, frame);
    if (!at) return;
    if (at.sceneId !== this.host.selection.sceneId) this.host.selectScene(at.sceneId);
    this.host.playhead.seek(at.frame);
  }
}
