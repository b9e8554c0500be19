// Builds better-sqlite3 for Electron's ABI into dist/native/electron/better_sqlite3.node.
// node_modules keeps its Node build (the tests use it); the Electron main process loads
// this one through better-sqlite3's `nativeBinding` option. Packaged apps need none of
// this: electron-builder rebuilds native modules for Electron inside the package.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { rebuild } from '@electron/rebuild';

const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const out = path.resolve('dist/native/electron');
const stamp = path.join(out, 'electron-version.txt');

export async function buildNativeForElectron() {
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === electronVersion) return;
  const work = path.resolve('dist/native/work');
  fs.rmSync(work, { recursive: true, force: true });
  const source = path.dirname(require.resolve('better-sqlite3/package.json'));
  fs.cpSync(source, path.join(work, 'node_modules', 'better-sqlite3'), {
    recursive: true,
    filter: (p) => !p.includes(`${path.sep}build${path.sep}`),
  });
  fs.writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: 'native-work', dependencies: { 'better-sqlite3': '*' } }));
  console.log(`Building better-sqlite3 for Electron ${electronVersion}…`);
  await rebuild({ buildPath: work, electronVersion, onlyModules: ['better-sqlite3'], force: true });
  fs.mkdirSync(out, { recursive: true });
  fs.copyFileSync(path.join(work, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), path.join(out, 'better_sqlite3.node'));
  fs.writeFileSync(stamp, electronVersion);
  fs.rmSync(work, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) await buildNativeForElectron();
