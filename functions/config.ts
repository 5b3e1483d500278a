import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ConfigError } from '../common/errors.js';
import { SEVERITIES, type Severity } from './log.js';

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
  /** Log lines below this severity are not written. */
  logLevel: Severity;
  /** `npm start` on a new local workbook: provision a sample group in it (false: start it blank). */
  sampleGroup: boolean;
  /** Cloud Tasks hand-over (cloud); absent: in-process, when every function runs in one process (local stack). */
  cloudTasks:
    | { queue: string; writerUrl: string; serviceAccountEmail: string; apiRootUrl: string | undefined }
    | undefined;
  /** The Cloud Storage bucket holding the writers' lease; absent: the lease is this process's alone. */
  writerLeaseBucket: string | undefined;
  /** The writer's memory as deployed (WRITER_MEMORY_MB); undefined: not watched (the local stack). */
  writerMemoryMb: number | undefined;
  /** Running in Google Cloud (Cloud Run sets K_SERVICE): logs are JSON for Cloud Logging. */
  inCloud: boolean;
  /** Names of the secrets that were generated for the local backend (printed once at start). */
  generatedSecrets: string[];
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
  LOG_LEVEL: z
    .string()
    .optional()
    .transform((v, ctx): Severity => {
      const word = (v ?? '').trim().toUpperCase();
      if (word === '') return 'INFO';
      const severity = word === 'WARN' ? 'WARNING' : word;
      if ((SEVERITIES as readonly string[]).includes(severity)) return severity as Severity;
      ctx.addIssue({
        code: 'custom',
        message: `LOG_LEVEL must be one of debug, info, notice, warn, error, not "${v}"`,
      });
      return z.NEVER;
    }),
  SAMPLE_GROUP: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const word = (v ?? '').trim().toLowerCase();
      if (['', 'true', '1', 'yes', 'on'].includes(word)) return true;
      if (['false', '0', 'no', 'off'].includes(word)) return false;
      ctx.addIssue({ code: 'custom', message: `SAMPLE_GROUP must be true or false, not "${v}"` });
      return z.NEVER;
    }),
  K_SERVICE: optionalText,
  CLOUD_TASKS_QUEUE: optionalText,
  WRITER_URL: url('WRITER_URL', 'https://REGION-PROJECT.cloudfunctions.net/writer'),
  TASKS_SERVICE_ACCOUNT: optionalText,
  CLOUD_TASKS_API_ROOT_URL: url('CLOUD_TASKS_API_ROOT_URL', 'http://127.0.0.1:9100/'),
  WRITER_LEASE_BUCKET: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const name = (v ?? '')
        .trim()
        .replace(/^gs:\/\//, '')
        .replace(/\/+$/, '');
      if (name === '') return undefined;
      // Cloud Storage's rule for bucket names (without dots, which need a verified domain).
      if (/^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/.test(name)) return name;
      ctx.addIssue({
        code: 'custom',
        message: `WRITER_LEASE_BUCKET must be a Cloud Storage bucket name like my-group-123-hearth-lease (3 to 63 lowercase letters, digits, - and _), not "${v}"`,
      });
      return z.NEVER;
    }),
  // What the writer is deployed with (deploy sets it): the writer's log says when it nears it.
  WRITER_MEMORY_MB: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v?.trim()) return undefined;
      const n = Number(v);
      if (Number.isInteger(n) && n >= 128 && n <= 32768) return n;
      ctx.addIssue({
        code: 'custom',
        message: `WRITER_MEMORY_MB must be the writer's memory in MB, a whole number like 512 or 1024, not "${v}"`,
      });
      return z.NEVER;
    }),
});

export const DEFAULT_WORKBOOK = './local/group.xlsx';

const SECRETS = ['SLACK_SIGNING_SECRET', 'FORM_RELAY_SECRET', 'SCHEDULER_TOKEN'] as const;

/**
 * The only reader of the environment. Every variable of the README's configuration table is checked once;
 * a wrong or missing one stops start-up with a message that names it and says how to fix it.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  /** Makes a secret the local backend lacks; the local stack remembers them beside the workbook. */
  generateSecret: (name: string, localWorkbook: string) => string = () => randomBytes(24).toString('hex'),
  /** `sheets`: only the spreadsheet is used (provision, doctor), so no request secret is required. */
  purpose: 'serve' | 'sheets' = 'serve',
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
      if (purpose === 'sheets') return undefined;
      problems.push(`${name} is required with SHEETS_BACKEND=google: ${how}`);
      return undefined;
    }
    generatedSecrets.push(name);
    return new Secret(generateSecret(name, e.LOCAL_WORKBOOK ?? DEFAULT_WORKBOOK));
  };
  if (e.SHEETS_BACKEND === 'google' && !e.SPREADSHEET_ID) {
    problems.push(
      'SPREADSHEET_ID is required with SHEETS_BACKEND=google: copy it from the sheet URL, docs.google.com/spreadsheets/d/<ID>/edit',
    );
  }
  if (
    e.CLOUD_TASKS_QUEUE &&
    !/^projects\/[^/]+\/locations\/[^/]+\/queues\/[^/]+$/.test(e.CLOUD_TASKS_QUEUE)
  ) {
    problems.push(
      'CLOUD_TASKS_QUEUE must look like projects/PROJECT/locations/REGION/queues/QUEUE (npm run deploy creates it)',
    );
  }
  if (e.CLOUD_TASKS_QUEUE && (!e.WRITER_URL || !e.TASKS_SERVICE_ACCOUNT)) {
    problems.push(
      'CLOUD_TASKS_QUEUE needs WRITER_URL (the writer function URL) and TASKS_SERVICE_ACCOUNT (the service account whose OIDC token calls it)',
    );
  }
  if (e.K_SERVICE && e.SHEETS_BACKEND === 'google' && !e.CLOUD_TASKS_QUEUE) {
    problems.push(
      'CLOUD_TASKS_QUEUE is required in Google Cloud: the doors hand work to the writer through it (npm run deploy sets it)',
    );
  }
  if (e.SLACK_BOT_TOKEN && !/^xox[bp]-/.test(e.SLACK_BOT_TOKEN)) {
    problems.push(
      'SLACK_BOT_TOKEN must be a bot token starting with xoxb- (Slack app → OAuth & Permissions)',
    );
  }
  const config: Config = {
    backend: e.SHEETS_BACKEND,
    localWorkbook: e.LOCAL_WORKBOOK ?? DEFAULT_WORKBOOK,
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
    // In Google Cloud the writer is private and IAM checks the scheduler's OIDC token: no token is needed.
    schedulerToken: e.SCHEDULER_TOKEN
      ? new Secret(e.SCHEDULER_TOKEN)
      : e.SHEETS_BACKEND === 'google'
        ? undefined
        : secret('SCHEDULER_TOKEN', ''),
    dryRun: e.DRY_RUN,
    port: e.PORT,
    allowTimeTravel: e.ALLOW_TIME_TRAVEL,
    logLevel: e.LOG_LEVEL,
    sampleGroup: e.SAMPLE_GROUP,
    cloudTasks:
      e.CLOUD_TASKS_QUEUE && e.WRITER_URL && e.TASKS_SERVICE_ACCOUNT
        ? {
            queue: e.CLOUD_TASKS_QUEUE,
            writerUrl: e.WRITER_URL,
            serviceAccountEmail: e.TASKS_SERVICE_ACCOUNT,
            apiRootUrl: e.CLOUD_TASKS_API_ROOT_URL,
          }
        : undefined,
    writerLeaseBucket: e.WRITER_LEASE_BUCKET,
    writerMemoryMb: e.WRITER_MEMORY_MB,
    inCloud: e.K_SERVICE !== undefined,
    generatedSecrets,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
