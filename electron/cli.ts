/**
 * `directa`: headless commands for a GPU server or CI (bundled to dist/electron/cli.cjs,
 * `npm run directa -- …`, or the package's `directa` bin).
 *
 *   directa render SPEC_OR_PROJECT --out DIR [--model PACKAGE_DIR] [--steps N]
 *   directa eval PACKAGE CASES.json [--json OUT] [--steps N] [--object-control on|off] [--camera-projection on|off]
 *   directa export PROJECT (--scene NAME | --all) --format F --out PATH [...]
 *
 * Exit status: 0 done, 1 the work failed (message on stderr), 2 bad command line (usage
 * follows). The engine worker is the bundle next to this one (engine-worker.cjs).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseCommand, parseEvalArgs, positionals, providerOption, stepsOption, stringOption } from './cli/args';
import { CliError, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './cli/errors';
import { evaluate } from './cli/eval';
import { exportProject, parseExportArgs } from './cli/export';
import { COMMANDS, USAGE, type CommandName } from './cli/help';
import { progressReporter } from './cli/progress';
import { renderProject } from './cli/render-project';
import { renderSpec } from './cli/render-spec';

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('no command given');
  if (command === '--help' || command === '-h' || command === 'help') {
    const topic = rest[0];
    print(topic !== undefined && isCommand(topic) ? USAGE[topic] : USAGE.main);
    return EXIT_OK;
  }
  if (!isCommand(command)) throw new UsageError(`unknown command "${command}" (commands: ${COMMANDS.join(', ')})`);
  const progress = progressReporter();
  if (command === 'export') {
    const args = parseExportArgs(rest);
    if (args === null) return help('export');
    return (await exportProject(args, progress, print)) ? EXIT_OK : EXIT_FAILED;
  }
  if (command === 'render') {
    const parsed = parseCommand('render', rest, {
      out: { type: 'string' }, model: { type: 'string' }, steps: { type: 'string' }, provider: { type: 'string' },
    });
    if (parsed.values.help) return help('render');
    const [input] = positionals(parsed, 'render', ['SPEC_OR_PROJECT']) as [string];
    const outDir = stringOption(parsed, 'out');
    if (outDir === undefined) throw new UsageError('--out DIR is required', 'render');
    const options = {
      input, outDir, modelDir: stringOption(parsed, 'model'), steps: stepsOption(parsed, 'render'),
      provider: providerOption(parsed, 'render'), workerFile: engineWorker(), progress, print,
    };
    if (!fs.existsSync(input)) throw new CliError(`${input}: no such file or folder`);
    if (!fs.statSync(input).isDirectory()) {
      await renderSpec(options);
      return EXIT_OK;
    }
    return (await renderProject(options)) ? EXIT_OK : EXIT_FAILED;
  }
  const args = parseEvalArgs(rest);
  if (args === null) return help('eval');
  const ok = await evaluate({ ...args, workerFile: engineWorker(), progress, print });
  return ok ? EXIT_OK : EXIT_FAILED;
}

/** The engine worker bundled next to this file. */
function engineWorker(): string {
  const file = path.join(__dirname, 'engine-worker.cjs');
  if (!fs.existsSync(file)) throw new CliError(`the engine worker ${file} is missing: build it with npm run build:electron`);
  return file;
}

function isCommand(name: string): name is CommandName {
  return (COMMANDS as readonly string[]).includes(name);
}

function help(command: CommandName): number {
  print(USAGE[command]);
  return EXIT_OK;
}

/** The exit status for an error, with its message on stderr (a usage line after a usage error, the stack with DIRECTA_DEBUG). */
function failure(err: unknown): number {
  if (err instanceof UsageError) {
    const usage = USAGE[err.command ?? 'main'].split('\n')[0];
    process.stderr.write(`directa: ${err.message}\n${usage}\nrun "directa ${err.command ?? ''}${err.command ? ' ' : ''}--help" for more\n`);
    return EXIT_USAGE;
  }
  process.stderr.write(`directa: error: ${err instanceof Error ? err.message : String(err)}\n`);
  if (process.env.DIRECTA_DEBUG && !(err instanceof CliError) && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  return EXIT_FAILED;
}

// The engine's worker thread is unref'd (it must not keep the app alive); this keeps the
// process alive while a command waits for it.
const keepAlive = setInterval(() => {}, 1 << 30);
run(process.argv.slice(2))
  .catch(failure)
  .then((code) => {
    clearInterval(keepAlive);
    process.exitCode = code;
  });
