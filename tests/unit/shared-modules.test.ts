/**
 * electron/shared/ holds the pure modules both processes use (the renderer bundles them):
 * each may import only its siblings, never Node, Electron, native modules or the rest of
 * the main process (eslint.config.js says the same; this keeps it true without the linter).
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('../../electron/shared/', import.meta.url));
const modules = fs.readdirSync(dir).filter((name) => name.endsWith('.ts'));

describe('electron/shared', () => {
  it('holds modules', () => {
    expect(modules).toContain('timecode.ts');
  });

  it.each(modules)('%s imports only its siblings', (name) => {
    const source = fs.readFileSync(`${dir}${name}`, 'utf8');
    const from = [...source.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'/gms)].map((m) => m[1]!);
    const bare = [...source.matchAll(/^\s*import\s+'([^']+)'/gm)].map((m) => m[1]!);
    for (const spec of [...from, ...bare]) expect(spec, `${name} imports ${spec}`).toMatch(/^\.\/[\w-]+$/);
    expect(source).not.toMatch(/\brequire\(|\bimport\(/);
  });
});
