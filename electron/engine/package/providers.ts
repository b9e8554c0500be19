/**
 * Execution providers: onnxruntime-node throws when a provider cannot start rather than
 * falling back, so the engine tries them in order of preference and keeps the first that
 * opens every graph. A setting (or DIRECTA_PROVIDER) can name one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { InferenceSession } from 'onnxruntime-node';
import { PackageError } from './errors';
import type { GraphKey, Manifest } from './manifest';

export const PROVIDERS = ['cuda', 'dml', 'coreml', 'webgpu', 'cpu'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/**
 * A provider named by a user (`--provider`, DIRECTA_PROVIDER), checked: an unknown name is
 * an error that lists the known ones, not a late failure inside onnxruntime.
 */
export function parseProvider(raw: string, source: string): ProviderName {
  const name = raw.trim().toLowerCase();
  if ((PROVIDERS as readonly string[]).includes(name)) return name as ProviderName;
  throw new RangeError(`${source}: unknown execution provider "${raw}"; use one of ${PROVIDERS.join(', ')}`);
}

export interface ProviderChoice {
  /** use only this provider (a failure is an error, not a fallback) */
  provider?: ProviderName;
  /** intra-op threads for the CPU provider; default: all cores */
  threads?: number;
  /**
   * whether the CPU provider's worker threads spin between operators instead of sleeping;
   * default false: the app shares its cores (UI, ffmpeg, other programs), and with one
   * other busy process on a 2-core machine spinning made a 2-thread UNet step 4x slower
   * (BENCHMARKS.md); `npm run bench` measures both
   */
  spinning?: boolean;
  /**
   * whether the CPU provider runs the guidance batch's two halves at once, each in its own
   * session on half of the threads (guidance-half.ts); default true where there are 2 or
   * more threads: a third faster than the batch on 2 intra-op threads (BENCHMARKS.md)
   */
  splitGuidance?: boolean;
}

/** The CPU provider's threads for a choice: its own count, else one per logical core. */
export function cpuThreads(choice: ProviderChoice): number {
  return choice.threads ?? os.availableParallelism();
}

/** onnxruntime session options for `provider` with a choice's settings. */
export function sessionOptions(provider: ProviderName, choice: ProviderChoice): InferenceSession.SessionOptions {
  return {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    ...(choice.threads ? { intraOpNumThreads: choice.threads } : {}),
    extra: { session: { 'intra_op.allow_spinning': choice.spinning ? '1' : '0' } },
  };
}

/**
 * Providers worth trying here, best first. CUDA only where its provider library was
 * installed beside onnxruntime-node (its install step is skipped in offline builds).
 * WebGPU (bundled on Linux, Windows and macOS) is left to an explicit choice: it opens on
 * any Vulkan/Metal/D3D12 adapter, software ones included (Mesa's lavapipe runs it ~50x
 * slower than the CPU provider), so it cannot be preferred blindly (BENCHMARKS.md).
 */
export function providerOrder(platform: NodeJS.Platform = process.platform): ProviderName[] {
  const cudaInstalled = ort.listSupportedBackends().some((b) => b.name === 'cuda' && (b.bundled || cudaLibraryPresent()));
  const order: ProviderName[] = [];
  if (cudaInstalled) order.push('cuda');
  if (platform === 'win32') order.push('dml');
  if (platform === 'darwin') order.push('coreml');
  order.push('cpu');
  return order;
}

function cudaLibraryPresent(): boolean {
  const dir = path.dirname(require.resolve('onnxruntime-node/package.json'));
  const bin = path.join(dir, 'bin', 'napi-v6', process.platform, process.arch);
  const name = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
  return fs.existsSync(path.join(bin, name));
}

/** The providers a load with `choice` tries, in order: the one it (or DIRECTA_PROVIDER) names, else providerOrder(). */
export function candidates(choice: ProviderChoice): ProviderName[] {
  const fromEnv = process.env.DIRECTA_PROVIDER ? parseProvider(process.env.DIRECTA_PROVIDER, 'DIRECTA_PROVIDER') : undefined;
  const requested = choice.provider ?? fromEnv;
  return requested ? [requested] : providerOrder();
}

/** One graph's session on `provider` with a choice's settings. */
export function openGraph(file: string, provider: ProviderName, choice: ProviderChoice): Promise<InferenceSession> {
  return ort.InferenceSession.create(file, sessionOptions(provider, choice));
}

/**
 * Opens the package's three graphs on the first provider that opens them all. `unetThreads`,
 * when given, replaces the choice's thread count for the UNet on the CPU provider (the
 * engine's share when the guidance batch is split).
 */
export async function openSessions(dir: string, m: Manifest, choice: ProviderChoice, unetThreads?: number): Promise<{ sessions: Record<GraphKey, InferenceSession>; provider: ProviderName }> {
  const order = candidates(choice);
  const failures: string[] = [];
  for (const provider of order) {
    const opened: Partial<Record<GraphKey, InferenceSession>> = {};
    try {
      for (const key of ['textEncoder', 'unet', 'vaeDecoder'] as const) {
        const own = key === 'unet' && provider === 'cpu' && unetThreads ? { ...choice, threads: unetThreads } : choice;
        opened[key] = await openGraph(path.join(dir, m.files[key].path), provider, own);
      }
      return { sessions: opened as Record<GraphKey, InferenceSession>, provider };
    } catch (err) {
      await Promise.all(Object.values(opened).map((s) => s.release()));
      failures.push(`${provider}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  throw new PackageError(dir, [`no execution provider could open the graphs (${failures.join('; ')})`]);
}
