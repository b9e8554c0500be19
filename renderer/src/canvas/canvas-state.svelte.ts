/**
 * What the frame canvas is doing for the selected shot: the frame the slider shows, the
 * actor selected, the tool, snapping, the camera preview, and a note for the director
 * (why a gesture was refused). It follows the shot: another shot starts at its first
 * frame with nothing selected; a shorter shot or fewer actors clamp what no longer fits.
 */
import { snapFrame } from '../lib/snapping';
import type { Tool } from './fabric-stage';

export class CanvasState {
  shotId = $state<string | null>(null);
  frame = $state(0);
  selected = $state<number | null>(null);
  tool = $state<Tool>('select');
  snap = $state(true);
  preview = $state(false);
  /** the words of the prompt a new actor is bound to */
  words = $state('');
  note = $state<string | null>(null);

  follow(shotId: string | null, durationFrames: number, actors: number): void {
    if (shotId !== this.shotId) {
      this.shotId = shotId;
      this.frame = 0;
      this.selected = null;
      this.tool = 'select';
      this.note = null;
      return;
    }
    const frame = snapFrame(this.frame, durationFrames);
    if (frame !== this.frame) this.frame = frame;
    if (this.selected !== null && this.selected >= actors) this.selected = null;
  }

  use(tool: Tool): void {
    this.tool = tool;
    this.note = null;
    if (tool !== 'select') this.preview = false; // boxes are drawn on the frame itself
  }
}
