/** Starts the built browser host (`dist/electron/serve.cjs`) as a child process, as `npm run serve` does. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface Served { url: string; child: ChildProcess; stop: () => Promise<void> }

export async function serve(libraryDir: string, env: Record<string, string> = {}): Promise<Served> {
  const entry = path.resolve('dist/electron/serve.cjs');
  const child = spawn(process.execPath, [entry, '--library', libraryDir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not print its URL:\n${output}`)), 120_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?secret=\S+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
  return {
    url,
    child,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
