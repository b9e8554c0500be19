/**
 * Which package the benchmark measures, and its PyTorch reference: the shipped default
 * model (native-models/packages, as the app finds it) or, until the trained default ships,
 * the tiny random test package; and the native-models config whose package id matches.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readManifest } from '../../electron/engine/package/loader';
import { ModelRegistry } from '../../electron/services/models';
import { ensureTinyPackage } from '../helpers/tiny-package';

const SHIPPED = path.resolve('native-models/packages');
const CONFIGS = path.resolve('native-models/configs');

export interface BenchPackage { dir: string; id: string; note: string | null }

export function benchPackage(modelDir: string | undefined): BenchPackage {
  if (modelDir !== undefined) {
    const dir = path.resolve(modelDir);
    return { dir, id: readManifest(dir).id, note: null };
  }
  const registry = new ModelRegistry(SHIPPED, path.join(SHIPPED, '.no-user-models'));
  const id = registry.defaultId();
  if (id !== null) return { dir: registry.resolve(id).dir, id, note: null };
  const dir = ensureTinyPackage();
  return {
    dir, id: readManifest(dir).id,
    note: `no trained default model is shipped yet (${path.relative(process.cwd(), SHIPPED)} has none): measuring the tiny random test package instead`,
  };
}

/** The model config (native-models/configs/*.json) whose package id is `id`, or null. */
export function configFor(id: string): string | null {
  if (!fs.existsSync(CONFIGS)) return null;
  for (const name of fs.readdirSync(CONFIGS).filter((n) => n.endsWith('.json')).sort()) {
    const file = path.join(CONFIGS, name);
    try {
      const config = JSON.parse(fs.readFileSync(file, 'utf8')) as { package?: { id?: unknown } };
      if (config.package?.id === id) return file;
    } catch {
      // not a model config
    }
  }
  return null;
}
