/** Checking a package's files against its manifest: present, inside the package, right size, right hash. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Manifest } from './manifest';

interface FileEntry { path: string; sha256: string; bytes: number }

/** Every file the manifest names, with the key it is named under. */
export function manifestFiles(m: Manifest): [string, FileEntry][] {
  const out: [string, FileEntry][] = [['text.tokenizer', m.text.tokenizer]];
  for (const [key, entry] of Object.entries(m.files)) {
    out.push([`files.${key}`, entry]);
    if (entry.externalData) out.push([`files.${key}.externalData`, entry.externalData]);
  }
  return out;
}

/** Resolves a manifest path inside the package, or null when it would leave the package. */
export function insidePackage(dir: string, relative: string): string | null {
  if (path.isAbsolute(relative)) return null;
  const resolved = path.resolve(dir, relative);
  return resolved.startsWith(path.resolve(dir) + path.sep) ? resolved : null;
}

/**
 * Problems with the package's files, each naming the file; empty when all is well.
 *
 * Every file is hashed on every call: a package is checked each time it is loaded (once
 * per engine worker and provider), never trusted from an earlier check. Size and
 * modification time prove nothing: a file damaged or swapped with both kept must be refused.
 */
export async function checkFiles(dir: string, m: Manifest): Promise<string[]> {
  const problems: string[] = [];
  for (const [key, entry] of manifestFiles(m)) {
    const file = insidePackage(dir, entry.path);
    if (!file) {
      problems.push(`${entry.path} (${key}): path leaves the package`);
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      problems.push(`${entry.path}: missing`);
      continue;
    }
    if (!stat.isFile()) {
      problems.push(`${entry.path}: not a file`);
      continue;
    }
    if (stat.size !== entry.bytes) {
      problems.push(`${entry.path}: ${stat.size} bytes, the manifest says ${entry.bytes}`);
      continue;
    }
    const digest = await sha256File(file);
    if (digest !== entry.sha256) problems.push(`${entry.path}: sha256 ${digest} does not match the manifest (damaged or changed file)`);
  }
  return problems;
}

function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    fs.createReadStream(file).on('data', (chunk) => hash.update(chunk)).on('end', () => resolve(hash.digest('hex'))).on('error', reject);
  });
}
