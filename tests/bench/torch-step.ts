/**
 * The PyTorch eager reference: `python -m directa_models.bench_step` on the package's
 * config (random weights, same shapes and controls), run with the python the tests use.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { python } from '../helpers/tiny-package';

export interface TorchStep { seconds_per_step: number; times: number[]; threads: number; torch: string; parameters: number; peak_rss_mb: number | null }

export async function torchStep(config: string, options: { batch: number; repeat: number; threads: number }): Promise<TorchStep> {
  const args = ['-m', 'directa_models.bench_step', '--config', config, '--batch', String(options.batch),
    '--repeat', String(options.repeat), '--threads', String(options.threads)];
  const { stdout } = await promisify(execFile)(python(), args, { cwd: path.resolve('native-models'), maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as TorchStep;
}
