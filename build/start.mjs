// `npm start`: runs the app in Electron, or says in one line why it cannot and what to run instead.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { buildNativeForElectron } from './native-electron.mjs';

const require = createRequire(import.meta.url);

function electronBinary() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return null; // let the electron package resolve it
  let dir;
  try {
    dir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return undefined;
  }
  const pathFile = path.join(dir, 'path.txt');
  if (!fs.existsSync(pathFile)) return undefined;
  const binary = path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8'));
  return fs.existsSync(binary) ? binary : undefined;
}

const binary = electronBinary();
if (binary === undefined) {
  console.error('No Electron binary is installed here (run `npx install-electron` where the internet is reachable); start the same app in a browser with `npm run serve`.');
  process.exit(1);
}
await buildNativeForElectron();
const child = spawn(binary ?? require('electron'), ['.'], { stdio: 'inherit' });
child.on('error', (err) => {
  console.error(`Electron did not start (${err.message}); the same app runs in a browser with \`npm run serve\`.`);
  process.exit(1);
});
child.on('exit', (code) => process.exit(code ?? 0));
