/**
 * The last resort: an error nothing else caught. Every socket, stream, child process and
 * worker has its own 'error' handler (host/socket-guard.ts, media/ffmpeg.ts, engine.ts),
 * and every job's failure is the job's; this catches what a future change forgets.
 *
 * Keeping the process alive after one is safe here because what must survive a crash is
 * already crash-safe without it: every edit is one SQLite transaction (a half-run handler
 * leaves no half-written edit), files are written under temporary names, and a job that
 * was interrupted is found on the next start. So the error is logged with its stack, and
 * the app goes on serving the user's other work. A storm (more than `maxPerMinute` in a
 * minute) means something is looping on a broken state: then the process exits, non-zero,
 * and the next start recovers as after a crash.
 */
export interface LastResortOptions {
  log: (message: string) => void;
  /** how the process ends in a storm; default process.exit */
  exit?: (code: number) => void;
  maxPerMinute?: number;
}

/** The exit code after an error storm (EX_SOFTWARE). */
export const STORM_EXIT_CODE = 70;

/** Installs the handlers; answers a function that removes them. */
export function installLastResort(options: LastResortOptions): () => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const max = options.maxPerMinute ?? 20;
  let recent: number[] = [];
  const handle = (kind: string) => (err: unknown): void => {
    const now = Date.now();
    recent = [...recent.filter((t) => now - t < 60_000), now];
    const detail = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
    try {
      options.log(`directa: ${kind}, kept running: ${detail}`);
    } catch {
      // a log that throws must not turn this handler into the next uncaught error
    }
    if (recent.length > max) {
      try {
        options.log(`directa: ${recent.length} unexpected errors within a minute: exiting (the next start recovers as after a crash)`);
      } finally {
        exit(STORM_EXIT_CODE);
      }
    }
  };
  const onException = handle('uncaught exception');
  const onRejection = handle('unhandled promise rejection');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
