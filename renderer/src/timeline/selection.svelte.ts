/** Which scene and shot of the open project the user works on. */
import type { ProjectState } from '../../../electron/ipc/schemas';

export class Selection {
  sceneId = $state<string | null>(null);
  shotId = $state<string | null>(null);
  /** every shot selected on the timeline, in timeline order (the inspector's shot among them); "Generate selected" takes them */
  shotIds = $state<readonly string[]>([]);

  clear(): void {
    this.sceneId = null;
    this.shotId = null;
    this.shotIds = [];
  }

  /**
   * After the project changed: keeps the selection where it still exists, else falls back
   * to the first scene / its first shot. Answers the shot to select when it must change.
   */
  follow(state: ProjectState): { shotChanged: boolean; shotId: string | null } {
    if (!state.scenes.some((s) => s.id === this.sceneId)) this.sceneId = state.scenes[0]?.id ?? null;
    const scene = state.scenes.find((s) => s.id === this.sceneId);
    if (scene?.shots.some((s) => s.id === this.shotId)) return { shotChanged: false, shotId: this.shotId };
    return { shotChanged: true, shotId: scene?.shots[0]?.id ?? null };
  }
}
