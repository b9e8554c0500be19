/**
 * Command-line parsing for the CLI's commands: node's `parseArgs` in strict mode, with its
 * errors turned into UsageErrors that name the command, and typed option helpers.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseProvider, type ProviderName } from '../engine/package/providers';
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

/** `--provider NAME`, else DIRECTA_PROVIDER, checked; undefined: the engine picks (providerOrder). */
export function providerOption(parsed: Parsed, command: CommandName, env: NodeJS.ProcessEnv = process.env): ProviderName | undefined {
  const raw = stringOption(parsed, 'provider');
  try {
    if (raw !== undefined) return parseProvider(raw, '--provider');
    return env.DIRECTA_PROVIDER ? parseProvider(env.DIRECTA_PROVIDER, 'DIRECTA_PROVIDER') : undefined;
  } catch (err) {
    throw new UsageError((err as Error).message, command);
  }
}

/** `--NAME on|off`: true for on, false for off, `fallback` when not given; any other value is a usage error. */
export function onOffOption(parsed: Parsed, name: string, command: CommandName, fallback: boolean): boolean {
  const raw = stringOption(parsed, name);
  if (raw === undefined) return fallback;
  if (raw === 'on' || raw === 'off') return raw === 'on';
  throw new UsageError(`--${name} must be "on" or "off", got "${raw}"`, command);
}

/** `directa eval`'s command line, parsed and checked. */
export interface EvalArgs {
  packageDir: string;
  casesFile: string;
  jsonOut: string | undefined;
  steps: number | undefined;
  /** `--provider NAME` or DIRECTA_PROVIDER; undefined: the engine's choice */
  provider: ProviderName | undefined;
  /** `--object-control on|off` (default on) */
  objectControl: boolean;
  /** `--camera-projection on|off` (default on: as the package's defaults say) */
  cameraProjection: boolean;
}

/** Parses `directa eval PACKAGE CASES.json [--json OUT] [--steps N] [--provider NAME] [--object-control on|off] [--camera-projection on|off]`; null for --help. */
export function parseEvalArgs(argv: string[]): EvalArgs | null {
  const parsed = parseCommand('eval', argv, {
    json: { type: 'string' }, steps: { type: 'string' }, provider: { type: 'string' }, 'object-control': { type: 'string' },
    'camera-projection': { type: 'string' },
  });
  if (parsed.values.help) return null;
  const [packageDir, casesFile] = positionals(parsed, 'eval', ['PACKAGE', 'CASES.json']) as [string, string];
  return {
    packageDir, casesFile, jsonOut: stringOption(parsed, 'json'), steps: stepsOption(parsed, 'eval'),
    provider: providerOption(parsed, 'eval'), objectControl: onOffOption(parsed, 'object-control', 'eval', true),
    cameraProjection: onOffOption(parsed, 'camera-projection', 'eval', true),
  };
}

/** Exactly one positional argument per name, named in the error when some are missing or extra. */
export function positionals(parsed: Parsed, command: CommandName, names: string[]): string[] {
  const given = parsed.positionals;
  if (given.length < names.length) throw new UsageError(`missing ${names.slice(given.length).join(' and ')}`, command);
  if (given.length > names.length) throw new UsageError(`unexpected argument "${given[names.length]}"`, command);
  return given;
}
