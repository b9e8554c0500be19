/**
 * Command-line parsing for the CLI's commands: node's `parseArgs` in strict mode, with its
 * errors turned into UsageErrors that name the command, and typed option helpers.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors';
import type { CommandName } from './help';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}

export function parseCommand(command: CommandName, argv: string[], options: Options): Parsed {
  try {
    const { positionals, values } = parseArgs({
      args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true,
    });
    return { positionals, values: values as Parsed['values'] };
  } catch (err) {
    throw new UsageError((err as Error).message, command);
  }
}

/** The value of a string option, or undefined. */
export function stringOption(parsed: Parsed, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** `--steps N`: a whole number of at least 1, or undefined when not given. */
export function stepsOption(parsed: Parsed, command: CommandName): number | undefined {
  const raw = stringOption(parsed, 'steps');
  if (raw === undefined) return undefined;
  const steps = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(steps) || steps < 1) {
    throw new UsageError(`--steps must be a whole number of at least 1, got "${raw}"`, command);
  }
  return steps;
}

/** Exactly one positional argument per name, named in the error when some are missing or extra. */
export function positionals(parsed: Parsed, command: CommandName, names: string[]): string[] {
  const given = parsed.positionals;
  if (given.length < names.length) throw new UsageError(`missing ${names.slice(given.length).join(' and ')}`, command);
  if (given.length > names.length) throw new UsageError(`unexpected argument "${given[names.length]}"`, command);
  return given;
}
