import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  accessFix,
  CHECK,
  type CheckResult,
  cellsResult,
  type DoctorOptions,
  exitCodeOf,
  FORM_STATUS_TAB,
  findGoogleCredentials,
  formatReport,
  missingScopes,
  REQUIRED_BOT_SCOPES,
  runDoctor,
  writerMemoryEstimateMb,
  writerMemoryResult,
} from '../scripts/lib/doctor-checks.js';
import { type Cell, dateTimeToSerial } from '../sheets-schema/cells.js';
import { append } from '../sheets-schema/changes.js';
import { createGoogleGridStore } from '../sheets-schema/google.js';
import { createLocalGridStore } from '../sheets-schema/local.js';
import { provision } from '../sheets-schema/provision.js';
import { defaultRetryPolicy } from '../sheets-schema/retry.js';
import { createWorkbook, type Workbook } from '../sheets-schema/workbook.js';
import { type FakeSpreadsheet, type SheetsFake, startSheetsFake } from './fakes/sheets-fake.js';
import { type SlackFake, startSlackFake } from './fakes/slack-fake.js';

const NOW = DateTime.fromISO('2026-03-10T12:00:00Z', { zone: 'UTC' });
const ROOT = path.resolve(import.meta.dirname, '..');
const noRetry = { ...defaultRetryPolicy, maxElapsedMs: 0 };

/**
 * Slack answers every Web API call with the token's scopes in the `x-oauth-scopes` header (WebClient puts
 * them in `response_metadata.scopes`). The Slack fake does not send it, so this loopback proxy adds it.
 */
async function startScopesProxy(target: string) {
  const state: { scopes: string | undefined } = { scopes: REQUIRED_BOT_SCOPES.join(',') };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const name of ['authorization', 'content-type']) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const body = Buffer.concat(chunks);
      fetch(new URL((req.url ?? '/').replace(/^\/api\//, ''), target), {
        method: req.method ?? 'POST',
        headers,
        ...(body.length > 0 ? { body } : {}),
      })
        .then(async (answer) => {
          res.writeHead(answer.status, {
            'content-type': answer.headers.get('content-type') ?? 'application/json',
            ...(state.scopes === undefined ? {} : { 'x-oauth-scopes': state.scopes }),
          });
          res.end(Buffer.from(await answer.arrayBuffer()));
        })
        .catch((error: unknown) => {
          res.writeHead(502);
          res.end(String(error));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface Setup {
  sheets: SheetsFake;
  slack: SlackFake;
  proxy: Awaited<ReturnType<typeof startScopesProxy>>;
  workbook: Workbook;
  env: Record<string, string>;
  run(options?: DoctorOptions): Promise<CheckResult[]>;
  close(): Promise<void>;
}

async function relayed(workbook: Workbook, when: DateTime, key = 'form:R-1') {
  await workbook.apply(
    [
      append('Audit', {
        when,
        actor: 'form relay',
        action: 'form.received',
        target: 'join',
        details: '',
        key,
      }),
    ],
    { timeZone: 'UTC' },
  );
}

type StatusRow = { published?: string; accepting?: string; email?: string };

/** The "Form status" tab as setup.gs writes it, checked 5 minutes ago: all well unless told otherwise. */
function formStatus(
  rows: Partial<Record<'join' | 'rsvp' | 'report', StatusRow>> = {},
  checked: unknown = NOW.minus({ minutes: 5 }).toISO(),
): Cell[][] {
  const row = (form: 'join' | 'rsvp' | 'report', email: string): Cell[] => [
    form,
    `https://docs.google.com/forms/d/e/1FAIpQLSf${form}/viewform`,
    rows[form]?.published ?? 'Yes',
    rows[form]?.accepting ?? 'Yes',
    rows[form]?.email ?? email,
    checked as Cell,
  ];
  return [
    ['Form', 'Link', 'Published', 'Accepting responses', 'Email', 'Checked'],
    row('join', 'Not collected'),
    row('rsvp', 'Verified'),
    row('report', 'Not collected'),
  ];
}

/** A provisioned spreadsheet with the forms' status, as it is before any relay and after one, for restore(). */
interface Spreadsheets {
  sheets: SheetsFake;
  unrelayed: FakeSpreadsheet;
  relayed: FakeSpreadsheet;
}

/** Provisioning is the slow part of a setup, so a describe does it once (beforeAll) and each test restores it. */
async function provisioned(): Promise<Spreadsheets> {
  const sheets = await startSheetsFake();
  const store = createGoogleGridStore({ spreadsheetId: sheets.spreadsheetId, rootUrl: sheets.rootUrl });
  const workbook = createWorkbook(store);
  await provision(store, workbook);
  sheets.setGrid(FORM_STATUS_TAB, formStatus());
  const unrelayed = sheets.snapshot();
  await relayed(workbook, NOW.minus({ days: 1 }));
  return { sheets, unrelayed, relayed: sheets.snapshot() };
}

/**
 * A setup ready to go live: provisioned sheet, a token with every scope, the bot in its channels, a relay
 * seen. The spreadsheet is the shared one put back as provisioned; Slack and the proxy are new.
 */
async function healthy(shared: Spreadsheets, options: { relay?: boolean } = {}): Promise<Setup> {
  const { sheets } = shared;
  sheets.restore(options.relay === false ? shared.unrelayed : shared.relayed);
  sheets.failNext(0);
  sheets.resetStats();
  const store = createGoogleGridStore({ spreadsheetId: sheets.spreadsheetId, rootUrl: sheets.rootUrl });
  const workbook = createWorkbook(store);
  const slack = await startSlackFake();
  slack.seedChannel({ name: 'leaders', is_private: true });
  slack.seedChannel({ name: 'announcements' });
  slack.seedChannel({ name: 'introductions' });
  const proxy = await startScopesProxy(slack.apiUrl);
  const env = {
    SHEETS_BACKEND: 'google',
    SPREADSHEET_ID: sheets.spreadsheetId,
    SHEETS_API_ROOT_URL: sheets.rootUrl,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_API_URL: proxy.apiUrl,
  };
  return {
    sheets,
    slack,
    proxy,
    workbook,
    env,
    run: (more = {}) => runDoctor({ env, now: () => NOW.toJSDate(), retry: noRetry, ...more }),
    close: async () => {
      await proxy.close();
      await slack.close();
    },
  };
}

const byName = (results: CheckResult[], name: string): CheckResult => {
  const found = results.find((r) => r.name === name);
  if (!found) throw new Error(`no check named ${name} in ${results.map((r) => r.name).join(', ')}`);
  return found;
};

/** The row of a setting in the Settings tab (0-based, as the fake counts). */
function settingRow(sheets: SheetsFake, key: string): number {
  const row = sheets.getGrid('Settings').findIndex((r) => r[0] === key);
  if (row < 1) throw new Error(`no ${key} in Settings`);
  return row;
}

describe('doctor against the loopback fakes', () => {
  let shared: Spreadsheets;
  beforeAll(async () => {
    shared = await provisioned();
  });
  afterAll(async () => {
    await shared.sheets.close();
  });
  let s: Setup;
  beforeEach(async () => {
    s = await healthy(shared);
  });
  afterEach(async () => {
    await s.close();
  });

  it('passes every check for a healthy setup, in order, and exits 0', async () => {
    const results = await s.run();
    expect(results.map((r) => r.name)).toEqual([
      CHECK.config,
      CHECK.credentials,
      CHECK.reachable,
      CHECK.provisioned,
      CHECK.timeZone,
      CHECK.cells,
      CHECK.memory,
      CHECK.slackToken,
      CHECK.channels,
      CHECK.relay,
      CHECK.forms,
    ]);
    expect(results.filter((r) => r.ok !== 'pass')).toEqual([]);
    // The healthy group's few rows, read from the fake: far from the 512 MB the writer is deployed with.
    expect(byName(results, CHECK.memory).detail).toMatch(
      /^about 1\d\d MB at its highest for the \d+ rows it reads, of the 512 MB/,
    );
    expect(exitCodeOf(results)).toBe(0);
    expect(byName(results, CHECK.credentials).detail).toContain('emulator');
    expect(byName(results, CHECK.timeZone).detail).toContain('both UTC');
    expect(byName(results, CHECK.channels).detail).toBe(
      'the bot is in #leaders, #announcements, #introductions',
    );
    expect(byName(results, CHECK.relay).detail).toContain('1 day ago (2026-03-09 12:00 UTC)');
    const report = formatReport(results);
    expect(report).toContain('✓ Slack token and scopes: hearth in Hearth Test');
    expect(report).toContain('11 passed, 0 warnings, 0 failed, 0 skipped. Ready to go live.');
    expect(report).not.toContain(s.slack.token);
  });

  it('names a missing required header and its tab, and says to provision', async () => {
    const header = s.sheets.getGrid('Members')[0] ?? [];
    s.sheets.setCell('Members', 0, header.indexOf('Member ID'), 'Member number');
    const results = await s.run();
    const check = byName(results, CHECK.provisioned);
    expect(check.ok).toBe('fail');
    expect(check.detail).toBe('Members lacks the header "Member ID" in row 1');
    expect(check.fix).toContain('npm run provision');
    // Settings and Audit are fine, so the checks that read them still run.
    expect(byName(results, CHECK.timeZone).ok).toBe('pass');
    expect(byName(results, CHECK.relay).ok).toBe('pass');
    expect(exitCodeOf(results)).toBe(1);
  });

  it('names a missing tab, and skips the check that reads it', async () => {
    const audit = s.sheets.spreadsheet.sheets.findIndex((sheet) => sheet.title === 'Audit');
    s.sheets.spreadsheet.sheets.splice(audit, 1);
    const results = await s.run();
    const check = byName(results, CHECK.provisioned);
    expect(check.ok).toBe('fail');
    expect(check.detail).toBe('the tab Audit is missing');
    expect(check.fix).toContain('npm run provision');
    expect(byName(results, CHECK.relay)).toMatchObject({
      ok: 'skip',
      detail: 'skipped because the Audit tab is missing',
    });
  });

  it("fails when Settings → Time zone differs from the spreadsheet's own", async () => {
    s.sheets.spreadsheet.timeZone = 'America/New_York';
    s.sheets.setCell('Settings', settingRow(s.sheets, 'Time zone'), 1, 'Europe/London');
    const check = byName(await s.run(), CHECK.timeZone);
    expect(check.ok).toBe('fail');
    expect(check.detail).toContain(
      "Settings → Time zone is Europe/London but the spreadsheet's own time zone is America/New_York",
    );
    expect(check.fix).toContain(
      "Run `npm run provision`: it sets the spreadsheet's own time zone to Europe/London",
    );
  });

  it('fails on a Settings time zone that is not one', async () => {
    s.sheets.setCell('Settings', settingRow(s.sheets, 'Time zone'), 1, 'Mars/Olympus');
    const check = byName(await s.run(), CHECK.timeZone);
    expect(check.ok).toBe('fail');
    expect(check.detail).toContain('"Mars/Olympus" is not a time zone');
    expect(check.fix).toContain('IANA name like Europe/London');
  });

  it('warns above 70 % of the 10 million cells and fails above 90 %, pointing at archiving', async () => {
    const audit = s.sheets.sheet('Audit');
    if (!audit) throw new Error('no Audit tab');
    audit.rowCount = 300_000; // × 26 columns = 7.8 million
    const warned = byName(await s.run(), CHECK.cells);
    expect(warned.ok).toBe('warn');
    // 7.8 million in Audit, and 26,000 in each other tab (a new tab's 1,000 rows × 26 columns).
    expect(warned.detail).toMatch(/^8,\d{3},000 of 10,000,000 cells \(8\d\.\d %\); largest: Audit 7,800,000/);
    expect(warned.fix).toContain('Archive old Audit and Outbox rows');
    audit.rowCount = 360_000;
    const failed = byName(await s.run(), CHECK.cells);
    expect(failed.ok).toBe('fail');
    expect(failed.detail).toContain('above 90 %');
  });

  it('fails a token Slack refuses, and skips the channels', async () => {
    const results = await s.run({ env: { ...s.env, SLACK_BOT_TOKEN: 'xoxb-not-the-right-one' } });
    const check = byName(results, CHECK.slackToken);
    expect(check).toMatchObject({ ok: 'fail', detail: 'Slack refused SLACK_BOT_TOKEN (invalid_auth)' });
    expect(check.fix).toContain('Bot User OAuth Token (xoxb-…)');
    expect(byName(results, CHECK.channels)).toMatchObject({
      ok: 'skip',
      detail: 'skipped because the Slack token could not be checked',
    });
    expect(formatReport(results)).not.toContain('xoxb-not-the-right-one');
  });

  it('fails a token without a scope Hearth needs, naming it', async () => {
    s.proxy.state.scopes = REQUIRED_BOT_SCOPES.filter((scope) => scope !== 'channels:manage').join(',');
    const results = await s.run();
    const check = byName(results, CHECK.slackToken);
    expect(check.ok).toBe('fail');
    expect(check.detail).toContain('lacks the scope channels:manage');
    expect(check.fix).toContain(
      'Add channels:manage under your Slack app → OAuth & Permissions → Bot Token Scopes',
    );
    expect(check.fix).toContain('then reinstall the app to the workspace');
    expect(byName(results, CHECK.channels).ok).toBe('pass');
  });

  it('warns when Slack does not say which scopes the token has', async () => {
    s.proxy.state.scopes = undefined;
    const check = byName(await s.run(), CHECK.slackToken);
    expect(check.ok).toBe('warn');
    expect(check.fix).toContain('chat:write');
  });

  it('fails a channel the bot is not in, saying how to invite it', async () => {
    const announcements = [...s.slack.channels.values()].find((c) => c.name === 'announcements');
    if (!announcements) throw new Error('no #announcements');
    announcements.is_member = false;
    const check = byName(await s.run(), CHECK.channels);
    expect(check.ok).toBe('fail');
    expect(check.detail).toBe('Announcements channel #announcements: the bot is not in it');
    expect(check.fix).toBe('In Slack, invite the bot: /invite @Hearth in #announcements');
  });

  it('fails a channel the bot cannot see, and finds channels given by ID', async () => {
    const leaders = [...s.slack.channels.values()].find((c) => c.name === 'leaders');
    s.sheets.setCell('Settings', settingRow(s.sheets, 'Leaders channel'), 1, leaders?.id ?? '');
    s.sheets.setCell('Settings', settingRow(s.sheets, 'Introductions channel'), 1, '#welcome');
    const check = byName(await s.run(), CHECK.channels);
    expect(check.ok).toBe('fail');
    expect(check.detail).toBe('Introductions channel #welcome: the bot sees no such channel');
    expect(check.fix).toContain('if it is private, invite the bot: /invite @Hearth in #welcome');
  });

  it('warns when the leaders channel is public', async () => {
    const leaders = [...s.slack.channels.values()].find((c) => c.name === 'leaders');
    if (!leaders) throw new Error('no #leaders');
    leaders.is_private = false;
    const check = byName(await s.run(), CHECK.channels);
    expect(check.ok).toBe('warn');
    expect(check.detail).toContain('#leaders is public');
  });

  it('warns when no form submission was relayed in the last 7 days', async () => {
    await s.close();
    s = await healthy(shared, { relay: false });
    const never = byName(await s.run(), CHECK.relay);
    expect(never.ok).toBe('warn');
    expect(never.detail).toContain('no form submission has reached Hearth yet');
    expect(never.fix).toContain('Check the Apps Script trigger');

    await relayed(s.workbook, NOW.minus({ days: 10 }), 'form:R-old');
    await relayed(s.workbook, NOW.minus({ hours: 1 }), 'slack:not-a-form');
    const old = byName(await s.run(), CHECK.relay);
    expect(old.ok).toBe('warn');
    expect(old.detail).toBe(
      'the last form submission reached Hearth 10 days ago (2026-02-28 12:00 UTC): none in the last 7 days',
    );
    expect(old.fix).toContain('Check the Apps Script trigger');
  });

  it.each([
    [
      'an unpublished form',
      formStatus({ join: { published: 'No', accepting: 'No' } }),
      'fail',
      'the join form is not published, so it takes no responses',
      'Open the join form and click Publish',
    ],
    [
      'a closed report form',
      formStatus({ report: { accepting: 'No' } }),
      'fail',
      'the report form is not accepting responses',
      "In the report form's Responses tab, turn on Accepting responses",
    ],
    [
      'an RSVP form that collects typed emails',
      formStatus({ rsvp: { email: 'Typed' } }),
      'warn',
      "the RSVP form's email is typed, not verified: Hearth treats it as typed",
      'Settings → Responses → Collect email addresses → Verified',
    ],
    [
      'a status the sync stopped writing',
      formStatus({}, NOW.minus({ hours: 3 }).toISO()),
      'warn',
      'the forms last reported 3 hours ago: the syncEventChoices trigger seems to have stopped',
      'Triggers',
    ],
    [
      'no status at all (setup() never ran)',
      [],
      'warn',
      'the forms have not reported how they stand',
      'run setup()',
    ],
  ] as const)('forms: %s', async (_, grid, ok, detail, fix) => {
    s.sheets.setGrid(FORM_STATUS_TAB, grid as unknown as Cell[][]);
    const check = byName(await s.run(), CHECK.forms);
    expect(check.ok).toBe(ok);
    expect(check.detail).toContain(detail);
    expect(check.fix).toContain(fix);
  });

  it('forms: an RSVP form closed while no event is announced is fine; a date cell is read as one', async () => {
    const serial = dateTimeToSerial(NOW.minus({ minutes: 8 }), 'UTC');
    s.sheets.setGrid(FORM_STATUS_TAB, formStatus({ rsvp: { accepting: 'No' } }, serial));
    const check = byName(await s.run(), CHECK.forms);
    expect(check).toMatchObject({ ok: 'pass' });
    expect(check.detail).toContain('the RSVP form is closed while no event is announced');
  });

  it('fails a spreadsheet Google refuses (403), says to share it, and skips what reads it', async () => {
    s.sheets.failNext(1, 403);
    const results = await s.run();
    const check = byName(results, CHECK.reachable);
    expect(check.ok).toBe('fail');
    expect(check.detail).toContain('HTTP 403');
    expect(check.fix).toContain(
      "Share the sheet with the service account's email (client_email in its key file) as Editor",
    );
    for (const name of [CHECK.provisioned, CHECK.timeZone, CHECK.cells, CHECK.relay, CHECK.forms]) {
      expect(byName(results, name)).toMatchObject({
        ok: 'skip',
        detail: 'skipped because the spreadsheet could not be read',
      });
    }
    expect(byName(results, CHECK.channels).detail).toBe(
      'skipped because the spreadsheet could not be read, which names the channels',
    );
    expect(byName(results, CHECK.slackToken).ok).toBe('pass');
  });

  it('names the service account to share with, from the credentials found', async () => {
    const email = 'hearth@group-project.iam.gserviceaccount.com';
    const { SHEETS_API_ROOT_URL: _emulator, ...env } = s.env;
    s.sheets.failNext(1, 403);
    const results = await s.run({
      env,
      findCredentials: async () => ({
        found: true,
        credentials: { kind: 'service-account', source: 'GOOGLE_APPLICATION_CREDENTIALS (key.json)', email },
      }),
      // The fake stands in for Google; the doctor believes it is talking to the real thing.
      openStore: async () =>
        createGoogleGridStore({ spreadsheetId: s.sheets.spreadsheetId, rootUrl: s.sheets.rootUrl }),
    });
    expect(byName(results, CHECK.credentials).detail).toBe(
      `${email}, from GOOGLE_APPLICATION_CREDENTIALS (key.json)`,
    );
    expect(byName(results, CHECK.reachable).fix).toContain(`Share the sheet with ${email} as Editor`);
  });

  it('fails an unknown spreadsheet ID (404), saying where the ID comes from', async () => {
    const check = byName(await s.run({ env: { ...s.env, SPREADSHEET_ID: 'not-this-one' } }), CHECK.reachable);
    expect(check.ok).toBe('fail');
    expect(check.detail).toContain('HTTP 404');
    expect(check.fix).toContain(
      "Check SPREADSHEET_ID (not-this-one): it is the part of the sheet's URL between /d/",
    );
  });

  it('skips the Google checks when no credentials are found', async () => {
    const { SHEETS_API_ROOT_URL: _emulator, ...env } = s.env;
    const results = await s.run({
      env,
      findCredentials: async () => ({ found: false, detail: 'none here', fix: 'run gcloud' }),
    });
    expect(byName(results, CHECK.credentials)).toMatchObject({
      ok: 'fail',
      detail: 'none here',
      fix: 'run gcloud',
    });
    expect(byName(results, CHECK.reachable).detail).toBe('skipped because no Google credentials were found');
    expect(byName(results, CHECK.provisioned).ok).toBe('skip');
  });

  it('shows configuration errors with their hints and skips everything else', async () => {
    const results = await s.run({ env: { SHEETS_BACKEND: 'google', SLACK_BOT_TOKEN: 'hello' } });
    const check = byName(results, CHECK.config);
    expect(check.ok).toBe('fail');
    expect(check.fix).toContain(
      'SPREADSHEET_ID is required with SHEETS_BACKEND=google: copy it from the sheet URL',
    );
    expect(check.fix).toContain('SLACK_BOT_TOKEN must be a bot token starting with xoxb-');
    expect(results.slice(1).every((r) => r.ok === 'skip')).toBe(true);
    expect(byName(results, CHECK.credentials).detail).toBe('skipped because the configuration did not load');
  });

  it('runs as a CLI: prints each check with what to do, and exits 1 when one failed', async () => {
    const env = { ...s.env, SLACK_BOT_TOKEN: 'xoxb-not-the-right-one' };
    const { code, stdout } = await runCli(env);
    expect(code).toBe(1);
    expect(stdout).toContain('✓ Tabs and headers: all 20 tabs are there with every required header');
    expect(stdout).toContain('✗ Slack token and scopes: Slack refused SLACK_BOT_TOKEN (invalid_auth)');
    expect(stdout).toContain('    → Copy the Bot User OAuth Token (xoxb-…)');
    expect(stdout).toContain('- Slack channels: skipped because the Slack token could not be checked');
    expect(stdout).toContain('1 failed');
  });

  it('runs as a CLI: exits 0 for a healthy setup', async () => {
    // The CLI runs on the real clock.
    await relayed(s.workbook, DateTime.now().minus({ hours: 2 }), 'form:R-2');
    s.sheets.setGrid(FORM_STATUS_TAB, formStatus({}, DateTime.now().minus({ minutes: 5 }).toISO()));
    const { code, stdout } = await runCli(s.env);
    expect(code).toBe(0);
    expect(stdout).toContain('Ready to go live.');
  });
});

/**
 * `npm run doctor` (`tsx scripts/doctor.ts`) in a child process with only `env` (the fakes live in this
 * process: never block it). Node loads tsx itself, as `tsx` does, without tsx's own launcher process.
 */
function runCli(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/doctor.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('doctor with the local backend', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hearth-doctor-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('checks the workbook, its tabs and time zone, and says the cloud checks are skipped', async () => {
    const file = path.join(dir, 'group.xlsx');
    const store = createLocalGridStore({ path: file });
    await provision(store, createWorkbook(store));
    const results = await runDoctor({ env: { LOCAL_WORKBOOK: file }, retry: noRetry });
    expect(results.filter((r) => r.ok === 'pass').map((r) => r.name)).toEqual([
      CHECK.config,
      CHECK.workbook,
      CHECK.provisioned,
      CHECK.timeZone,
    ]);
    expect(byName(results, CHECK.credentials).detail).toBe(
      'skipped because SHEETS_BACKEND=local: the local workbook needs no Google account',
    );
    expect(byName(results, CHECK.cells).ok).toBe('skip');
    expect(byName(results, CHECK.relay).ok).toBe('skip');
    expect(byName(results, CHECK.slackToken).detail).toContain('SLACK_BOT_TOKEN is not set');
    expect(formatReport(results)).toContain(
      'The local workbook is ready; the cloud checks run with SHEETS_BACKEND=google.',
    );
    expect(exitCodeOf(results)).toBe(0);
  });

  it('fails when there is no workbook yet', async () => {
    const results = await runDoctor({ env: { LOCAL_WORKBOOK: path.join(dir, 'none.xlsx') }, retry: noRetry });
    const check = byName(results, CHECK.workbook);
    expect(check.ok).toBe('fail');
    expect(check.fix).toContain('npm run provision');
    expect(byName(results, CHECK.provisioned).detail).toBe('skipped because the workbook could not be read');
  });
});

describe('doctor pieces', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hearth-doctor-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds a service account key file and its email', async () => {
    const key = path.join(dir, 'key.json');
    await writeFile(
      key,
      JSON.stringify({
        type: 'service_account',
        client_email: 'hearth@p.iam.gserviceaccount.com',
        private_key: 'x',
      }),
    );
    expect(await findGoogleCredentials({ GOOGLE_APPLICATION_CREDENTIALS: key, HOME: dir })).toEqual({
      found: true,
      credentials: {
        kind: 'service-account',
        source: `GOOGLE_APPLICATION_CREDENTIALS (${key})`,
        email: 'hearth@p.iam.gserviceaccount.com',
      },
    });
  });

  it("finds gcloud's application-default login", async () => {
    await import('node:fs/promises').then((fs) =>
      fs.mkdir(path.join(dir, '.config', 'gcloud'), { recursive: true }),
    );
    await writeFile(
      path.join(dir, '.config', 'gcloud', 'application_default_credentials.json'),
      JSON.stringify({ type: 'authorized_user', client_id: 'c', refresh_token: 'r' }),
    );
    const found = await findGoogleCredentials({ HOME: dir });
    expect(found).toMatchObject({ found: true, credentials: { kind: 'user' } });
    expect(
      accessFix(
        'HTTP 403 PERMISSION_DENIED',
        { spreadsheetId: 'x' },
        found.found ? found.credentials : undefined,
      ),
    ).toContain('the Google account you signed in with');
  });

  it('says what is wrong when there are no credentials', async () => {
    const missing = await findGoogleCredentials({
      GOOGLE_APPLICATION_CREDENTIALS: path.join(dir, 'nope.json'),
    });
    expect(missing).toMatchObject({
      found: false,
      detail: expect.stringContaining('nope.json, which does not exist'),
    });
    const none = await findGoogleCredentials({ HOME: dir });
    expect(none).toMatchObject({
      found: false,
      fix: expect.stringContaining('gcloud auth application-default login'),
    });
  });

  it('compares scopes against the required list', () => {
    expect(missingScopes(REQUIRED_BOT_SCOPES)).toEqual([]);
    expect(missingScopes(['chat:write', 'commands'])).toContain('users:read.email');
  });

  it('counts every cell of every grid', () => {
    const tab = (title: string, rowCount: number, columnCount: number) => ({
      title,
      rowCount,
      columnCount,
      frozenRows: 1,
      dropdowns: new Map(),
      protections: [],
      charts: [],
    });
    expect(cellsResult({ tabs: [tab('Audit', 1000, 26), tab('Members', 1000, 26)] })).toMatchObject({
      ok: 'pass',
      detail: '52,000 of 10,000,000 cells (0.5 %); largest: Audit 26,000, Members 26,000',
    });
    expect(cellsResult({ tabs: [tab('Audit', 700_001, 10)] }).ok).toBe('warn');
    expect(cellsResult({ tabs: [tab('Audit', 900_001, 10)] }).ok).toBe('fail');
  });

  it.each([
    // rows the writer reads, memory deployed, what doctor says, the size it names
    [1_000, 512, 'pass', undefined],
    [35_000, 512, 'pass', undefined],
    [70_000, 512, 'warn', '--writer-memory=1024'],
    [100_000, 512, 'fail', '--writer-memory=1024'],
    [240_000, 1024, 'fail', '--writer-memory=2048'],
    [195_000, 2048, 'pass', undefined],
  ] as const)('writer memory: %i rows with %i MB is a %s', (rows, deployed, ok, size) => {
    const result = writerMemoryResult(rows, deployed);
    expect(result.ok).toBe(ok);
    expect(result.detail).toContain(`for the ${rows.toLocaleString('en')} rows it reads`);
    if (size) expect(result.fix).toContain(`npm run deploy -- ${size}`);
  });

  it('writer memory: past what the largest size holds, says to archive', () => {
    expect(writerMemoryResult(3_000_000, 8192)).toMatchObject({
      ok: 'fail',
      fix: expect.stringContaining('Archive old rows'),
    });
    expect(writerMemoryEstimateMb(0)).toBeGreaterThan(100);
  });
});
