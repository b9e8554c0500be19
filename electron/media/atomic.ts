/**
 * Atomic file writes: write under a temporary name in the destination's own folder,
 * flush it to disk, then rename it over the final name. A crash or a cancel therefore
 * never leaves a half-written file under the final name; at worst a `.part` file that
 * starts with a dot stays behind (and `isPartFile` recognises it for cleanup).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

const PART = /^\..+\.[0-9a-f]{12}\.part$/;

/** A fresh temporary name next to `finalPath` (same folder, so the rename is atomic). */
export function partPath(finalPath: string): string {
  const dir = path.dirname(finalPath);
  return path.join(dir, `.${path.basename(finalPath)}.${randomBytes(6).toString('hex')}.part`);
}

/** Whether a file name is one of `partPath`'s temporary names. */
export function isPartFile(name: string): boolean {
  return PART.test(path.basename(name));
}

async function flush(file: string): Promise<void> {
  const handle = await fs.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function flushDir(dir: string): Promise<void> {
  // Makes the rename itself durable on POSIX; Windows cannot open a folder this way.
  if (process.platform === 'win32') return;
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort: some file systems refuse fsync on a folder
  }
}

/**
 * Runs `write(tempPath)`, which must create the file, then moves it to `finalPath`.
 * On any failure (including an abort) the temporary file is removed and the error is
 * rethrown; `finalPath` is untouched unless everything succeeded. The folder is created
 * if missing.
 */
export async function writeAtomically<T>(finalPath: string, write: (tempPath: string) => Promise<T>): Promise<T> {
  await fs.mkdir(path.dirname(path.resolve(finalPath)), { recursive: true });
  const temp = partPath(path.resolve(finalPath));
  try {
    const result = await write(temp);
    await flush(temp);
    await fs.rename(temp, finalPath);
    await flushDir(path.dirname(path.resolve(finalPath)));
    return result;
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
}

/** `bytes` written to `finalPath` atomically. */
export function writeFileAtomically(finalPath: string, bytes: Uint8Array): Promise<void> {
  return writeAtomically(finalPath, (temp) => fs.writeFile(temp, bytes));
}
