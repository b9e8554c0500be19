// Makes sure .venv has native-models' pinned requirements (creates or updates it when
// requirements.txt changed), so `npm test` works on a fresh machine. Prints the python path.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const venv = path.join(root, '.venv');
const python = path.join(venv, process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python');
const requirements = path.join(root, 'native-models', 'requirements.txt');
const stamp = path.join(venv, '.directa-requirements.sha256');
const digest = createHash('sha256').update(fs.readFileSync(requirements)).digest('hex');

if (!fs.existsSync(python)) {
  console.error('python-env: creating .venv');
  execFileSync(process.env.PYTHON ?? 'python3', ['-m', 'venv', venv], { stdio: 'inherit' });
}
if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== digest) {
  console.error('python-env: installing native-models/requirements.txt');
  execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirements], { stdio: 'inherit' });
  fs.writeFileSync(stamp, digest);
}
console.log(python);
