/**
 * How the npm commands end when something is wrong: one message that says what to do, never a raw stack trace.
 */

import { describeError, isHearthError } from '../../common/errors.js';
import { loadConfig } from '../../functions/config.js';

/** A mistake in how a command was run (a flag, a port, a stack not running): its message says how to fix it. */
export class CliError extends Error {
  constructor(
    message: string,
    /** The exit code: 2 for a usage mistake, 1 otherwise. */
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** What a person reads when `error` ends a command. */
export function explain(error: unknown): { text: string; exitCode: number } {
  if (error instanceof CliError) return { text: error.message, exitCode: error.exitCode };
  if (isHearthError(error)) return { text: describeError(error), exitCode: 1 };
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
  const stack = debugging() && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  return {
    text: `${message}${cause}${stack ? stack : '\n(set LOG_LEVEL=debug to see where it happened)'}`,
    exitCode: 1,
  };
}

function debugging(): boolean {
  try {
    return loadConfig(undefined, () => '', 'sheets').logLevel === 'DEBUG';
  } catch {
    return false;
  }
}

/** Runs a command's main; an error prints as `explain` says and sets the exit code. */
export async function runCli(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    const { text, exitCode } = explain(error);
    console.error(text);
    process.exitCode = exitCode;
  }
}

/**
 * For a command written as a top-level script: an error nothing else caught ends it as `explain` says, never
 * as Node's raw stack trace. Call it first thing.
 */
export function exitOnUncaughtError(): void {
  const end = (error: unknown) => {
    const { text, exitCode } = explain(error);
    console.error(text);
    process.exit(exitCode);
  };
  process.on('uncaughtException', end);
  process.on('unhandledRejection', end);
}
