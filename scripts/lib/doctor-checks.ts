/**
 * The checks behind `npm run doctor`: is this setup ready to go live? Each check says pass, warn or fail with
 * what it found and, when something is wrong, what to do. A check that needs an earlier one (the spreadsheet
 * needs credentials, the channels need a valid token) is skipped, saying why, when that one failed.
 * Everything outside (environment, clock, credentials lookup, the store) can be passed in, so the tests run
 * these checks against the loopback fakes.
 */

import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import * as webApi from '@slack/web-api';
import { DateTime } from 'luxon';
import { ConfigError, describeError, isHearthError } from '../../common/errors.js';
import { openGridReader } from '../../functions/backend-reader.js';
import { type Config, loadConfig } from '../../functions/config.js';
import { MEMORY_STEPS, MEMORY_WARN_SHARE } from '../../functions/writer/memory.js';
import { type Cell, normalizeHeader, serialToDateTime } from '../../sheets-schema/cells.js';
import type { GridReader, Layout } from '../../sheets-schema/grid.js';
import { defaultRetryPolicy, type RetryPolicy, withRetry } from '../../sheets-schema/retry.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { decodeTable, mapHeaders } from '../../sheets-schema/table.js';
import { AuditTab, specOf, TAB_NAMES, TABS, type TabName } from '../../sheets-schema/tabs/index.js';
import { createWorkbookReader } from '../../sheets-schema/workbook-reader.js';
import { sameZone } from '../../sheets-schema/zones.js';
import { WRITER_TABS } from '../../workflows/decide.js';
import { manifest, PLACEHOLDER_URL } from '../slack-manifest.js';
import { WRITER_MEMORY_MB_DEFAULT } from './deploy-plan.js';

export type CheckOutcome = 'pass' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  name: string;
  /** `skip`: not run, because a check it needs failed or it does not apply; `detail` says which. */
  ok: CheckOutcome;
  detail: string;
  /** What to do about a warning or failure. */
  fix?: string;
}

/** The checks, in the order they run and print. */
export const CHECK = {
  config: 'Configuration',
  credentials: 'Google credentials',
  reachable: 'Spreadsheet reachable',
  /** Check 3 with the local backend. */
  workbook: 'Workbook file readable',
  provisioned: 'Tabs and headers',
  timeZone: 'Time zones match',
  cells: 'Cells used',
  memory: 'Writer memory',
  slackToken: 'Slack token and scopes',
  channels: 'Slack channels',
  relay: 'Form relay last seen',
  forms: 'Forms take responses',
} as const;

/** Google's limit for one spreadsheet, all tabs together; every cell of each tab's grid counts, empty or not. */
export const SPREADSHEET_CELL_LIMIT = 10_000_000;
export const CELLS_WARN_SHARE = 0.7;
export const CELLS_FAIL_SHARE = 0.9;
/** A relay quieter than this is worth a look at its trigger. */
export const RELAY_QUIET_DAYS = 7;
/** The tab scripts/apps-script/setup.gs writes the forms' state to (STATUS_TAB_ there), and its columns. */
export const FORM_STATUS_TAB = 'Form status';
/** The sync trigger writes the status every 10 minutes: older than this, it has stopped. */
export const FORM_STATUS_STALE_MINUTES = 60;
/** The one setting that makes the RSVP form's email trustworthy (VERIFIED_FIX_ in setup.gs). */
export const VERIFIED_EMAIL_FIX =
  'In the RSVP form: Settings → Responses → Collect email addresses → Verified, then run setup() again in Apps Script';

/** The bot token scopes Hearth needs: exactly those its Slack app manifest asks for (scripts/slack-manifest.ts). */
export const REQUIRED_BOT_SCOPES: readonly string[] = manifest({ slack: PLACEHOLDER_URL }).oauth_config.scopes
  .bot;

/** How Google will authenticate, as found before any call is made. */
export interface GoogleCredentials {
  kind: 'service-account' | 'user' | 'runtime' | 'other';
  /** Where they came from, for people: `GOOGLE_APPLICATION_CREDENTIALS (/path/key.json)`. */
  source: string;
  /** The account the spreadsheet must be shared with, when known. */
  email?: string;
}

export type CredentialsLookup =
  | { found: true; credentials: GoogleCredentials }
  | { found: false; detail: string; fix: string };

export interface DoctorOptions {
  env?: Record<string, string | undefined>;
  now?: () => Date;
  /** Finds Application Default Credentials without calling Google (default: findGoogleCredentials). */
  findCredentials?: (env: Record<string, string | undefined>) => Promise<CredentialsLookup>;
  /** The spreadsheet, read-only: the doctor never writes it. */
  openStore?: (config: Config) => Promise<GridReader>;
  /** Retries of Sheets calls on 429 and 5xx (default: about 20 s). */
  retry?: RetryPolicy;
  /** Called as each check finishes, so a CLI can print as it goes. */
  onResult?: (result: CheckResult) => void;
}

const DOCTOR_RETRY: RetryPolicy = { ...defaultRetryPolicy, maxElapsedMs: 20_000 };
const PROVISION_FIX =
  'Run `npm run provision`: it adds missing tabs and headers and never deletes organizer data. If a header was renamed by hand, renaming it back works too';
const TOKEN_FIX =
  'Copy the Bot User OAuth Token (xoxb-…) from your Slack app → OAuth & Permissions into SLACK_BOT_TOKEN';
const RELAY_FIX =
  "Check the Apps Script trigger: in the form's Apps Script project, Triggers must list the relay function for On form submit, and its Executions must show no errors; FORM_RELAY_SECRET must be the same in the script and in Hearth. Then send a test response";
const LOCAL = 'SHEETS_BACKEND=local';
const INVITE = (channel: string) => `invite the bot: /invite @Hearth in ${channel}`;

/** What earlier checks learned, for the later ones. */
interface Context {
  env: Record<string, string | undefined>;
  now: () => Date;
  retry: RetryPolicy;
  config?: Config;
  credentials?: GoogleCredentials;
  store?: GridReader;
  layout?: Layout;
  /** Why the sheet's tabs cannot be read, when they cannot. */
  sheetUnread?: string;
  /** Header rows of Hearth's tabs that exist. */
  headers?: Map<string, Cell[]>;
  /** Tabs present with every required header: later checks read only these. */
  usable: Set<TabName>;
  snapshot?: Snapshot;
  slack?: webApi.WebClient;
  slackUnchecked?: string;
}

type Check = (ctx: Context) => Promise<CheckResult>;

const pass = (name: string, detail: string): CheckResult => ({ name, ok: 'pass', detail });
const warn = (name: string, detail: string, fix: string): CheckResult => ({ name, ok: 'warn', detail, fix });
const fail = (name: string, detail: string, fix: string): CheckResult => ({ name, ok: 'fail', detail, fix });
const skip = (name: string, because: string): CheckResult => ({
  name,
  ok: 'skip',
  detail: `skipped because ${because}`,
});

/** Runs every check in order and returns their results. Never throws for a broken setup: that is a result. */
export async function runDoctor(options: DoctorOptions = {}): Promise<CheckResult[]> {
  const ctx: Context = {
    env: options.env ?? process.env,
    now: options.now ?? (() => new Date()),
    retry: options.retry ?? DOCTOR_RETRY,
    usable: new Set(),
  };
  const findCredentials = options.findCredentials ?? findGoogleCredentials;
  const openStore = options.openStore ?? openGridReader;
  const checks: [string, Check][] = [
    [CHECK.config, checkConfig],
    [CHECK.credentials, (c) => checkCredentials(c, findCredentials)],
    [CHECK.reachable, (c) => checkReachable(c, openStore)],
    [CHECK.provisioned, checkProvisioned],
    [CHECK.timeZone, checkTimeZone],
    [CHECK.cells, checkCells],
    [CHECK.memory, checkWriterMemory],
    [CHECK.slackToken, checkSlackToken],
    [CHECK.channels, checkChannels],
    [CHECK.relay, checkRelay],
    [CHECK.forms, checkForms],
  ];
  const results: CheckResult[] = [];
  for (const [name, check] of checks) {
    let result: CheckResult;
    try {
      result = await check(ctx);
    } catch (error) {
      // A check that broke is a failure to look into, not a crash that hides the other checks.
      result = fail(
        name,
        `the check itself failed: ${describeError(error, { hint: false })}`,
        isHearthError(error) ? error.hint : 'See the message above; run npm run doctor again',
      );
    }
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}

// ---- 1. configuration ----------------------------------------------------------------------------------

async function checkConfig(ctx: Context): Promise<CheckResult> {
  try {
    // `sheets`: the request secrets belong to the deployed functions, not to this check.
    ctx.config = loadConfig(ctx.env, () => 'unused', 'sheets');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return fail(
      CHECK.config,
      `the environment is not valid (${error.problems.length} problem${error.problems.length === 1 ? '' : 's'})`,
      error.problems.join('\n'),
    );
  }
  const c = ctx.config;
  const where =
    c.backend === 'local'
      ? `local backend, workbook ${c.localWorkbook}`
      : `google backend, spreadsheet ${c.spreadsheetId}${c.sheetsApiRootUrl ? ` at ${c.sheetsApiRootUrl}` : ''}`;
  const slack = c.slackBotToken
    ? `Slack token set${c.slackApiUrl ? ` (Slack API at ${c.slackApiUrl})` : ''}`
    : 'no Slack token';
  return pass(CHECK.config, `${where}; ${slack}${c.dryRun ? '; DRY_RUN is on' : ''}`);
}

// ---- 2. Google credentials ------------------------------------------------------------------------------

async function checkCredentials(
  ctx: Context,
  findCredentials: NonNullable<DoctorOptions['findCredentials']>,
): Promise<CheckResult> {
  const config = ctx.config;
  if (!config) return skip(CHECK.credentials, 'the configuration did not load');
  if (config.backend === 'local') {
    return skip(CHECK.credentials, `${LOCAL}: the local workbook needs no Google account`);
  }
  if (config.sheetsApiRootUrl) {
    return pass(
      CHECK.credentials,
      `not needed: SHEETS_API_ROOT_URL points at an emulator (${config.sheetsApiRootUrl}), which gets a placeholder token`,
    );
  }
  const lookup = await findCredentials(ctx.env);
  if (!lookup.found) return fail(CHECK.credentials, lookup.detail, lookup.fix);
  ctx.credentials = lookup.credentials;
  const who = lookup.credentials.email ? `${lookup.credentials.email}, ` : '';
  return pass(CHECK.credentials, `${who}from ${lookup.credentials.source}`);
}

/**
 * Where Application Default Credentials will come from, looked up the way Google's client does (the key file
 * named by GOOGLE_APPLICATION_CREDENTIALS, then gcloud's application-default file, then the metadata server
 * when running in Google Cloud), without asking Google for a token.
 */
export async function findGoogleCredentials(
  env: Record<string, string | undefined>,
): Promise<CredentialsLookup> {
  const named = env.GOOGLE_APPLICATION_CREDENTIALS?.trim();
  if (named) {
    const read = await readKeyFile(named);
    if ('error' in read) {
      return {
        found: false,
        detail: `GOOGLE_APPLICATION_CREDENTIALS is ${named}, which ${read.error}`,
        fix: "Point GOOGLE_APPLICATION_CREDENTIALS at the service account's JSON key file (Google Cloud console → IAM → Service accounts → Keys), or unset it and run `gcloud auth application-default login`",
      };
    }
    return {
      found: true,
      credentials: credentialsOf(read.json, `GOOGLE_APPLICATION_CREDENTIALS (${named})`),
    };
  }
  const gcloudDir =
    process.platform === 'win32'
      ? env.APPDATA && path.join(env.APPDATA, 'gcloud')
      : path.join(env.HOME ?? homedir(), '.config', 'gcloud');
  const wellKnown = gcloudDir ? path.join(gcloudDir, 'application_default_credentials.json') : undefined;
  if (wellKnown) {
    const read = await readKeyFile(wellKnown);
    if (!('error' in read)) {
      return {
        found: true,
        credentials: credentialsOf(read.json, `gcloud auth application-default login (${wellKnown})`),
      };
    }
  }
  if (env.K_SERVICE || env.FUNCTION_TARGET || env.GCE_METADATA_HOST) {
    return runtimeCredentials();
  }
  return {
    found: false,
    detail:
      'no Application Default Credentials: GOOGLE_APPLICATION_CREDENTIALS is not set and gcloud has none',
    fix: 'Set GOOGLE_APPLICATION_CREDENTIALS to a service account key file, or run `gcloud auth application-default login --scopes=https://www.googleapis.com/auth/cloud-platform,https://www.googleapis.com/auth/spreadsheets`',
  };
}

async function readKeyFile(file: string): Promise<{ json: Record<string, unknown> } | { error: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    return {
      error: code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? describeError(error)})`,
    };
  }
  try {
    const json = JSON.parse(text) as unknown;
    if (json && typeof json === 'object') return { json: json as Record<string, unknown> };
  } catch {
    // reported below
  }
  return { error: 'is not a JSON key file' };
}

function credentialsOf(json: Record<string, unknown>, source: string): GoogleCredentials {
  const email = typeof json.client_email === 'string' ? json.client_email : undefined;
  if (json.type === 'service_account') {
    return { kind: 'service-account', source, ...(email ? { email } : {}) };
  }
  if (json.type === 'authorized_user') return { kind: 'user', source };
  // Impersonation and workload identity: the service account is the last part of the impersonation URL.
  const url =
    typeof json.service_account_impersonation_url === 'string' ? json.service_account_impersonation_url : '';
  const impersonated = /serviceAccounts\/([^/:]+):generateAccessToken/.exec(url)?.[1];
  return { kind: 'other', source, ...(impersonated ? { email: decodeURIComponent(impersonated) } : {}) };
}

/** In Google Cloud the runtime's service account; its email comes from the metadata server. */
async function runtimeCredentials(): Promise<CredentialsLookup> {
  const { GoogleAuth } = await import('google-auth-library');
  const auth = new GoogleAuth({ scopes: ['https://www.googleapis.com/auth/spreadsheets'] });
  try {
    const found = await Promise.race([
      auth.getCredentials(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer in 5 s')), 5_000)),
    ]);
    return {
      found: true,
      credentials: {
        kind: 'runtime',
        source: "the runtime's service account (metadata server)",
        ...(found.client_email ? { email: found.client_email } : {}),
      },
    };
  } catch (error) {
    return {
      found: false,
      detail: `the metadata server gave no credentials: ${describeError(error)}`,
      fix: 'Give the function or service a service account, or set GOOGLE_APPLICATION_CREDENTIALS to a key file',
    };
  }
}

// ---- 3. the spreadsheet (or workbook) reachable ------------------------------------------------------

async function checkReachable(ctx: Context, openStore: (config: Config) => Promise<GridReader>) {
  const config = ctx.config;
  const local = config?.backend === 'local';
  const name = local ? CHECK.workbook : CHECK.reachable;
  if (!config) return unread(ctx, skip(name, 'the configuration did not load'));
  if (!local && !config.sheetsApiRootUrl && !ctx.credentials) {
    return unread(ctx, skip(name, 'no Google credentials were found'));
  }
  if (local) {
    const missing = await stat(config.localWorkbook).then(
      () => false,
      (error: { code?: string }) => error.code === 'ENOENT',
    );
    if (missing) {
      return unread(
        ctx,
        fail(
          name,
          `there is no workbook at ${config.localWorkbook}`,
          '`npm run provision` (or `npm start`) creates it; or set LOCAL_WORKBOOK to where it is',
        ),
      );
    }
  }
  const store = await openStore(config);
  let layout: Layout;
  let headers: Map<string, Cell[]>;
  try {
    layout = await withRetry(ctx.retry, () => store.layout());
    const titles = new Set(layout.tabs.map((t) => t.title));
    const present = TAB_NAMES.map((tab) => TABS[tab].name).filter((title) => titles.has(title));
    const read = await withRetry(ctx.retry, () =>
      store.readColumns(present.map((tab) => ({ tab, columns: [] }))),
    );
    headers = new Map(present.map((tab) => [tab, read.get(tab)?.header ?? []]));
  } catch (error) {
    if (!isHearthError(error)) throw error;
    const detail = describeError(error, { hint: false });
    return unread(ctx, fail(name, detail, local ? error.hint : accessFix(detail, config, ctx.credentials)));
  }
  ctx.store = store;
  ctx.layout = layout;
  ctx.headers = headers;
  const what = local
    ? config.localWorkbook
    : `spreadsheet ${config.spreadsheetId}${ctx.credentials?.email ? ` as ${ctx.credentials.email}` : ''}`;
  return pass(name, `read ${what}: ${layout.tabs.length} tab${layout.tabs.length === 1 ? '' : 's'}`);
}

function unread(ctx: Context, result: CheckResult): CheckResult {
  ctx.sheetUnread =
    ctx.config?.backend === 'local' ? 'the workbook could not be read' : 'the spreadsheet could not be read';
  return result;
}

/** What to do when Google refused to read the spreadsheet, from its HTTP status and message. */
export function accessFix(
  message: string,
  config: Pick<Config, 'spreadsheetId'>,
  credentials: GoogleCredentials | undefined,
): string {
  const status = Number(/\bHTTP (\d{3})\b/.exec(message)?.[1] ?? 0);
  if (/insufficient authentication scopes/i.test(message)) {
    return 'The credentials lack the Sheets scope: run `gcloud auth application-default login --scopes=https://www.googleapis.com/auth/cloud-platform,https://www.googleapis.com/auth/spreadsheets`';
  }
  if (/SERVICE_DISABLED|has not been used in project|is disabled/i.test(message)) {
    return "Enable the Google Sheets API in the credentials' Google Cloud project: `gcloud services enable sheets.googleapis.com`";
  }
  const share = shareWith(credentials);
  if (status === 403)
    return `${share}. The Google Sheets API must also be enabled in its Google Cloud project`;
  if (status === 404) {
    return `Check SPREADSHEET_ID (${config.spreadsheetId}): it is the part of the sheet's URL between /d/ and /edit. If it is right, ${share[0]?.toLowerCase()}${share.slice(1)}`;
  }
  if (status === 401 || status === 0) {
    return /no answer/.test(message)
      ? 'Google Sheets could not be reached: check the network (and SHEETS_API_ROOT_URL, if set), then try again'
      : 'The credentials were refused: check GOOGLE_APPLICATION_CREDENTIALS, or run `gcloud auth application-default login` again';
  }
  return 'Google Sheets had trouble: try again in a minute; if it persists, see https://www.google.com/appsstatus';
}

function shareWith(credentials: GoogleCredentials | undefined): string {
  if (credentials?.email) return `Share the sheet with ${credentials.email} as Editor`;
  if (credentials?.kind === 'user') {
    return 'Share the sheet as Editor with the Google account you signed in with (`gcloud auth application-default login`)';
  }
  return "Share the sheet with the service account's email (client_email in its key file) as Editor";
}

// ---- 4. provisioned ------------------------------------------------------------------------------------

async function checkProvisioned(ctx: Context): Promise<CheckResult> {
  if (!ctx.headers) return skip(CHECK.provisioned, ctx.sheetUnread ?? 'the spreadsheet could not be read');
  const missingTabs: string[] = [];
  const problems: string[] = [];
  for (const tab of TAB_NAMES) {
    const spec = specOf(tab);
    const header = ctx.headers.get(spec.name);
    if (header === undefined) {
      missingTabs.push(spec.name);
      continue;
    }
    const missing = mapHeaders(spec, header).missing;
    if (header.length === 0) problems.push(`the ${spec.name} tab has no header row`);
    else if (missing.length > 0) {
      problems.push(
        `${spec.name} lacks the header${missing.length > 1 ? 's' : ''} ${missing.map((h) => `"${h}"`).join(', ')} in row 1`,
      );
    } else ctx.usable.add(tab);
  }
  if (missingTabs.length > 0) {
    problems.unshift(
      `the tab${missingTabs.length > 1 ? 's' : ''} ${missingTabs.join(', ')} ${missingTabs.length > 1 ? 'are' : 'is'} missing`,
    );
  }
  if (problems.length > 0) return fail(CHECK.provisioned, problems.join('; '), PROVISION_FIX);
  return pass(CHECK.provisioned, `all ${TAB_NAMES.length} tabs are there with every required header`);
}

/** Why a check that reads `tab` cannot run, or undefined when it can. */
function tabUnusable(ctx: Context, tab: TabName): string | undefined {
  if (!ctx.headers) return ctx.sheetUnread ?? 'the spreadsheet could not be read';
  if (ctx.usable.has(tab)) return undefined;
  return ctx.headers.has(TABS[tab].name)
    ? `the ${TABS[tab].name} tab lacks a required header`
    : `the ${TABS[tab].name} tab is missing`;
}

async function settingsSnapshot(ctx: Context): Promise<Snapshot> {
  if (!ctx.snapshot) {
    const workbook = createWorkbookReader(ctx.store as GridReader, { retry: ctx.retry });
    ctx.snapshot = await workbook.read([]);
  }
  return ctx.snapshot;
}

// ---- 5. time zones -------------------------------------------------------------------------------------

async function checkTimeZone(ctx: Context): Promise<CheckResult> {
  const unusable = tabUnusable(ctx, 'Settings');
  if (unusable) return skip(CHECK.timeZone, unusable);
  const snapshot = await settingsSnapshot(ctx);
  const bad = snapshot.problems.find((p) => p.tab === TABS.Settings.name && p.header === 'Time zone');
  if (bad) {
    return fail(
      CHECK.timeZone,
      `Settings → Time zone (${bad.a1}) ${bad.message}`,
      'Type an IANA name like Europe/London in Settings → Time zone, then run `npm run provision` to give the spreadsheet the same one',
    );
  }
  const group = snapshot.timeZone;
  const sheet = (ctx.layout as Layout).timeZone;
  const where = ctx.config?.backend === 'local' ? "the workbook's" : "the spreadsheet's own";
  if (sameZone(group, sheet)) {
    return pass(CHECK.timeZone, `Settings → Time zone and ${where} time zone are both ${group}`);
  }
  return fail(
    CHECK.timeZone,
    `Settings → Time zone is ${group} but ${where} time zone is ${sheet}: times Google fills in (form timestamps, NOW()) and times Hearth writes would disagree by the difference`,
    `Run \`npm run provision\`: it sets ${where} time zone to ${group}. If ${sheet} is the right one, put it in Settings → Time zone instead`,
  );
}

// ---- 6. cells against Google's limit --------------------------------------------------------------------

async function checkCells(ctx: Context): Promise<CheckResult> {
  if (ctx.config?.backend === 'local') {
    return skip(CHECK.cells, `${LOCAL}: the 10 million cell limit is Google's`);
  }
  if (!ctx.layout) return skip(CHECK.cells, ctx.sheetUnread ?? 'the spreadsheet could not be read');
  return cellsResult(ctx.layout);
}

/** Cells in use (rows × columns of every tab's grid) against Google's 10 million. */
export function cellsResult(layout: Pick<Layout, 'tabs'>): CheckResult {
  const sizes = layout.tabs
    .map((t) => ({ title: t.title, cells: t.rowCount * t.columnCount }))
    .sort((a, b) => b.cells - a.cells);
  const used = sizes.reduce((sum, t) => sum + t.cells, 0);
  const share = used / SPREADSHEET_CELL_LIMIT;
  const biggest = sizes
    .slice(0, 3)
    .filter((t) => t.cells > 0)
    .map((t) => `${t.title} ${number(t.cells)}`)
    .join(', ');
  const detail = `${number(used)} of ${number(SPREADSHEET_CELL_LIMIT)} cells (${percent(share)})${biggest ? `; largest: ${biggest}` : ''}`;
  const fix = `Archive old Audit and Outbox rows: copy them to another spreadsheet, then delete them here. Also delete empty rows at the bottom of large tabs: every cell of a tab's grid counts, filled or not. At ${number(SPREADSHEET_CELL_LIMIT)} Google refuses new rows`;
  if (share > CELLS_FAIL_SHARE)
    return fail(CHECK.cells, `${detail}: above ${percent(CELLS_FAIL_SHARE)}`, fix);
  if (share > CELLS_WARN_SHARE)
    return warn(CHECK.cells, `${detail}: above ${percent(CELLS_WARN_SHARE)}`, fix);
  return pass(CHECK.cells, detail);
}

// ---- 6b. the writer's memory against the rows it reads ----------------------------------------------------

async function checkWriterMemory(ctx: Context): Promise<CheckResult> {
  if (ctx.config?.backend === 'local') {
    return skip(CHECK.memory, `${LOCAL}: the local stack's writer has this machine's memory`);
  }
  const store = ctx.store;
  if (!store) return skip(CHECK.memory, ctx.sheetUnread ?? 'the spreadsheet could not be read');
  const tabs = WRITER_TABS.filter((tab) => ctx.usable.has(tab)).map((tab) => TABS[tab].name);
  // The first column of each tab the writer reads: one call, a few cells a row.
  const read = await withRetry(ctx.retry, () =>
    store.readColumns(tabs.map((tab) => ({ tab, columns: [0] }))),
  );
  let rows = 0;
  for (const { columns } of read.values()) rows += Math.max(0, (columns.get(0)?.length ?? 1) - 1);
  return writerMemoryResult(rows, ctx.config?.writerMemoryMb ?? WRITER_MEMORY_MB_DEFAULT);
}

/**
 * The writer's memory at its highest for `rows` rows in the tabs it reads, measured by `npm run bench` (its
 * growth curve: about 140 MB at 1,000 members, 250 at 10,000 and 800 at 50,000, bursts included), rounded up.
 */
export function writerMemoryEstimateMb(rows: number): number {
  return Math.ceil(WRITER_BASE_MB + (rows * WRITER_KB_PER_ROW) / 1024);
}
const WRITER_BASE_MB = 130;
const WRITER_KB_PER_ROW = 4;

/** The estimate against what the writer is deployed with, and the size to deploy when it gets near. */
export function writerMemoryResult(rows: number, deployedMb: number): CheckResult {
  const needMb = writerMemoryEstimateMb(rows);
  const detail = `about ${number(needMb)} MB at its highest for the ${number(rows)} rows it reads, of the ${number(deployedMb)} MB it is deployed with (${percent(needMb / deployedMb)})`;
  const fits = MEMORY_STEPS.find((mb) => needMb < mb * MEMORY_WARN_SHARE);
  const fix = fits
    ? `Run npm run deploy -- --writer-memory=${fits} (or archive old rows: the writer reads every row of its tabs each minute)`
    : 'Archive old rows: the sheet is past what one writer can hold, even at its largest memory';
  if (needMb >= deployedMb) return fail(CHECK.memory, `${detail}: it would run out of memory`, fix);
  if (needMb >= deployedMb * MEMORY_WARN_SHARE)
    return warn(CHECK.memory, `${detail}: above ${percent(MEMORY_WARN_SHARE)}`, fix);
  return pass(CHECK.memory, detail);
}

// ---- 7. Slack token and scopes ---------------------------------------------------------------------------

async function checkSlackToken(ctx: Context): Promise<CheckResult> {
  const config = ctx.config;
  if (!config) return slackSkip(ctx, skip(CHECK.slackToken, 'the configuration did not load'));
  if (!config.slackBotToken) {
    if (config.backend === 'local') {
      return slackSkip(
        ctx,
        skip(
          CHECK.slackToken,
          'SLACK_BOT_TOKEN is not set: Slack messages go to the transcript beside the workbook',
        ),
      );
    }
    ctx.slackUnchecked = 'there is no Slack token';
    return fail(CHECK.slackToken, 'SLACK_BOT_TOKEN is not set', TOKEN_FIX);
  }
  const client = new webApi.WebClient(config.slackBotToken.reveal(), {
    ...(config.slackApiUrl ? { slackApiUrl: config.slackApiUrl } : {}),
    retryConfig: { retries: 1, factor: 2, minTimeout: 500, maxTimeout: 2_000 },
    timeout: 10_000,
    logLevel: webApi.LogLevel.ERROR,
  });
  let answer: webApi.AuthTestResponse;
  try {
    answer = await client.auth.test();
  } catch (error) {
    ctx.slackUnchecked = 'the Slack token could not be checked';
    const slack = slackErrorOf(error);
    if (slack) return fail(CHECK.slackToken, `Slack refused SLACK_BOT_TOKEN (${slack})`, TOKEN_FIX);
    return fail(
      CHECK.slackToken,
      `Slack could not be reached: ${describeError(error)}`,
      'Check the network connection, and SLACK_API_URL (leave it unset for the real Slack)',
    );
  }
  ctx.slack = client;
  const who = `${answer.user ?? 'the bot'} in ${answer.team ?? 'the workspace'}`;
  const scopes = answer.response_metadata?.scopes;
  if (!scopes) {
    return warn(
      CHECK.slackToken,
      `the token works (${who}), but Slack did not say which scopes it has`,
      `Check by hand that the app's Bot Token Scopes include ${REQUIRED_BOT_SCOPES.join(', ')}`,
    );
  }
  const missing = missingScopes(scopes);
  if (missing.length > 0) {
    return fail(
      CHECK.slackToken,
      `the token works (${who}) but lacks the scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
      `Add ${missing.join(', ')} under your Slack app → OAuth & Permissions → Bot Token Scopes (or paste the manifest from \`npm run slack-manifest\` into its App Manifest page), then reinstall the app to the workspace`,
    );
  }
  return pass(CHECK.slackToken, `${who}, with all ${REQUIRED_BOT_SCOPES.length} scopes Hearth needs`);
}

function slackSkip(ctx: Context, result: CheckResult): CheckResult {
  ctx.slackUnchecked = result.detail.replace(/^skipped because /, '');
  return result;
}

/** The required bot scopes a token lacks, in the required list's order. */
export function missingScopes(granted: readonly string[]): string[] {
  const have = new Set(granted.map((s) => s.trim()));
  return REQUIRED_BOT_SCOPES.filter((scope) => !have.has(scope));
}

function slackErrorOf(error: unknown): string | undefined {
  return error instanceof webApi.WebAPIPlatformError ? error.data.error : undefined;
}

// ---- 8. channels ---------------------------------------------------------------------------------------

interface SlackChannel {
  id: string;
  name: string;
  is_member?: boolean;
  is_private?: boolean;
}

async function checkChannels(ctx: Context): Promise<CheckResult> {
  if (!ctx.slack) return skip(CHECK.channels, ctx.slackUnchecked ?? 'the Slack token could not be checked');
  const unusable = tabUnusable(ctx, 'Settings');
  if (unusable) return skip(CHECK.channels, `${unusable}, which names the channels`);
  const settings = (await settingsSnapshot(ctx)).settings;
  const wanted: { setting: string; channel: string }[] = [
    { setting: 'Leaders channel', channel: settings.leadersChannel },
    { setting: 'Announcements channel', channel: settings.announcementsChannel },
    { setting: 'Introductions channel', channel: settings.introductionsChannel },
  ];
  const byName = new Map<string, SlackChannel>();
  const byId = new Map<string, SlackChannel>();
  try {
    const pages = ctx.slack.paginate('conversations.list', {
      types: 'public_channel,private_channel',
      exclude_archived: true,
      limit: 200,
    });
    for await (const page of pages) {
      for (const c of (page as { channels?: SlackChannel[] }).channels ?? []) {
        byName.set(c.name.toLowerCase(), c);
        byId.set(c.id, c);
      }
    }
  } catch (error) {
    const slack = slackErrorOf(error);
    const needed = (error as { data?: { needed?: string } }).data?.needed;
    return fail(
      CHECK.channels,
      `Slack would not list the channels: ${slack ?? describeError(error)}`,
      slack === 'missing_scope'
        ? `Add ${needed ?? 'channels:read and groups:read'} under your Slack app → OAuth & Permissions → Bot Token Scopes, then reinstall the app`
        : 'Try again in a minute; if it persists, check SLACK_API_URL and the network',
    );
  }
  const problems: string[] = [];
  const fixes: string[] = [];
  const cautions: string[] = [];
  const fine: string[] = [];
  for (const { setting, channel } of wanted) {
    const found = channel.startsWith('#') ? byName.get(channel.slice(1)) : byId.get(channel);
    const shown = found ? `#${found.name}` : channel;
    if (!found) {
      problems.push(`${setting} ${channel}: the bot sees no such channel`);
      fixes.push(
        `Create ${channel} or correct Settings → ${setting}; if it is private, ${INVITE(channel.startsWith('#') ? channel : 'it')}`,
      );
    } else if (!found.is_member) {
      problems.push(`${setting} ${shown}: the bot is not in it`);
      fixes.push(`In Slack, ${INVITE(shown)}`);
    } else {
      fine.push(shown);
      if (setting === 'Leaders channel' && !found.is_private) {
        cautions.push(`${shown} is public: reports and approvals posted there are visible to everyone`);
      }
    }
  }
  if (problems.length > 0) {
    return fail(CHECK.channels, problems.join('; '), [...new Set(fixes)].join('\n'));
  }
  if (cautions.length > 0) {
    return warn(
      CHECK.channels,
      `the bot is in ${fine.join(', ')}, but ${cautions.join('; ')}`,
      'Make the leaders channel private (channel settings → Change to a private channel), or name a private one in Settings → Leaders channel',
    );
  }
  return pass(CHECK.channels, `the bot is in ${[...new Set(fine)].join(', ')}`);
}

// ---- 9. the form relay -----------------------------------------------------------------------------------

async function checkRelay(ctx: Context): Promise<CheckResult> {
  if (ctx.config?.backend === 'local') {
    return skip(CHECK.relay, `${LOCAL}: the Apps Script relay sends forms to the cloud functions`);
  }
  const unusable = tabUnusable(ctx, 'Audit');
  if (unusable) return skip(CHECK.relay, unusable);
  const zone = (await settingsSnapshot(ctx)).timeZone;
  const header = ctx.headers?.get(AuditTab.name) ?? [];
  const map = mapHeaders(AuditTab, header);
  const whenAt = map.index.when as number;
  const keyAt = map.index.key as number;
  const read = await withRetry(ctx.retry, () =>
    (ctx.store as GridReader).readColumns([{ tab: AuditTab.name, columns: [whenAt, keyAt] }]),
  );
  const columns = read.get(AuditTab.name)?.columns;
  const whens = columns?.get(whenAt) ?? [];
  const keys = columns?.get(keyAt) ?? [];
  // Just the two columns, where they are, so the tab's own parser reads the dates.
  const grid: Cell[][] = [header];
  for (let r = 1; r < Math.max(whens.length, keys.length); r++) {
    const row: Cell[] = [];
    row[whenAt] = whens[r] ?? null;
    row[keyAt] = keys[r] ?? null;
    grid.push(row);
  }
  let newest: DateTime | undefined;
  for (const row of decodeTable(AuditTab, grid, zone).rows) {
    if (!row.values.key?.startsWith('form:') || !row.values.when) continue;
    if (!newest || row.values.when.toMillis() > newest.toMillis()) newest = row.values.when;
  }
  const now = DateTime.fromJSDate(ctx.now()).setZone(zone);
  if (!newest) {
    return warn(
      CHECK.relay,
      'no form submission has reached Hearth yet (no Audit row with a form: Key)',
      RELAY_FIX,
    );
  }
  const at = `${newest.setZone(zone).toFormat('yyyy-MM-dd HH:mm')} ${zone}`;
  const ago = newest.toRelative({ base: now }) ?? at;
  if (now.diff(newest, 'days').days > RELAY_QUIET_DAYS) {
    return warn(
      CHECK.relay,
      `the last form submission reached Hearth ${ago} (${at}): none in the last ${RELAY_QUIET_DAYS} days`,
      RELAY_FIX,
    );
  }
  return pass(CHECK.relay, `the last form submission reached Hearth ${ago} (${at})`);
}

// ---- 10. the forms take responses -------------------------------------------------------------------------

const SETUP_FIX =
  'In the spreadsheet: Extensions → Apps Script, run setup() (docs/forms.md); it publishes the forms and reports them in the "Form status" tab';

/**
 * What setup.gs last said of the forms (the "Form status" tab; its sync rewrites it every 10 minutes): each
 * published and, but for an RSVP form closed while no event is announced, accepting responses; the RSVP form
 * collecting verified emails. Doctor cannot ask Google's forms itself: they belong to the organizer.
 */
async function checkForms(ctx: Context): Promise<CheckResult> {
  if (ctx.config?.backend === 'local') {
    return skip(CHECK.forms, `${LOCAL}: the forms are Google's`);
  }
  const store = ctx.store;
  if (!store || !ctx.layout) return skip(CHECK.forms, ctx.sheetUnread ?? 'the spreadsheet could not be read');
  const tabs = await withRetry(ctx.retry, () =>
    store.readTabs([FORM_STATUS_TAB], { optional: [FORM_STATUS_TAB] }),
  );
  const [header = [], ...rows] = tabs.get(FORM_STATUS_TAB) ?? [];
  const at = (title: string) => header.findIndex((h) => normalizeHeader(h) === normalizeHeader(title));
  const col = { form: at('Form'), published: at('Published'), accepting: at('Accepting responses') };
  const more = { email: at('Email'), checked: at('Checked') };
  if (rows.length === 0 || Object.values({ ...col, ...more }).some((i) => i < 0)) {
    return warn(CHECK.forms, 'the forms have not reported how they stand (no "Form status" tab)', SETUP_FIX);
  }
  const text = (row: readonly Cell[], i: number) => String(row[i] ?? '').trim();
  const byForm = new Map(rows.map((row) => [text(row, col.form).toLowerCase(), row]));
  const failures: string[] = [];
  const warnings: string[] = [];
  const fixes = new Set<string>();
  for (const form of ['join', 'rsvp', 'report']) {
    const row = byForm.get(form);
    if (!row) {
      failures.push(`the ${form} form is not in it`);
      fixes.add(SETUP_FIX);
      continue;
    }
    if (text(row, col.published) !== 'Yes') {
      failures.push(`the ${form} form is not published, so it takes no responses`);
      fixes.add(`Open the ${form} form and click Publish (or run setup() again in Apps Script)`);
    } else if (text(row, col.accepting) !== 'Yes' && form !== 'rsvp') {
      failures.push(`the ${form} form is not accepting responses`);
      fixes.add(`In the ${form} form's Responses tab, turn on Accepting responses`);
    }
  }
  const rsvp = byForm.get('rsvp');
  if (rsvp && text(rsvp, more.email) !== 'Verified') {
    warnings.push(
      `the RSVP form's email is ${text(rsvp, more.email).toLowerCase() || 'unknown'}, not verified: Hearth treats it as typed, so anyone with the link can answer for anyone`,
    );
    fixes.add(VERIFIED_EMAIL_FIX);
  }
  // setup.gs writes a date cell (a serial in the spreadsheet's zone once read); text is read as ISO.
  const stamp = (rows[0] as readonly Cell[])[more.checked];
  const checked =
    typeof stamp === 'number'
      ? serialToDateTime(stamp, ctx.layout?.timeZone ?? 'UTC')
      : DateTime.fromISO(String(stamp ?? '').trim());
  const now = DateTime.fromJSDate(ctx.now());
  const stale = !checked.isValid || now.diff(checked, 'minutes').minutes > FORM_STATUS_STALE_MINUTES;
  if (stale) {
    warnings.push(
      `the forms last reported ${checked.isValid ? checked.toRelative({ base: now }) : 'at an unreadable time'}: the syncEventChoices trigger seems to have stopped`,
    );
    fixes.add(
      'In Apps Script → Triggers, check syncEventChoices runs every 10 minutes without errors, or run setup() again',
    );
  }
  const fix = [...fixes].join('\n');
  if (failures.length > 0) return fail(CHECK.forms, [...failures, ...warnings].join('; '), fix);
  if (warnings.length > 0) return warn(CHECK.forms, warnings.join('; '), fix);
  const closed =
    rsvp && text(rsvp, col.accepting) !== 'Yes'
      ? ' (the RSVP form is closed while no event is announced)'
      : '';
  return pass(
    CHECK.forms,
    `the join, RSVP and report forms are published and take responses${closed}; the RSVP form collects verified emails`,
  );
}

// ---- printing ------------------------------------------------------------------------------------------

const MARK: Record<CheckOutcome, string> = { pass: '✓', warn: '!', fail: '✗', skip: '-' };

/** One check as printed: the mark, name and detail, then what to do, indented. */
export function formatResult(result: CheckResult): string {
  const lines = [`${MARK[result.ok]} ${result.name}: ${result.detail}`];
  if (result.fix && (result.ok === 'fail' || result.ok === 'warn')) {
    const [first, ...rest] = result.fix.split('\n');
    lines.push(`    → ${first}`, ...rest.map((line) => `    → ${line}`));
  }
  return lines.join('\n');
}

export function formatSummary(results: readonly CheckResult[]): string {
  const count = (ok: CheckOutcome) => results.filter((r) => r.ok === ok).length;
  const failed = count('fail');
  const parts = [
    `${count('pass')} passed`,
    `${count('warn')} warning${count('warn') === 1 ? '' : 's'}`,
    `${failed} failed`,
    `${count('skip')} skipped`,
  ];
  const local = results.some((r) => r.detail.startsWith(`skipped because ${LOCAL}`));
  const verdict =
    failed > 0
      ? 'Fix the ✗ items (→ says how), then run `npm run doctor` again.'
      : local
        ? 'The local workbook is ready; the cloud checks run with SHEETS_BACKEND=google.'
        : count('warn') > 0
          ? 'Ready to go live, with warnings worth a look.'
          : 'Ready to go live.';
  return `${parts.join(', ')}. ${verdict}`;
}

export function formatReport(results: readonly CheckResult[]): string {
  return [...results.map(formatResult), '', formatSummary(results)].join('\n');
}

/** 1 when any check failed (warnings and skips do not), else 0. */
export function exitCodeOf(results: readonly CheckResult[]): number {
  return results.some((r) => r.ok === 'fail') ? 1 : 0;
}

// ---- helpers -------------------------------------------------------------------------------------------

const number = (n: number) => n.toLocaleString('en-US');
const percent = (share: number) => `${Math.round(share * 1000) / 10} %`;
