/**
 * The ffmpeg binary and a cancellable runner for it.
 *
 * * Binary: `DIRECTA_FFMPEG` if set, else the static build shipped inside the
 *   `@ffmpeg-installer/<platform>` npm package. In a packaged Electron app that path
 *   points into `app.asar`, which cannot hold an executable; electron-builder's
 *   `asarUnpack` puts the binary under `app.asar.unpacked`, and we rewrite the path.
 *   The installer is loaded with a run-time `require` so that the bundler leaves it in
 *   node_modules (bundled, its `__dirname`-based lookup would break).
 * * Runner: spawns ffmpeg directly (never a shell) with `-hide_banner -nostdin -stats`,
 *   optionally streams bytes to its stdin with backpressure, reports progress parsed
 *   from the stats lines on stderr (`frame=  16 … time=00:00:00.66 … speed=2x`), kills
 *   the process when an AbortSignal fires (rejecting with an `AbortError`), and on a
 *   non-zero exit rejects with an `FfmpegError` carrying the last lines of stderr.
 *   With `progressPipe`, progress comes instead from ffmpeg's machine-readable
 *   `-progress pipe:1` blocks on stdout (`frame=…`, `out_time_us=…`, `progress=continue`),
 *   which do not depend on the log level or the terminal.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Progress as ffmpeg reports it; a field is null when that report lacked it. */
export interface FfmpegProgress {
  /** frames written to the output so far */
  frame: number | null;
  /** output position in seconds (ffmpeg's `time=`; may be negative at the start) */
  seconds: number | null;
  /** speed relative to real time (`speed=2.5x`) */
  speed: number | null;
}

/** Bytes for ffmpeg's stdin: one buffer, chunks (sync or async), or a Node stream. */
export type FfmpegInput = Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array> | NodeJS.ReadableStream;

export interface RunFfmpegOptions {
  /** arguments after the runner's own `-hide_banner -nostdin -loglevel … -stats` */
  args: readonly string[];
  /** streamed to stdin (use `-i pipe:0`); stdin is closed when it ends */
  stdin?: FfmpegInput;
  /** aborting kills ffmpeg and rejects with an AbortError */
  signal?: AbortSignal;
  onProgress?: (progress: FfmpegProgress) => void;
  /** collect stdout (e.g. `pipe:1` output) into `FfmpegResult.stdout`; ignored otherwise */
  captureStdout?: boolean;
  /** ffmpeg's `-loglevel`; default `warning` */
  logLevel?: 'quiet' | 'fatal' | 'error' | 'warning' | 'info' | 'verbose';
  /** lines of stderr to keep for errors and the result; default 20 */
  tailLines?: number;
  /** default: `ffmpegPath()` */
  binary?: string;
  /** ffmpeg's working folder: relative paths in its arguments and filter graphs resolve there */
  cwd?: string;
  /** progress from `-progress pipe:1` on stdout (not with `captureStdout`) rather than the stats on stderr */
  progressPipe?: boolean;
}

export interface FfmpegResult {
  /** stdout when `captureStdout` is set, else empty */
  stdout: Buffer;
  /** the last non-progress lines ffmpeg wrote to stderr */
  stderrTail: string[];
}

/** ffmpeg could not start, or exited with an error; `message` ends with its last stderr lines. */
export class FfmpegError extends Error {
  override name = 'FfmpegError';
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stderrTail: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Rejection of an aborted run; `name` is 'AbortError' like the platform's own. */
export class MediaAbortError extends Error {
  override name = 'AbortError';
  readonly code = 'ABORT_ERR';
  constructor(reason?: unknown) {
    super('The ffmpeg operation was aborted', { cause: reason });
  }
}

/** A path inside `app.asar` rewritten to its unpacked twin; other paths unchanged. */
export function unpackedAsarPath(p: string): string {
  return p.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

let installerPath: string | undefined;

/** The ffmpeg executable to run (see the file comment for the order of lookup). */
export function ffmpegPath(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.DIRECTA_FFMPEG;
  if (override) return override;
  if (installerPath === undefined) {
    let found: string;
    try {
      const installer = createRequire(__filename)('@ffmpeg-installer/ffmpeg') as { path: string };
      found = installer.path;
    } catch (err) {
      // The installer throws plain strings for unsupported platforms or a missing binary.
      throw new FfmpegError(`ffmpeg not found: ${err instanceof Error ? err.message : String(err)}`, null, [], { cause: err });
    }
    installerPath = unpackedAsarPath(found);
  }
  return installerPath;
}

/** `file:` URL-style argument for a local path, so ffmpeg never reads `name:` as a protocol. */
export function fileArg(p: string): string {
  return `file:${path.resolve(p)}`;
}

const STATS = /^\s*frame=\s*(\d+)/;
const TIME = /time=\s*(-?)(\d+):(\d+):(\d+(?:\.\d+)?)/;
const SPEED = /speed=\s*(\d+(?:\.\d+)?)x/;

/** Parses one ffmpeg stats line; null when the line is not one. */
export function parseStatsLine(line: string): FfmpegProgress | null {
  const frame = STATS.exec(line);
  if (!frame) return null;
  const time = TIME.exec(line);
  const speed = SPEED.exec(line);
  let seconds: number | null = null;
  if (time) {
    const abs = Number(time[2]) * 3600 + Number(time[3]) * 60 + Number(time[4]);
    seconds = time[1] === '-' ? -abs : abs;
  }
  return { frame: Number(frame[1]), seconds, speed: speed ? Number(speed[1]) : null };
}

/**
 * Reads ffmpeg's `-progress` output: key=value lines, each block ended by `progress=continue`
 * or `progress=end`. Calls `onBlock` with the block's progress at each end.
 */
export class ProgressPipeParser {
  private block = new Map<string, string>();
  constructor(private readonly onBlock: (progress: FfmpegProgress, ended: boolean) => void) {}
  line(line: string): void {
    const eq = line.indexOf('=');
    if (eq < 0) return;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key !== 'progress') {
      this.block.set(key, value);
      return;
    }
    const b = this.block;
    this.block = new Map();
    const num = (k: string): number | null => {
      const v = b.get(k);
      if (v === undefined || v === 'N/A' || v === '') return null;
      const n = Number(v.replace(/x$/, ''));
      return Number.isFinite(n) ? n : null;
    };
    // out_time_ms is in microseconds too (a long-standing ffmpeg quirk); out_time_us is newer.
    const us = num('out_time_us') ?? num('out_time_ms');
    this.onBlock({ frame: num('frame'), seconds: us === null ? null : us / 1e6, speed: num('speed') }, value === 'end');
  }
}

/** Splits a text stream on \n, \r\n and the bare \r that ffmpeg's stats use. */
class LineSplitter {
  private rest = '';
  constructor(private readonly onLine: (line: string) => void) {}
  push(chunk: string): void {
    const parts = (this.rest + chunk).split(/\r\n|\r|\n/);
    this.rest = parts.pop() ?? '';
    for (const p of parts) if (p.trim() !== '') this.onLine(p);
  }
  end(): void {
    if (this.rest.trim() !== '') this.onLine(this.rest);
    this.rest = '';
  }
}

function toReadable(input: FfmpegInput): Readable {
  if (input instanceof Readable) return input;
  // Readable.from iterates a lone Uint8Array byte by byte: wrap it as one chunk.
  if (input instanceof Uint8Array) return Readable.from([input], { objectMode: false });
  return Readable.from(input as Iterable<Uint8Array> | AsyncIterable<Uint8Array>, { objectMode: false });
}

/**
 * Runs ffmpeg to completion. Resolves on exit code 0; rejects with `MediaAbortError`
 * when `signal` aborts (the process is killed), with `FfmpegError` on a failed start or
 * a non-zero exit, or with the stdin source's own error if reading it throws.
 */
export function runFfmpeg(options: RunFfmpegOptions): Promise<FfmpegResult> {
  const { signal, onProgress } = options;
  if (signal?.aborted) return Promise.reject(new MediaAbortError(signal.reason));
  let binary: string;
  try {
    binary = options.binary ?? ffmpegPath();
  } catch (err) {
    return Promise.reject(err);
  }
  if (options.progressPipe && options.captureStdout) return Promise.reject(new Error('progressPipe and captureStdout both want stdout'));
  const piped = options.progressPipe === true;
  const args = ['-hide_banner', '-nostdin', '-loglevel', options.logLevel ?? 'warning', '-stats', ...(piped ? ['-progress', 'pipe:1'] : []), ...options.args];
  const keep = options.tailLines ?? 20;

  return new Promise<FfmpegResult>((resolve, reject) => {
    const child = spawn(binary, args, {
      stdio: [options.stdin ? 'pipe' : 'ignore', options.captureStdout || piped ? 'pipe' : 'ignore', 'pipe'],
      shell: false,
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
      windowsHide: true,
    });
    const tail: string[] = [];
    const stdout: Buffer[] = [];
    let aborted = false;
    let inputFailed = false;
    let inputError: unknown;

    const splitter = new LineSplitter((line) => {
      const progress = parseStatsLine(line);
      if (progress) {
        if (!piped) onProgress?.(progress);
        return;
      }
      tail.push(line);
      if (tail.length > keep) tail.shift();
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => splitter.push(chunk));
    if (piped) {
      const parser = new ProgressPipeParser((p) => onProgress?.(p));
      const lines = new LineSplitter((line) => parser.line(line));
      child.stdout?.setEncoding('utf8');
      child.stdout?.on('data', (chunk: string) => lines.push(chunk));
    } else {
      child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    }

    const kill = (): void => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    const onAbort = (): void => {
      aborted = true;
      kill();
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    if (options.stdin && child.stdin) {
      const source = toReadable(options.stdin);
      // Errors of the source are the caller's; EPIPE on stdin just means ffmpeg exited
      // first, and its exit status (handled on 'close') says why.
      source.on('error', (err) => {
        inputFailed = true;
        inputError = err;
        kill();
      });
      pipeline(source, child.stdin).catch(() => undefined);
    }

    let settled = false;
    const settle = (err: unknown, result?: FfmpegResult): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (result) resolve(result);
      else reject(err);
    };
    // Every stream of the child has a listener: an 'error' without one ends the process.
    // stdin's errors (EPIPE when ffmpeg exits first) are the pipeline's; its exit status says why.
    for (const stream of [child.stdin, child.stdout, child.stderr]) stream?.on('error', () => undefined);
    // `on`, not `once`: a second 'error' (a kill() that fails after a failed start) must find a listener too.
    child.on('error', (err) => {
      // A failed spawn (ENOENT, EACCES) has no pid; later errors are followed by 'close'.
      if (child.pid === undefined) {
        settle(new FfmpegError(`could not run ffmpeg (${binary}): ${err.message}`, null, [], { cause: err }));
      }
    });
    child.once('close', (code, killedBy) => {
      splitter.end();
      if (aborted) return settle(new MediaAbortError(signal?.reason));
      if (inputFailed) return settle(inputError);
      if (code === 0) return settle(null, { stdout: Buffer.concat(stdout), stderrTail: tail });
      const status = code !== null ? `code ${code}` : `signal ${killedBy ?? 'unknown'}`;
      const detail = tail.length > 0 ? `:\n${tail.join('\n')}` : ' (no output on stderr)';
      settle(new FfmpegError(`ffmpeg exited with ${status}${detail}`, code, tail));
    });
  });
}

