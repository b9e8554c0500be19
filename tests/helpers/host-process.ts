/** The host child (tests/helpers/host-child.ts) started and watched: is it still alive, what did it print. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bundleChild } from './child-bundle';
import type { HostAddress } from './ws-raw';

export interface HostProcess extends HostAddress {
  child: ChildProcess;
  /** everything the child wrote to stderr so far */
  stderr(): string;
  /** whether the process is still running */
  running(): boolean;
  /** answers true when a call over HTTP still gets its answer */
  answers(): Promise<boolean>;
  stop(): Promise<void>;
}

/** The bundled child, built once per test file (remove it in afterAll). */
export function bundleHostChild(): Promise<{ file: string; remove: () => void }> {
  return bundleChild('tests/helpers/host-child.ts');
}

export async function startHostProcess(dir: string, childFile: string): Promise<HostProcess> {
  const staticDir = path.join(dir, 'static');
  fs.mkdirSync(staticDir, { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  const child = spawn(process.execPath, [childFile, staticDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const address = await new Promise<HostAddress>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(JSON.parse(line) as HostAddress);
    });
    child.once('exit', (code) => reject(new Error(`the host child exited (${code}):\n${stderr}`)));
  });
  return {
    ...address,
    child,
    stderr: () => stderr,
    running: () => child.exitCode === null && child.signalCode === null,
    answers: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return false;
      try {
        const res = await fetch(`http://127.0.0.1:${address.port}/api/call/app.info`, {
          method: 'POST', body: '{}', headers: { 'content-type': 'application/json', 'x-directa-secret': address.secret },
        });
        return res.status === 200;
      } catch {
        return false;
      }
    },
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    }),
  };
}
