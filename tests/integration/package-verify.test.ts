/**
 * A model package is verified by hash whenever it is loaded: a file damaged after an
 * earlier check, with its size and modification time kept, is refused (issue 11, item 10).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PackageError } from '../../electron/engine/package/errors';
import { checkFiles } from '../../electron/engine/package/files';
import { loadPackage, readManifest } from '../../electron/engine/package/loader';
import { copyTinyPackage } from '../helpers/tiny-package';
import { tempDir } from '../helpers/tmp';

const STAMP = 1_700_000_000; // whole seconds: restored exactly by utimes on every file system

let cleanup = (): void => {};
afterEach(() => cleanup());

/** Flips one byte in the middle of `file` and puts back its size and times. */
function damageKeepingStat(file: string): void {
  const bytes = fs.readFileSync(file);
  const at = Math.floor(bytes.length / 2);
  bytes[at] = bytes[at]! ^ 0xff;
  fs.writeFileSync(file, bytes);
  fs.utimesSync(file, STAMP, STAMP);
}

describe('model package verification', () => {
  it('refuses a file damaged after it was verified, though its size and mtime are unchanged', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const dir = copyTinyPackage(tmp.dir);
    const manifest = readManifest(dir);
    const graph = path.join(dir, manifest.files.unet.path);
    fs.utimesSync(graph, STAMP, STAMP);
    const before = fs.statSync(graph);

    expect(await checkFiles(dir, manifest)).toEqual([]);
    damageKeepingStat(graph);
    const after = fs.statSync(graph);
    expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs]);

    const problems = await checkFiles(dir, manifest);
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^${manifest.files.unet.path}: sha256 .* does not match`))]);
    const load = loadPackage(dir, { provider: 'cpu' });
    await expect(load).rejects.toBeInstanceOf(PackageError);
    await expect(load).rejects.toThrow(/sha256/);
  });
});
