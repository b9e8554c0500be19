/** The expected state of the crash test's project: scenes of shot names, and each shot's prompt. */
export interface ModelState { scenes: string[][]; prompts: Record<string, string> }

export type Op =
  | { kind: 'create'; scene: number; index: number; name: string }
  | { kind: 'update'; name: string; prompt: string }
  | { kind: 'move'; name: string; scene: number; index: number };

/** Parses a "do N ..." line of crash-child. */
export function parseOp(words: string[]): Op {
  const [kind, a, b, c] = words as [string, string, string, string];
  if (kind === 'create') return { kind, scene: Number(a), index: Number(b), name: c };
  if (kind === 'update') return { kind, name: a, prompt: b };
  if (kind === 'move') return { kind, name: a, scene: Number(b), index: Number(c) };
  throw new Error(`unknown op ${words.join(' ')}`);
}

/** What the store does for each op: insert at min(index, length); a move removes the shot first. */
export function apply(state: ModelState, op: Op): ModelState {
  const scenes = state.scenes.map((s) => [...s]);
  const prompts = { ...state.prompts };
  const insert = (scene: number, index: number, name: string): void => {
    const list = scenes[scene]!;
    list.splice(Math.min(index, list.length), 0, name);
  };
  if (op.kind === 'create') {
    insert(op.scene, op.index, op.name);
    prompts[op.name] = '';
  } else if (op.kind === 'update') {
    prompts[op.name] = op.prompt;
  } else {
    for (const list of scenes) {
      const at = list.indexOf(op.name);
      if (at >= 0) list.splice(at, 1);
    }
    insert(op.scene, op.index, op.name);
  }
  return { scenes, prompts };
}
