/**
 * The child of tests/reliability/crash.test.ts: opens a project and applies a burst of
 * random edits through the real store until it is killed. Before each edit it prints
 * what it will do ("do N ..."), and after the edit commits "ack N". Lines go to fd 1
 * with writeSync, so an "ack" the parent can read was printed after its commit.
 *
 *   node crash-child.mjs LIBRARY_DIR PROJECT_ID RUN_TAG
 *
 *   do N create SCENE_INDEX INDEX NAME
 *   do N update NAME PROMPT
 *   do N move NAME SCENE_INDEX INDEX
 */
import fs from 'node:fs';
import { Library } from '../../electron/store/library';

const [dir, projectId, tag] = process.argv.slice(2) as [string, string, string];
const store = new Library(dir).get(projectId);
const sceneIds = store.snapshot().scenes.map((s) => s.id);
const idOf = new Map<string, string>(store.snapshot().scenes.flatMap((s) => s.shots.map((x) => [x.name, x.id] as const)));
const names = [...idOf.keys()];

const say = (line: string): void => void fs.writeSync(1, `${line}\n`);
const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const upTo = (n: number): number => Math.floor(Math.random() * (n + 1));

say(`ready ${names.length}`);
for (let n = 1; n <= 1_000_000; n++) {
  const roll = Math.random();
  const scene = upTo(sceneIds.length - 1);
  const index = upTo(8);
  if (names.length === 0 || roll < 0.35) {
    const name = `${tag}s${n}`;
    say(`do ${n} create ${scene} ${index} ${name}`);
    idOf.set(name, store.createShot(sceneIds[scene]!, name, index));
    names.push(name);
  } else if (roll < 0.7) {
    const name = pick(names);
    const prompt = `${tag}p${n}`;
    say(`do ${n} update ${name} ${prompt}`);
    store.updateShot(idOf.get(name)!, { prompt });
  } else {
    const name = pick(names);
    say(`do ${n} move ${name} ${scene} ${index}`);
    store.moveShot(idOf.get(name)!, sceneIds[scene]!, index);
  }
  say(`ack ${n}`);
}
