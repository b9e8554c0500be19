/**
 * The model packages the app can use: the ones shipped with it and the ones a user put
 * in their models folder (one folder per package). Listing reads manifests only; the
 * engine checks files and graphs when it loads a package.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PackageError } from '../engine/package/errors';
import { insidePackage } from '../engine/package/files';
import { readManifest, readTokenizer } from '../engine/package/loader';
import type { Tokenizer } from '../engine/tokenizers/types';

export interface ModelInfo {
  id: string;
  name: string;
  description: string;
  source: string;
  dir: string;
  shipped: boolean;
  width: number;
  height: number;
  frames: number;
  fps: number;
  /** the most regions (one per actor, one for a marked background) it directs per shot */
  maxRegions: number;
  defaults: { steps: number; guidance: number };
  eval: Record<string, unknown> | null;
}

export interface ModelProblem { dir: string; problem: string }

export class ModelError extends Error {}

/** A model's tokenizer, with what the engine falls back on when a shot has no negative prompt. */
export interface ModelTokenizer { model: ModelInfo; tokenizer: Tokenizer; defaultNegativePrompt: string }

export class ModelRegistry {
  /** tokenizers read so far, by package folder and manifest text section (a changed file has a new hash) */
  private readonly tokenizers = new Map<string, Tokenizer>();

  constructor(
    private readonly shippedDir: string,
    readonly userDir: string,
    /** the id used when a shot names no model */
    private readonly preferredDefault = 'directa-previz',
  ) {}

  list(): { models: ModelInfo[]; problems: ModelProblem[] } {
    const models: ModelInfo[] = [];
    const problems: ModelProblem[] = [];
    for (const [root, shipped] of [[this.shippedDir, true], [this.userDir, false]] as const) {
      if (!fs.existsSync(root)) continue;
      for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
        if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
        const dir = path.join(root, entry.name);
        try {
          const m = readManifest(dir);
          if (models.some((x) => x.id === m.id)) throw new Error(`another package already has the id "${m.id}"`);
          models.push({
            id: m.id, name: m.name, description: m.description, source: m.source, dir, shipped,
            width: m.width, height: m.height, frames: m.frames, fps: m.fps, maxRegions: m.maxRegions,
            defaults: { steps: m.defaults.steps, guidance: m.defaults.guidance }, eval: m.eval ?? null,
          });
        } catch (err) {
          problems.push({ dir, problem: err instanceof PackageError ? err.problems.join('; ') : (err as Error).message });
        }
      }
    }
    return { models, problems };
  }

  defaultId(models: readonly ModelInfo[] = this.list().models): string | null {
    const preferred = process.env.DIRECTA_DEFAULT_MODEL ?? this.preferredDefault;
    return (models.find((m) => m.id === preferred) ?? models.find((m) => m.shipped) ?? models[0])?.id ?? null;
  }

  /** The package for a shot's model (null: the default), or a ModelError saying what to do. */
  resolve(modelId: string | null): ModelInfo {
    const { models } = this.list();
    const id = modelId ?? this.defaultId(models);
    if (id === null) throw new ModelError(`no model package is installed: put one in ${this.userDir}`);
    const found = models.find((m) => m.id === id);
    if (!found) throw new ModelError(`model "${id}" is not installed (looked in ${this.shippedDir} and ${this.userDir})`);
    return found;
  }

  /**
   * The tokenizer of a shot's model (null: the default), without loading its graphs: read
   * once per version of the file, which must match the manifest's hash (a ModelError
   * otherwise, as for a model that is not installed).
   */
  tokenizer(modelId: string | null): ModelTokenizer {
    const model = this.resolve(modelId);
    const manifest = readManifest(model.dir);
    const key = JSON.stringify([model.dir, manifest.text]);
    let tokenizer = this.tokenizers.get(key);
    if (!tokenizer) {
      const entry = manifest.text.tokenizer;
      const file = insidePackage(model.dir, entry.path);
      let bytes: Buffer;
      try {
        if (!file) throw new Error('the path leaves the package');
        bytes = fs.readFileSync(file);
      } catch (err) {
        throw new ModelError(`model "${model.id}": its tokenizer ${entry.path} cannot be read (${(err as Error).message})`);
      }
      if (createHash('sha256').update(bytes).digest('hex') !== entry.sha256) {
        throw new ModelError(`model "${model.id}": its tokenizer ${entry.path} does not match the manifest (damaged or changed file)`);
      }
      try {
        tokenizer = readTokenizer(model.dir, manifest, bytes.toString('utf8'));
      } catch (err) {
        throw new ModelError(`model "${model.id}": ${err instanceof PackageError ? err.problems.join('; ') : (err as Error).message}`);
      }
      this.tokenizers.set(key, tokenizer);
    }
    return { model, tokenizer, defaultNegativePrompt: manifest.defaults.negativePrompt };
  }
}
