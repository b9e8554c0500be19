/**
 * Which model package a CLI command uses: `--model DIR` (its manifest is read and checked
 * up front), else the spec's model id (null: the default) through the app's ModelRegistry
 * over the shipped packages and the user's models folder, found where the desktop app
 * keeps it.
 */
import os from 'node:os';
import path from 'node:path';
import { PackageError } from '../engine/package/errors';
import { readManifest } from '../engine/package/loader';
import { ModelError, ModelRegistry } from '../services/models';
import { CliError } from './errors';

export interface ChosenModel { id: string; name: string; dir: string }

/**
 * Where the app looks for packages: the checkout's native-models/packages (as
 * createAppServices does), and DIRECTA_MODELS or the desktop app's `userData/models`
 * (Electron's userData for the product name "Directa", computed without Electron).
 */
export function modelFolders(): { shipped: string; user: string } {
  return {
    shipped: path.join(__dirname, '..', '..', 'native-models', 'packages'),
    user: process.env.DIRECTA_MODELS ?? path.join(appDataDir(), 'Directa', 'models'),
  };
}

function appDataDir(): string {
  const home = os.homedir();
  if (process.platform === 'win32') return process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support');
  return process.env.XDG_CONFIG_HOME ?? path.join(home, '.config');
}

/** The package in `dir`, refused with the manifest's problems when it is not one. */
export function packageAt(dir: string): ChosenModel {
  const resolved = path.resolve(dir);
  try {
    const m = readManifest(resolved);
    return { id: m.id, name: m.name, dir: resolved };
  } catch (err) {
    if (err instanceof PackageError) throw new CliError(err.message);
    throw err;
  }
}

export function chooseModel(modelDir: string | undefined, modelId: string | null): ChosenModel {
  if (modelDir !== undefined) return packageAt(modelDir);
  const folders = modelFolders();
  try {
    const info = new ModelRegistry(folders.shipped, folders.user).resolve(modelId);
    return { id: info.id, name: info.name, dir: info.dir };
  } catch (err) {
    if (err instanceof ModelError) throw new CliError(`${err.message} (or name a package with --model DIR)`);
    throw err;
  }
}
