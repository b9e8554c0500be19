/**
 * The PyTorch eager reference: `python -m directa_models.bench_step` on the package's
 * config (random weights, same shapes and controls, the camera path of the package's own
 * graph), run with the python the tests use. `waitPolicy` sets OpenMP's OMP_WAIT_POLICY:
 * PyTorch's threads spin by default ("ACTIVE"), which collapses when other processes share
 * the cores; "PASSIVE" is the counterpart of the engine's non-spinning threads. `halves`
 * runs the batch's two halves at once on two Python threads, each with half the threads
 * (the engine's split guidance batch, done the PyTorch way). `ffChunks` turns on diffusers'
 * own feed-forward chunking in every transformer block (the graph's row chunks, done the
 * PyTorch way).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { python } from '../helpers/tiny-package';

export interface TorchStep { seconds_per_step: number; times: number[]; threads: number; halves: boolean; ff_chunked_blocks: number; torch: string; parameters: number; camera: string; peak_rss_mb: number | null }

export interface TorchOptions { batch: number; repeat: number; threads: number; package: string; waitPolicy?: 'ACTIVE' | 'PASSIVE'; halves?: boolean; ffChunks?: boolean }

export async function torchStep(config: string, options: TorchOptions): Promise<TorchStep> {
  const args = ['-m', 'directa_models.bench_step', '--config', config, '--batch', String(options.batch),
    '--repeat', String(options.repeat), '--threads', String(options.threads), '--package', path.resolve(options.package),
    ...(options.halves ? ['--halves'] : []), ...(options.ffChunks ? ['--ff-chunks'] : [])];
  const env = { ...process.env, ...(options.waitPolicy ? { OMP_WAIT_POLICY: options.waitPolicy } : {}) };
  const { stdout } = await promisify(execFile)(python(), args, { cwd: path.resolve('native-models'), maxBuffer: 1 << 20, env });
  return JSON.parse(stdout) as TorchStep;
}
