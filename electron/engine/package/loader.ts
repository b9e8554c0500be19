/**
 * Loading a model package: manifest, files, tokenizer and the three graphs on the best
 * execution provider that works. A package that fails any check is refused with a
 * PackageError naming every problem found; nothing is half-loaded.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import { WordTokenizer } from '../tokenizers/word';
import { ClipBpeTokenizer } from '../tokenizers/clip-bpe';
import type { Tokenizer } from '../tokenizers/types';
import { GuidanceHalf, splitThreads } from '../guidance-half';
import { PackageError } from './errors';
import { checkFiles, insidePackage } from './files';
import { graphSpecs, Manifest, type GraphKey, type TensorSpec } from './manifest';
import { candidates, cpuThreads, openGraph, openSessions, sessionOptions, type ProviderChoice } from './providers';

export interface ModelPackage {
  dir: string;
  manifest: Manifest;
  tokenizer: Tokenizer;
  sessions: Record<GraphKey, InferenceSession>;
  provider: string;
  /** the thread that runs the guidance batch's unconditional half, when the batch is split */
  guidanceHalf: GuidanceHalf | null;
  release(): Promise<void>;
}

export interface LoadOptions {
  /**
   * the engine worker's bundle, which serves as the guidance half's thread; without it the
   * guidance batch runs as one (tests that call the pipeline in-process)
   */
  halfWorker?: string;
}

export function readManifest(dir: string): Manifest {
  const file = path.join(dir, 'manifest.json');
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : `not valid JSON (${(err as Error).message})`;
    throw new PackageError(dir, [`manifest.json: ${reason}`]);
  }
  const parsed = Manifest.safeParse(raw);
  if (!parsed.success) {
    throw new PackageError(dir, parsed.error.issues.slice(0, 10).map((i) => `manifest.json: ${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  return parsed.data;
}

export async function loadPackage(dir: string, choice: ProviderChoice = {}, options: LoadOptions = {}): Promise<ModelPackage> {
  const manifest = readManifest(dir);
  const problems = await checkFiles(dir, manifest);
  if (problems.length) throw new PackageError(dir, problems);
  const tokenizer = readTokenizer(dir, manifest);
  // the split needs the helper's bundle, 2 or more threads and a chance of the CPU provider
  const halfWorker = choice.splitGuidance !== false && cpuThreads(choice) >= 2 && candidates(choice).includes('cpu')
    ? options.halfWorker : undefined;
  const split = halfWorker ? splitThreads(cpuThreads(choice)) : null;
  const unet = path.join(dir, manifest.files.unet.path);
  // the helper thread opens its session while this thread opens the three graphs
  const half = halfWorker && split
    ? GuidanceHalf.open(halfWorker, unet, sessionOptions('cpu', { ...choice, threads: split[1] })).catch(() => null)
    : Promise.resolve(null);
  const fail = async (err: unknown, opened: InferenceSession[] = []): Promise<never> => {
    await Promise.all([...opened.map((s) => s.release()), half.then((h) => h?.release())]);
    throw err;
  };
  const opened = await openSessions(dir, manifest, choice, split?.[0]).catch((err: unknown) => fail(err));
  const sessions = opened.sessions;
  const mismatches = (Object.keys(sessions) as GraphKey[]).flatMap((key) =>
    checkGraph(manifest.files[key].path, sessions[key], graphSpecs(manifest)[key]));
  if (mismatches.length) await fail(new PackageError(dir, mismatches), Object.values(sessions));
  let guidanceHalf = await half;
  if (guidanceHalf && opened.provider !== 'cpu') {
    await guidanceHalf.release();
    guidanceHalf = null;
  } else if (split && opened.provider === 'cpu' && !guidanceHalf) {
    // no second thread: the batch runs as one, on all the threads
    await sessions.unet.release();
    sessions.unet = await openGraph(unet, 'cpu', choice);
  }
  return {
    dir,
    manifest,
    tokenizer,
    sessions,
    provider: opened.provider,
    guidanceHalf,
    release: async () => {
      await Promise.all([...Object.values(sessions).map((s) => s.release()), guidanceHalf?.release()]);
    },
  };
}

/**
 * The package's tokenizer from its file, as the manifest describes it (a PackageError when
 * it cannot be built). It does not check the file's hash: loadPackage has checked every
 * file first, and other callers check the tokenizer's own.
 */
export function readTokenizer(dir: string, m: Manifest, text?: string): Tokenizer {
  const t = m.text.tokenizer;
  const file = insidePackage(dir, t.path);
  if (!file) throw new PackageError(dir, [`${t.path} (text.tokenizer): path leaves the package`]);
  try {
    text ??= fs.readFileSync(file, 'utf8');
    if (t.kind === 'word') {
      return WordTokenizer.fromVocabFile(text, { maxTokens: m.text.maxTokens, bos: t.bos, eos: t.eos, pad: t.pad, unk: t.unk!, pattern: t.pattern! });
    }
    return ClipBpeTokenizer.fromJson(text, { maxTokens: m.text.maxTokens, bos: t.bos, eos: t.eos, pad: t.pad });
  } catch (err) {
    throw new PackageError(dir, [`${t.path}: ${(err as Error).message}`]);
  }
}

/** Differences between a graph's inputs/outputs and the contract's, each naming the file. */
function checkGraph(file: string, session: InferenceSession, spec: { inputs: TensorSpec[]; outputs: TensorSpec[] }): string[] {
  const problems: string[] = [];
  const compare = (kind: 'input' | 'output', expected: TensorSpec[], names: readonly string[], meta: readonly InferenceSession.ValueMetadata[]): void => {
    const missing = expected.filter((e) => !names.includes(e.name)).map((e) => e.name);
    const extra = names.filter((n) => !expected.some((e) => e.name === n));
    if (missing.length) problems.push(`${file}: missing ${kind}s ${missing.join(', ')}`);
    if (extra.length) problems.push(`${file}: unexpected ${kind}s ${extra.join(', ')}`);
    for (const e of expected) {
      const m = meta.find((v) => v.name === e.name);
      if (!m || !m.isTensor) continue;
      const shape = m.shape;
      const fits = m.type === e.type && shape.length === e.shape.length
        && e.shape.every((d, i) => (d === 'batch' ? typeof shape[i] === 'string' || shape[i] === -1 : shape[i] === d));
      if (!fits) problems.push(`${file}: ${kind} ${e.name} is ${m.type}[${shape.join(', ')}], the contract needs ${e.type}[${e.shape.join(', ')}]`);
    }
  };
  compare('input', spec.inputs, session.inputNames, session.inputMetadata);
  compare('output', spec.outputs, session.outputNames, session.outputMetadata);
  return problems;
}
