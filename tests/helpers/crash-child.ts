/**
 * The child of tests/reliability/crash.test.ts: opens a project and applies a burst of
 * random edits through the real store until it is killed, saying each as crash-edits.ts
 * does ("do N ..." before the edit, "ack N" after its commit).
 *
 *   node crash-child.mjs LIBRARY_DIR PROJECT_ID RUN_TAG
 */
import { Library } from '../../electron/store/library';
import { randomEdits, say } from './crash-edits';

const [dir, projectId, tag] = process.argv.slice(2) as [string, string, string];
const edits = randomEdits(new Library(dir).get(projectId), tag, { create: 0.35, update: 0.7 });

say(`ready ${edits.shots()}`);
for (let n = 1; n <= 1_000_000; n++) edits.edit(n);
