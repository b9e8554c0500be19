/**
 * The CLI's two kinds of expected failure: a usage error (bad command line, exit 2, the
 * command's usage follows the message) and a failure of the work itself (exit 1).
 */
import type { CommandName } from './help';

export class UsageError extends Error {
  constructor(message: string, readonly command: CommandName | null = null) {
    super(message);
    this.name = 'UsageError';
  }
}

export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
