/**
 * The edit loop both children of tests/reliability/crash.test.ts run (crash-child.ts,
 * crash-gen-child.ts): random edits of a project through its store, each printed before
 * it is made and acknowledged after it commits, one line at a time on fd 1 with
 * writeSync, so an "ack" the parent can read was printed after its commit:
 *
 *   do N create SCENE_INDEX INDEX NAME
 *   do N update NAME PROMPT
 *   do N move NAME SCENE_INDEX INDEX
 *   ack N
 *
 * (tests/helpers/crash-model.ts reads them back.)
 */
import fs from 'node:fs';
import type { ProjectStore } from '../../electron/store/project-store';

/** One line to the parent, written before this returns. */
export const say = (line: string): void => void fs.writeSync(1, `${line}\n`);
/** A whole number from 0 to `n`. */
export const upTo = (n: number): number => Math.floor(Math.random() * (n + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

/** How often each edit comes: a create when a roll in [0, 1) is under `create`, an update under `update`, else a move. */
export interface EditMix { create: number; update: number }

/**
 * Edits of `store`'s shots: `edit(n)` makes edit number `n`, a create (always, while the
 * project has no shot), an update of a shot's prompt or a move, and says it. New shots
 * and prompts are named after `tag`, so that every run's are its own.
 */
export function randomEdits(store: ProjectStore, tag: string, mix: EditMix): { shots: () => number; edit: (n: number) => void } {
  const sceneIds = store.snapshot().scenes.map((s) => s.id);
  const idOf = new Map<string, string>(store.snapshot().scenes.flatMap((s) => s.shots.map((x) => [x.name, x.id] as const)));
  const names = [...idOf.keys()];
  const edit = (n: number): void => {
    const roll = Math.random();
    if (names.length === 0 || roll < mix.create) {
      const name = `${tag}s${n}`;
      const [scene, index] = [upTo(sceneIds.length - 1), upTo(8)];
      say(`do ${n} create ${scene} ${index} ${name}`);
      idOf.set(name, store.createShot(sceneIds[scene]!, name, index));
      names.push(name);
    } else if (roll < mix.update) {
      const name = pick(names);
      const prompt = `${tag}p${n}`;
      say(`do ${n} update ${name} ${prompt}`);
      store.updateShot(idOf.get(name)!, { prompt });
    } else {
      const name = pick(names);
      const [scene, index] = [upTo(sceneIds.length - 1), upTo(8)];
      say(`do ${n} move ${name} ${scene} ${index}`);
      store.moveShot(idOf.get(name)!, sceneIds[scene]!, index);
    }
    say(`ack ${n}`);
  };
  return { shots: () => names.length, edit };
}
