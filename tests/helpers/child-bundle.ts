/**
 * Bundles a TypeScript entry (a test's child process) into tests/.tmp with esbuild, a
 * devDependency already: Node 20 cannot run .ts itself. Answers the .mjs path.
 */
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(__dirname, '..', '..');

export async function bundleChild(entry: string): Promise<{ file: string; remove: () => void }> {
  const file = path.join(root, 'tests', '.tmp', `${path.basename(entry, '.ts')}-${process.pid}-${Date.now()}.mjs`);
  await build({
    entryPoints: [path.resolve(root, entry)], outfile: file, bundle: true, platform: 'node', format: 'esm', target: 'node20',
    packages: 'external', logLevel: 'silent',
    // bundled ESM: give CommonJS-style code its __dirname / require back
    banner: { js: "import { createRequire as __cr } from 'node:module'; import { fileURLToPath as __fu } from 'node:url'; import __p from 'node:path'; const require = __cr(import.meta.url); const __filename = __fu(import.meta.url); const __dirname = __p.dirname(__filename);" },
  });
  return { file, remove: () => fs.rmSync(file, { force: true }) };
}
