/**
 * The timeline's state: the view (zoom, scroll, width), the shots selected, the clipboard,
 * and the previews of a drag in progress. Geometry and decisions come from the pure
 * modules beside it (layout, drag, multi-select); edits go through the editor as calls
 * (shot.move, shot.update, shot.copyTo), and the timeline redraws from their answers.
 *
 * The inspector's shot (editor.selection.shotId) is the primary selected shot: it is
 * always selected, and a click makes the clicked shot primary.
 */
import type { Editor } from '../app/editor.svelte';
import type { Shot } from '../../../electron/ipc/schemas';
import { secondsToFrames, type Rate } from '../lib/timecode';
import { edgeDuration, MAX_DURATION_FRAMES, minDuration, moveIndex } from './drag';
import { fitZoom, layoutScene, openingZoom, scrollToShow, shotStartFrame, visibleRange, zoomAround, type SceneLayout } from './layout';
import { addedIds, clickSelect, EMPTY_SELECTION, extendSelect, inOrder, pasteIndex, selectAll, type ClickModifiers, type ShotSelection } from './multi-select';

/** Pixels rendered beyond each side of the viewport (so a quick scroll does not show holes). */
export const OVERSCAN_PX = 300;
/** An edge within this many pixels of a whole second snaps to it. */
export const SECOND_SNAP_PX = 8;

export class TimelineState {
  zoom = $state(2);
  scroll = $state(0);
  width = $state(800);
  /** the shots picked by clicks (see `selection` for what is selected) */
  picked = $state<ShotSelection>(EMPTY_SELECTION);
  /** ids of the copied shots, in timeline order */
  clipboard = $state<string[]>([]);
  /** a shot being dragged to another place: the gap it would drop into */
  reorder = $state<{ id: string; gap: number } | null>(null);
  /** a shot whose end edge is being dragged: the duration it would get */
  trim = $state<{ id: string; duration: number } | null>(null);
  /** the scene the view shows, and the view each scene shown before was left at */
  #sceneId: string | null = null;
  #views: Record<string, { zoom: number; scroll: number }> = {};
  /** the duration the last [ / ] press asked for while its edit is under way, and the queue of those edits */
  #trimTarget: { shotId: string; frames: number } | null = null;
  #trims: Promise<void> = Promise.resolve();

  readonly shots: readonly Shot[];
  readonly order: readonly string[];
  readonly rate: Rate;
  /** the layout shown: the shots' durations, with the one being trimmed at its preview duration */
  readonly layout: SceneLayout;
  readonly selection: ShotSelection;
  readonly visible: { start: number; end: number };

  constructor(private readonly editor: Editor) {
    this.shots = $derived(editor.scene?.shots ?? []);
    this.order = $derived(this.shots.map((s) => s.id));
    this.rate = $derived(editor.state?.project.fps ?? { num: 24, den: 1 });
    this.layout = $derived.by(() => {
      const trim = this.trim; // read once, not once a shot
      return layoutScene(this.shots.map((s) => (trim?.id === s.id ? trim.duration : s.durationFrames)));
    });
    this.selection = $derived.by(() => {
      const primary = editor.selection.shotId;
      const ids = inOrder(this.order, this.picked.ids);
      if (primary !== null && !ids.includes(primary)) return { ids: this.order.includes(primary) ? [primary] : [], anchor: primary };
      return { ids, anchor: this.picked.anchor !== null && this.order.includes(this.picked.anchor) ? this.picked.anchor : primary };
    });
    this.visible = $derived(visibleRange(this.layout, { zoom: this.zoom, scroll: this.scroll, width: this.width }, OVERSCAN_PX));
  }

  get contentWidth(): number {
    return this.layout.length * this.zoom;
  }

  isSelected(id: string): boolean {
    return this.selection.ids.includes(id);
  }

  /**
   * Another scene is shown: it comes back at the zoom and scroll it was left at, or, the
   * first time, fitted to the view (a long scene: at a zoom where its shots can be read).
   */
  showScene(sceneId: string | null): void {
    if (sceneId === this.#sceneId || this.width <= 0) return;
    if (this.#sceneId !== null) this.#views[this.#sceneId] = { zoom: this.zoom, scroll: this.scroll };
    this.#sceneId = sceneId;
    if (sceneId === null) return;
    const view = this.#views[sceneId] ?? { zoom: openingZoom(this.layout, this.width - 16), scroll: 0 };
    this.zoom = view.zoom;
    this.scroll = view.scroll;
  }

  fit(): void {
    this.zoom = fitZoom(this.layout.length, this.width - 16);
    this.scroll = 0;
  }

  /** Zooms by `factor` keeping the frame under viewport pixel `anchor` (default: the playhead, else the centre) in place. */
  zoomBy(factor: number, anchor?: number): void {
    const at = anchor ?? this.playheadAnchor();
    const next = zoomAround({ zoom: this.zoom, scroll: this.scroll }, factor, at);
    this.zoom = next.zoom;
    this.scroll = Math.min(next.scroll, Math.max(0, this.layout.length * next.zoom - this.width / 2));
  }

  private playheadAnchor(): number {
    const x = this.editor.playhead.frame * this.zoom - this.scroll;
    return x >= 0 && x <= this.width ? x : this.width / 2;
  }

  /** Scrolls so that scene frame `frame` is in view. */
  reveal(frame: number): void {
    this.scroll = scrollToShow(frame, { zoom: this.zoom, scroll: this.scroll, width: this.width }, 48);
  }

  // ---- selection --------------------------------------------------------------------

  click(id: string, mods: ClickModifiers = {}): void {
    this.picked = clickSelect(this.selection, this.order, id, mods);
    const primary = this.picked.ids.includes(id) ? id : (this.picked.ids[this.picked.ids.length - 1] ?? id);
    this.editor.selectShot(primary);
  }

  /** ← / → (Shift extends): the next shot becomes primary. */
  step(delta: number, extend: boolean): void {
    const focus = this.editor.selection.shotId ?? this.order[0];
    if (focus === undefined) return;
    if (extend) {
      const r = extendSelect(this.selection, this.order, focus, delta);
      this.picked = r.selection;
      this.editor.selectShot(r.focus);
    } else {
      const at = this.order.indexOf(focus);
      const next = this.order[Math.min(this.order.length - 1, Math.max(0, at + delta))];
      if (next !== undefined) this.click(next);
    }
    this.revealSelected();
  }

  selectAll(): void {
    this.picked = selectAll(this.order);
  }

  revealSelected(): void {
    const at = this.order.indexOf(this.editor.selection.shotId ?? '');
    if (at >= 0) this.reveal(shotStartFrame(this.layout, at));
  }

  // ---- edits ------------------------------------------------------------------------

  /** Moves shot `id` into gap `gap` of the scene (the result of a drag). */
  async dropInto(id: string, gap: number): Promise<void> {
    const scene = this.editor.scene;
    const from = this.order.indexOf(id);
    const index = from < 0 ? null : moveIndex(from, gap);
    if (!scene || index === null) return;
    await this.editor.edit('shot.move', { shotId: id, sceneId: scene.id, index });
  }

  /** Alt + ← / →: the primary shot one place earlier or later. */
  async moveSelected(delta: number): Promise<void> {
    const id = this.editor.selection.shotId;
    const from = id === null ? -1 : this.order.indexOf(id);
    if (from < 0) return;
    const to = from + delta;
    if (to < 0 || to >= this.order.length) return;
    await this.dropInto(id!, to > from ? to + 1 : to);
    this.revealSelected();
  }

  /** The duration a drag of shot `id`'s end edge by `deltaPx` gives (Alt: whole frames only, no second snap). */
  trimPreview(shot: Shot, startDuration: number, deltaPx: number, noSecondSnap: boolean): number {
    return edgeDuration({
      startDuration, deltaPx, zoom: this.zoom, rate: this.rate,
      min: minDuration(shot.objects), max: MAX_DURATION_FRAMES, secondSnapPx: noSecondSnap ? 0 : SECOND_SNAP_PX,
    });
  }

  async setDuration(shot: Shot, durationFrames: number): Promise<void> {
    if (durationFrames === shot.durationFrames) return;
    await this.editor.edit('shot.update', { shotId: shot.id, patch: { durationFrames } });
  }

  /**
   * [ / ] (Shift: a second): the primary shot shorter or longer, never under its keyframes.
   * Quick presses build on each other: each starts from the duration the press before it
   * asked for, even while that edit is still on its way, and the edits go out in order.
   */
  trimSelected(frames: number, seconds: number): Promise<void> {
    const shot = this.editor.shot;
    if (!shot) return Promise.resolve();
    const from = this.#trimTarget?.shotId === shot.id ? this.#trimTarget.frames : shot.durationFrames;
    const delta = frames + secondsToFrames(seconds, this.rate);
    const next = Math.min(MAX_DURATION_FRAMES, Math.max(minDuration(shot.objects), from + delta));
    if (next === from) return this.#trims;
    const target = { shotId: shot.id, frames: next };
    this.#trimTarget = target;
    this.#trims = this.#trims
      .then(() => this.editor.edit('shot.update', { shotId: shot.id, patch: { durationFrames: next } }))
      .then(() => undefined, () => undefined)
      .finally(() => {
        if (this.#trimTarget === target) this.#trimTarget = null;
      });
    return this.#trims;
  }

  copy(): void {
    this.clipboard = [...this.selection.ids];
  }

  /** Pastes the clipboard after the selection (or at the end) of the scene shown, and selects the copies. */
  async paste(): Promise<void> {
    if (this.clipboard.length > 0) await this.copyInto(this.clipboard, pasteIndex(this.order, this.selection.ids));
  }

  /** Copies of the selected shots right after the last of them. */
  async duplicate(): Promise<void> {
    if (this.selection.ids.length > 0) await this.copyInto(this.selection.ids, pasteIndex(this.order, this.selection.ids));
  }

  private async copyInto(shotIds: readonly string[], index: number): Promise<void> {
    const scene = this.editor.scene;
    if (!scene) return;
    const before = this.order;
    const state = await this.editor.edit('shot.copyTo', { shotIds: [...shotIds], sceneId: scene.id, index });
    const added = addedIds(before, state?.scenes.find((s) => s.id === scene.id)?.shots.map((s) => s.id) ?? []);
    if (added.length === 0) return;
    this.picked = { ids: added, anchor: added[0]! };
    this.editor.selectShot(added[0]!);
    this.revealSelected();
  }
}
