import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../common/errors.js';
import { loadConfig } from '../functions/config.js';

const GOOGLE = {
  SHEETS_BACKEND: 'google',
  SPREADSHEET_ID: '1AbC',
  SLACK_SIGNING_SECRET: 'slack-secret',
  FORM_RELAY_SECRET: 'form-secret',
};

const problemsOf = (env: Record<string, string>, purpose: 'serve' | 'sheets' = 'serve'): string[] => {
  try {
    loadConfig(env, () => 'generated', purpose);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('loadConfig', () => {
  it('has a default for everything on the local backend, and generates its secrets', () => {
    const config = loadConfig({}, (name) => `generated-${name}`);
    expect(config).toMatchObject({
      backend: 'local',
      localWorkbook: './local/group.xlsx',
      port: 8080,
      dryRun: false,
      allowTimeTravel: false,
      slackBotToken: undefined,
      cloudTasks: undefined,
      inCloud: false,
      logLevel: 'INFO',
      sampleGroup: true,
    });
    expect(config.generatedSecrets).toEqual(['SLACK_SIGNING_SECRET', 'FORM_RELAY_SECRET', 'SCHEDULER_TOKEN']);
    expect(config.formRelaySecret?.reveal()).toBe('generated-FORM_RELAY_SECRET');
  });

  it.each([
    [{ SHEETS_BACKEND: 'excel' }, 'SHEETS_BACKEND must be local or google, not "excel"'],
    [{ PORT: '99999' }, 'PORT must be a port number between 1 and 65535, not "99999"'],
    [{ DRY_RUN: 'maybe' }, 'DRY_RUN must be true or false, not "maybe"'],
    [{ ALLOW_TIME_TRAVEL: 'sometimes' }, 'ALLOW_TIME_TRAVEL must be true or false, not "sometimes"'],
    [
      { SLACK_API_URL: 'slack' },
      'SLACK_API_URL must be an http(s) URL like http://127.0.0.1:9000/api/, not "slack"',
    ],
    [{ SHEETS_API_ROOT_URL: 'ftp://x' }, 'SHEETS_API_ROOT_URL must be an http(s) URL'],
    [{ SLACK_BOT_TOKEN: 'abc' }, 'SLACK_BOT_TOKEN must be a bot token starting with xoxb-'],
    [
      { CLOUD_TASKS_QUEUE: 'hearth' },
      'CLOUD_TASKS_QUEUE must look like projects/PROJECT/locations/REGION/queues/QUEUE',
    ],
    [{ CLOUD_TASKS_QUEUE: 'projects/p/locations/l/queues/q' }, 'CLOUD_TASKS_QUEUE needs WRITER_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of debug, info, notice, warn, error, not "loud"'],
    [{ SAMPLE_GROUP: 'maybe' }, 'SAMPLE_GROUP must be true or false, not "maybe"'],
    [{ SHEETS_BACKEND: 'google' }, 'SPREADSHEET_ID is required with SHEETS_BACKEND=google'],
    [{ ...GOOGLE, SLACK_SIGNING_SECRET: '' }, 'SLACK_SIGNING_SECRET is required with SHEETS_BACKEND=google'],
    [{ ...GOOGLE, FORM_RELAY_SECRET: ' ' }, 'FORM_RELAY_SECRET is required with SHEETS_BACKEND=google'],
    [{ ...GOOGLE, K_SERVICE: 'forms' }, 'CLOUD_TASKS_QUEUE is required in Google Cloud'],
    [{ WRITER_LEASE_BUCKET: 'My Bucket' }, 'WRITER_LEASE_BUCKET must be a Cloud Storage bucket name'],
    [{ WRITER_LEASE_BUCKET: 'ab' }, 'WRITER_LEASE_BUCKET must be a Cloud Storage bucket name'],
    [
      { WRITER_MEMORY_MB: '512Mi' },
      "WRITER_MEMORY_MB must be the writer's memory in MB, a whole number like 512",
    ],
    [{ WRITER_MEMORY_MB: '64' }, "WRITER_MEMORY_MB must be the writer's memory in MB"],
  ])('refuses %j, naming the variable and the fix', (env, message) => {
    expect(problemsOf(env).join('\n')).toContain(message);
  });

  it.each([
    ['warn', 'WARNING'],
    ['WARNING', 'WARNING'],
    [' debug ', 'DEBUG'],
    ['error', 'ERROR'],
    ['', 'INFO'],
  ])('reads LOG_LEVEL=%j as %s', (value, level) => {
    expect(loadConfig({ LOG_LEVEL: value }, () => 'generated').logLevel).toBe(level);
  });

  it.each([
    [undefined, undefined],
    ['my-group-123-hearth-lease', 'my-group-123-hearth-lease'],
    ['gs://my-group-123-hearth-lease/', 'my-group-123-hearth-lease'],
    ['  ', undefined],
  ])('WRITER_LEASE_BUCKET %j is the bucket %j', (value, bucket) => {
    const env: Record<string, string> = value === undefined ? {} : { WRITER_LEASE_BUCKET: value };
    expect(loadConfig(env, () => 'generated').writerLeaseBucket).toBe(bucket);
  });

  it('gives no secret a default on the google backend', () => {
    const config = loadConfig(GOOGLE, () => 'generated');
    expect(config.generatedSecrets).toEqual([]);
    // In Google Cloud IAM guards the writer: no scheduler token is made up.
    expect(config.schedulerToken).toBeUndefined();
  });

  it('needs no request secret for provisioning against Google', () => {
    expect(problemsOf({ SHEETS_BACKEND: 'google', SPREADSHEET_ID: '1AbC' }, 'sheets')).toEqual([]);
  });

  it('never prints a secret', () => {
    const config = loadConfig({ ...GOOGLE, SLACK_BOT_TOKEN: 'xoxb-very-secret' });
    const printed = [
      JSON.stringify(config),
      inspect(config, { depth: 5 }),
      String(config.slackBotToken),
    ].join('\n');
    for (const secret of ['xoxb-very-secret', 'slack-secret', 'form-secret'])
      expect(printed).not.toContain(secret);
    expect(config.slackBotToken?.reveal()).toBe('xoxb-very-secret');
  });
});
