import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/** A secret value that never prints: logs and JSON show `[redacted]`. */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[redacted]';
  }
  toJSON(): string {
    return '[redacted]';
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return '[redacted]';
  }
}

export interface Config {
  backend: 'local' | 'google';
  localWorkbook: string;
  spreadsheetId: string | undefined;
  sheetsApiRootUrl: string | undefined;
  slackBotToken: Secret | undefined;
  slackSigningSecret: Secret | undefined;
  slackApiUrl: string | undefined;
  formRelaySecret: Secret | undefined;
  schedulerToken: Secret | undefined;
  dryRun: boolean;
  port: number;
  allowTimeTravel: boolean;
  /** Names of the secrets that were generated for the local backend (printed once at start). */
  generatedSecrets: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const bool = (name: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const word = (v ?? '').trim().toLowerCase();
      if (['', 'false', '0', 'no', 'off'].includes(word)) return false;
      if (['true', '1', 'yes', 'on'].includes(word)) return true;
      ctx.addIssue({ code: 'custom', message: `${name} must be true or false, not "${v}"` });
      return z.NEVER;
    });

const url = (name: string, example: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v?.trim()) return undefined;
      try {
        const parsed = new URL(v.trim());
        if (!/^https?:$/.test(parsed.protocol)) throw new Error('not http');
        return parsed.toString();
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: `${name} must be an http(s) URL like ${example}, not "${v}"`,
        });
        return z.NEVER;
      }
    });

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));

const EnvSchema = z.object({
  SHEETS_BACKEND: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const word = (v ?? 'local').trim().toLowerCase() || 'local';
      if (word === 'local' || word === 'google') return word;
      ctx.addIssue({ code: 'custom', message: `SHEETS_BACKEND must be local or google, not "${v}"` });
      return z.NEVER;
    }),
  LOCAL_WORKBOOK: optionalText,
  SPREADSHEET_ID: optionalText,
  SHEETS_API_ROOT_URL: url('SHEETS_API_ROOT_URL', 'http://127.0.0.1:9090/'),
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_API_URL: url('SLACK_API_URL', 'http://127.0.0.1:9000/api/'),
  FORM_RELAY_SECRET: optionalText,
  SCHEDULER_TOKEN: optionalText,
  DRY_RUN: bool('DRY_RUN'),
  PORT: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v?.trim()) return 8080;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 65535) {
        ctx.addIssue({
          code: 'custom',
          message: `PORT must be a port number between 1 and 65535, not "${v}"`,
        });
        return z.NEVER;
      }
      return n;
    }),
  ALLOW_TIME_TRAVEL: bool('ALLOW_TIME_TRAVEL'),
});

const SECRETS = ['SLACK_SIGNING_SECRET', 'FORM_RELAY_SECRET', 'SCHEDULER_TOKEN'] as const;

/**
 * The only reader of the environment. Every variable of the README's configuration table is checked once;
 * a wrong or missing one stops start-up with a message that names it and says how to fix it.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  generateSecret: () => string = () => randomBytes(24).toString('hex'),
): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => issue.message));
  const e = parsed.data;
  const problems: string[] = [];
  const generatedSecrets: string[] = [];
  const secret = (name: (typeof SECRETS)[number], how: string): Secret | undefined => {
    const value = e[name];
    if (value) return new Secret(value);
    if (e.SHEETS_BACKEND === 'google') {
      problems.push(`${name} is required with SHEETS_BACKEND=google: ${how}`);
      return undefined;
    }
    generatedSecrets.push(name);
    return new Secret(generateSecret());
  };
  if (e.SHEETS_BACKEND === 'google' && !e.SPREADSHEET_ID) {
    problems.push(
      'SPREADSHEET_ID is required with SHEETS_BACKEND=google: copy it from the sheet URL, docs.google.com/spreadsheets/d/<ID>/edit',
    );
  }
  if (e.SLACK_BOT_TOKEN && !/^xox[bp]-/.test(e.SLACK_BOT_TOKEN)) {
    problems.push(
      'SLACK_BOT_TOKEN must be a bot token starting with xoxb- (Slack app → OAuth & Permissions)',
    );
  }
  const config: Config = {
    backend: e.SHEETS_BACKEND,
    localWorkbook: e.LOCAL_WORKBOOK ?? './local/group.xlsx',
    spreadsheetId: e.SPREADSHEET_ID,
    sheetsApiRootUrl: e.SHEETS_API_ROOT_URL,
    slackBotToken: e.SLACK_BOT_TOKEN ? new Secret(e.SLACK_BOT_TOKEN) : undefined,
    slackSigningSecret: secret(
      'SLACK_SIGNING_SECRET',
      'copy it from your Slack app → Basic Information → Signing Secret',
    ),
    slackApiUrl: e.SLACK_API_URL,
    formRelaySecret: secret(
      'FORM_RELAY_SECRET',
      'generate one (openssl rand -hex 32) and put the same value in the form relay script',
    ),
    schedulerToken: secret('SCHEDULER_TOKEN', 'generate one (openssl rand -hex 32) for the scheduler job'),
    dryRun: e.DRY_RUN,
    port: e.PORT,
    allowTimeTravel: e.ALLOW_TIME_TRAVEL,
    generatedSecrets,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
