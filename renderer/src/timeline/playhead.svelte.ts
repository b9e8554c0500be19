/**
 * The playhead: where on the selected scene's timeline the editor is, in whole frames.
 *
 * Frame 0 is the first frame of the scene's first shot; the scene's shots follow one
 * another by duration (`shotAtFrame` in timeline/layout.ts finds the shot under a frame
 * and the frame inside it; `shotStartFrame` the reverse). The timeline draws the playhead
 * and moves it (click or drag on the ruler, keys); the sequence player moves it while it
 * plays and follows it when the user seeks. When playback crosses into another scene, the
 * player selects that scene and then sets the frame within it.
 *
 *   editor.playhead.frame            read (always inside the scene: 0 ≤ frame < length)
 *   editor.playhead.frame = 48       write (rounded, clamped), the same as seek(48)
 *   editor.playhead.step(-1)         frame step
 *   editor.playhead.playing          set by the player; the timeline keeps the playhead in view
 */
export class Playhead {
  #frame = $state(0);
  /** whether the sequence player is playing */
  playing = $state(false);
  /** the selected scene's length in frames (the sum of its shots' durations) */
  readonly length: number;

  /** `lengthOf` answers the selected scene's length in frames; it is read reactively. */
  constructor(lengthOf: () => number) {
    this.length = $derived(Math.max(0, Math.floor(lengthOf())));
  }

  /** The frame under the playhead, kept inside the scene even when its shots shrink. */
  get frame(): number {
    return clampFrame(this.#frame, this.length);
  }

  set frame(frame: number) {
    this.#frame = clampFrame(frame, this.length);
  }

  /** Moves the playhead to `frame`, rounded to a whole frame and kept inside the scene. */
  seek(frame: number): void {
    this.frame = frame;
  }

  /** Moves the playhead by `delta` frames (negative steps back). */
  step(delta: number): void {
    this.frame = this.frame + delta;
  }
}

/** `frame` rounded and kept within [0, length − 1] (0 for an empty scene). */
export function clampFrame(frame: number, length: number): number {
  if (Number.isNaN(frame)) return 0;
  return Math.min(Math.max(0, Math.round(frame)), Math.max(0, length - 1));
}
