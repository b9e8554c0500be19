/**
 * The tiny random-weight model package the engine tests run on, made by native-models'
 * exporter (`python -m directa_models.export --tiny`) once per checkout into tests/.tmp/.
 * Needs the Python side set up (`python3 -m venv .venv && .venv/bin/pip install -r
 * native-models/requirements.txt`; `.ci/run` does it); DIRECTA_PYTHON names another python.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** A models folder holding the tiny package (the app's user models folder in tests). */
export const TEST_MODELS = path.resolve('tests/.tmp/models');
export const TINY_PACKAGE = path.join(TEST_MODELS, 'directa-tiny-random');

export function python(): string {
  return process.env.DIRECTA_PYTHON ?? path.resolve('.venv/bin/python');
}

export function ensureTinyPackage(): string {
  if (fs.existsSync(path.join(TINY_PACKAGE, 'manifest.json'))) return TINY_PACKAGE;
  const partial = `${TINY_PACKAGE}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(partial), { recursive: true });
  execFileSync(python(), ['-m', 'directa_models.export', '--tiny', '--seed', '0', '--out', partial], {
    cwd: path.resolve('native-models'),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  fs.renameSync(partial, TINY_PACKAGE);
  return TINY_PACKAGE;
}

/** A copy of the tiny package in `dir` that a test may damage. */
export function copyTinyPackage(dir: string): string {
  const target = path.join(dir, 'package');
  fs.cpSync(ensureTinyPackage(), target, { recursive: true });
  return target;
}
