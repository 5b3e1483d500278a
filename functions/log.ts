/**
 * Structured logs: one JSON object per line with `severity`, as Cloud Logging reads them. Locally
 * (`pretty`), a short readable line instead. Secrets print as [redacted] (see config.ts Secret).
 */
export const SEVERITIES = ['DEBUG', 'INFO', 'NOTICE', 'WARNING', 'ERROR'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Logger {
  log(severity: Severity, message: string, fields?: Record<string, unknown>): void;
}

export function createLogger(
  options: {
    pretty?: boolean;
    write?: (line: string) => void;
    /** Lines below this severity are left out (config LOG_LEVEL). Default INFO. */
    level?: Severity;
  } = {},
): Logger {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const lowest = SEVERITIES.indexOf(options.level ?? 'INFO');
  return {
    log(severity, message, fields = {}) {
      if (SEVERITIES.indexOf(severity) < lowest) return;
      if (options.pretty) {
        const extra = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
        write(`${new Date().toISOString().slice(11, 19)} ${severity.padEnd(7)} ${message}${extra}`);
      } else {
        write(JSON.stringify({ severity, message, ...fields, time: new Date().toISOString() }));
      }
    },
  };
}

/** A logger that keeps entries in memory, for tests. */
export function memoryLogger(): Logger & {
  entries: { severity: Severity; message: string; fields: Record<string, unknown> }[];
} {
  const entries: { severity: Severity; message: string; fields: Record<string, unknown> }[] = [];
  return { entries, log: (severity, message, fields = {}) => entries.push({ severity, message, fields }) };
}

/** An error as log fields: its message, and its code and hint when it has them (a HearthError does). */
export function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    const { code, hint } = error as Error & { code?: unknown; hint?: unknown };
    return {
      error: error.message,
      ...(code ? { code } : {}),
      ...(hint ? { hint } : {}),
      ...(error.stack ? { stack: error.stack } : {}),
    };
  }
  return { error: String(error) };
}
