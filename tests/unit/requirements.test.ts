/**
 * Declared and real requirements agree (issue 11, item 13): every Node version that
 * package.json's `engines` admits is one that each installed tool admits, except the two
 * Electron-only tools that README names with their own requirement; npm prints no warning
 * about the project's config; the onnxruntime-node skip that CI relies on is read by the
 * installed install script.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import pkg from '../../package.json';

// semver comes with the toolchain (electron-builder, @electron/rebuild); not a dependency of ours
const semver = createRequire(import.meta.url)('semver') as {
  subset(sub: string, dom: string): boolean;
  satisfies(version: string, range: string): boolean;
  minVersion(range: string): { version: string } | null;
};

/** Tools that only installing or packaging Electron needs; README says they want Node >= 22.12. */
const ELECTRON_ONLY = ['electron', '@electron/rebuild'];
const declared = pkg.engines.node;
const nodeRange = (name: string): string | undefined => {
  const file = path.resolve('node_modules', name, 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { engines?: { node?: string } }).engines?.node;
};
const tools = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)];

describe('the declared requirements', () => {
  it.each(tools.filter((t) => !ELECTRON_ONLY.includes(t)))('engines admits no Node that %s refuses', (tool) => {
    const theirs = nodeRange(tool);
    if (theirs) expect(semver.subset(declared, theirs), `${tool} wants node ${theirs}; package.json says ${declared}`).toBe(true);
  });

  it('names the Electron-only requirement in README, and it is what those tools declare', () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    for (const tool of ELECTRON_ONLY) {
      const theirs = nodeRange(tool)!;
      expect(semver.minVersion(theirs)?.version, tool).toBe('22.12.0');
      expect(semver.subset(declared, theirs), `${tool} is not Electron-only any more: drop it from the list`).toBe(false);
    }
    expect(readme).toContain('Electron needs Node 22.12 or newer');
  });

  it('is met by the Node running the tests (CI runs Node 20)', () => {
    expect(semver.satisfies(process.versions.node, declared)).toBe(true);
  });

  it('lets npm run without a warning about the project config', () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_config_')));
    const npmCli = process.env.npm_execpath;
    const r = npmCli
      ? spawnSync(process.execPath, [npmCli, 'config', 'get', 'registry'], { encoding: 'utf8', env })
      : spawnSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8', env, shell: process.platform === 'win32' });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/unknown (project|user|env|cli) config/i);
  });

  it('keeps the onnxruntime-node CUDA download skippable by the variable CI sets', () => {
    const script = fs.readFileSync(path.resolve('node_modules/onnxruntime-node/script/install-utils.js'), 'utf8');
    expect(script).toContain('process.env.ONNXRUNTIME_NODE_INSTALL');
    expect(fs.readFileSync('.ci/run', 'utf8')).toMatch(/^export ONNXRUNTIME_NODE_INSTALL=skip$/m);
  });
});
