/**
 * Integration helpers: the real entry points (functions/index.ts, configured from process.env) against the
 * loopback Sheets and Slack fakes, driven over HTTP as Google Forms' relay, Slack and Cloud Scheduler would.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { DateTime } from 'luxon';
import { expect, vi } from 'vitest';
import type { Clock } from '../../common/clock.js';
import { loadConfig } from '../../functions/config.js';
import { createHandlers } from '../../functions/handlers.js';
import type { InProcessHandOver } from '../../functions/queue-in-process.js';
import { guardFunctionServers } from '../../functions/request-guard.js';
import { createRuntime, type Runtime } from '../../functions/runtime.js';
import { signFormBody, signSlackBody } from '../../functions/signatures.js';
import { type Cell, serialToDateTime } from '../../sheets-schema/cells.js';
import { createGoogleGridStore } from '../../sheets-schema/google.js';
import { provision } from '../../sheets-schema/provision.js';
import { createWorkbook, type Workbook } from '../../sheets-schema/workbook.js';
import { parsePermalink } from '../../workflows/outbox/delivery.js';
import { type Latency, type SheetsFake, startSheetsFake } from '../fakes/sheets-fake.js';
import {
  type FakeChannel,
  type FakeMessage,
  type RecordedCall,
  type SlackFake,
  startSlackFake,
} from '../fakes/slack-fake.js';

export const FORM_SECRET = 'integration-form-relay-secret';
export const SLACK_SECRET = 'integration-slack-signing-secret';
export const SCHEDULER_TOKEN = 'integration-scheduler-token';

/** A Slack request fixture from tests/fixtures/slack. */
export function slackFixture(name: string): string {
  return readFileSync(new URL(`../fixtures/slack/${name}`, import.meta.url), 'utf8');
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` until it returns something other than undefined/false (or stops throwing), and returns that.
 * Fails after `timeoutMs` with `what` and the last error.
 */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs = 10_000, intervalMs = 25 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
      last = undefined;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const why = last instanceof Error ? `: ${last.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await sleep(intervalMs);
  }
}

/** A tab of the Sheets fake as records keyed by header text; blank rows left out. Bypasses latency and stats. */
export function rowsOf(sheets: SheetsFake, tab: string): Record<string, Cell>[] {
  const [header = [], ...rows] = sheets.getGrid(tab);
  return rows
    .filter((row) => row.some((cell) => cell !== null && cell !== ''))
    .map((row) => Object.fromEntries(header.map((h, i) => [String(h), row[i] ?? null])));
}

/** Appends rows typed by hand (an organizer in the browser), by header text, below the last row. */
export function appendByHand(sheets: SheetsFake, tab: string, rows: Record<string, Cell>[]): void {
  const grid = sheets.getGrid(tab);
  const header = (grid[0] ?? []).map(String);
  rows.forEach((row, i) => {
    for (const [name, value] of Object.entries(row)) {
      const column = header.indexOf(name);
      if (column < 0) throw new Error(`${tab} has no header "${name}"`);
      sheets.setCell(tab, grid.length + i, column, value);
    }
  });
}

/** Edits cells of the row whose `idHeader` cell is `id`, by header text, as an organizer would. */
export function editByHand(
  sheets: SheetsFake,
  tab: string,
  idHeader: string,
  id: string,
  values: Record<string, Cell>,
): void {
  const grid = sheets.getGrid(tab);
  const header = (grid[0] ?? []).map(String);
  const row = grid.findIndex((r) => r[header.indexOf(idHeader)] === id);
  if (row < 1) throw new Error(`${tab} has no row ${id}`);
  for (const [name, value] of Object.entries(values)) {
    const column = header.indexOf(name);
    if (column < 0) throw new Error(`${tab} has no header "${name}"`);
    sheets.setCell(tab, row, column, value);
  }
}

/** Deletes the row whose `idHeader` cell is `id`, as an organizer would (the rows below move up). */
export function deleteByHand(sheets: SheetsFake, tab: string, idHeader: string, id: string): void {
  const grid = sheets.getGrid(tab);
  const column = (grid[0] ?? []).map(String).indexOf(idHeader);
  if (column < 0) throw new Error(`${tab} has no header "${idHeader}"`);
  if (!grid.some((r, i) => i > 0 && r[column] === id)) throw new Error(`${tab} has no row ${id}`);
  sheets.setGrid(
    tab,
    grid.filter((r, i) => i === 0 || r[column] !== id),
  );
}

/**
 * Everything in the Outbox due by `horizon` has been sent and marked (nothing Scheduled is due; `Due` read in
 * `zone`), and the stack is idle: any second effect would be there to see.
 */
export async function outboxSettled(
  stack: Pick<Stack, 'sheets' | 'idle'>,
  zone: string,
  horizon: DateTime<boolean> = DateTime.utc(),
): Promise<void> {
  await waitFor(
    'every due Outbox row to be sent',
    () =>
      !rowsOf(stack.sheets, 'Outbox').some(
        (m) =>
          (m.Status === 'Scheduled' || m.Status === 'Sending') &&
          serialToDateTime(Number(m.Due), zone) <= horizon,
      ),
    { timeoutMs: 20_000 },
  );
  await stack.idle();
}

/**
 * Every line the functions log to stdout from now on (still printed), for checks that something never reaches
 * a log line. Call it in `beforeAll`, and `vi.restoreAllMocks()` in `afterAll`.
 */
export function recordLogLines(): string[] {
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk, ...rest) => {
    lines.push(...String(chunk).split('\n'));
    return write(chunk, ...(rest as []));
  });
  return lines;
}

/** The scheduler's tick at `at`, accepted, and everything it planned and sent done. */
export async function tickAt(stack: Stack, at: DateTime): Promise<void> {
  const answer = await stack.tick({ now: at.toISO() as string });
  expect(answer.status, answer.text).toBe(200);
  await stack.idle();
}

/** Sets a Settings value as an organizer would. */
export function setSetting(sheets: SheetsFake, key: string, value: string): void {
  const grid = sheets.getGrid('Settings');
  const header = (grid[0] ?? []).map(String);
  const row = grid.findIndex((r) => r[header.indexOf('Setting')] === key);
  if (row < 1) throw new Error(`Settings has no "${key}" row`);
  sheets.setCell('Settings', row, header.indexOf('Value'), value);
}

/** Every message the Slack fake accepted, as text. */
export function postedTexts(slack: SlackFake): string[] {
  return slack
    .callsTo('chat.postMessage')
    .filter(accepted)
    .map((c) => String(c.args.text));
}

/** A Slack call the fake answered with success. */
export const accepted = (c: RecordedCall) => c.status === 200 && !c.error;

/** Messages Slack took for a channel, or for a user's DM (the Slack adapter posts a DM to the user's ID). */
export function postsTo(slack: SlackFake, channel: string): RecordedCall[] {
  return slack.callsTo('chat.postMessage').filter((c) => accepted(c) && c.args.channel === channel);
}

export const textsTo = (slack: SlackFake, channel: string) =>
  postsTo(slack, channel).map((c) => String(c.args.text));

export interface Answer {
  status: number;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked by the assertions
  json: any;
  ms: number;
}

export async function post(url: string, body: string, headers: Record<string, string>): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', body, headers });
  const text = await response.text();
  const ms = performance.now() - started;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json, ms };
}

export interface FormRequest {
  /** Unix seconds; default now. */
  timestamp?: number;
  secret?: string;
  /** false: no signature headers at all. */
  sign?: boolean;
  /** Sent instead of the computed signature. */
  signature?: string;
}

export function formHeaders(body: string, options: FormRequest = {}): Record<string, string> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (options.sign === false) return headers;
  const timestamp = options.timestamp ?? nowSeconds();
  headers['X-Form-Timestamp'] = String(timestamp);
  headers['X-Form-Signature'] =
    options.signature ?? signFormBody(options.secret ?? FORM_SECRET, timestamp, body);
  return headers;
}

export interface SlackRequest {
  timestamp?: number;
  secret?: string;
  sign?: boolean;
  signature?: string;
  contentType?: string;
  retryNum?: number;
}

export function slackHeaders(body: string, options: SlackRequest = {}): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': options.contentType ?? 'application/json',
  };
  if (options.retryNum !== undefined) {
    headers['X-Slack-Retry-Num'] = String(options.retryNum);
    headers['X-Slack-Retry-Reason'] = 'http_timeout';
  }
  if (options.sign === false) return headers;
  const timestamp = options.timestamp ?? nowSeconds();
  headers['X-Slack-Request-Timestamp'] = String(timestamp);
  headers['X-Slack-Signature'] =
    options.signature ?? signSlackBody(options.secret ?? SLACK_SECRET, timestamp, body);
  return headers;
}

/** The email a test person named `name` uses: `grace.hopper@example.org`. */
export const emailOf = (name: string) => `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.org`;

/**
 * A cause with exactly one effect in the leaders channel, for tests of the runtime's mechanics: an anonymous
 * report form submission about `name`. The writer files it as one Incidents row (About = `name`), one Audit row
 * (Key = the work's identity, actor `(confidential)`, action `incident.reported`) and one Outbox row (Kind
 * `incident.post`, To the leaders channel, About the incident ID), sent as one post that mentions `name`.
 * Use a name of its own per test, so its rows and post are told apart from the others'.
 */
export function noteSubmission(
  options: { responseId?: string; name?: string; submittedAt?: string } = {},
): Record<string, unknown> {
  return {
    form: 'report',
    ...(options.responseId ? { responseId: options.responseId } : {}),
    submittedAt: options.submittedAt ?? new Date().toISOString(),
    answers: noteAnswers(options.name ?? 'Ada Lovelace'),
  };
}

const NOTE_DETAILS = 'Spam in #general';

/** The answers of `noteSubmission`, by question title, as the relay sends them to the forms door. */
export function noteAnswers(name: string): Record<string, string> {
  return { 'Who or what is this about?': name, 'What happened?': NOTE_DETAILS };
}

/** The same answers under the report form's keys, as work handed straight to the writer carries them. */
export function noteWorkAnswers(name: string): { about: string; details: string } {
  return { about: name, details: NOTE_DETAILS };
}

/** The Outbox Kind of the post a note makes. */
export const NOTE_KIND = 'incident.post';

/** The Action of the Audit row a note makes (Actor `(confidential)`, Target the incident ID). */
export const NOTE_ACTION = 'incident.reported';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether `text` mentions `word` whole: `Person 1` is not mentioned by `Person 10`, nor `IN-1` by `IN-12`. */
export function mentions(text: unknown, word: string): boolean {
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(word)}(?![\\p{L}\\p{N}])`, 'u').test(
    String(text ?? ''),
  );
}

/** The Incidents rows of reports about `name`: About is the answer as typed. */
export function noteIncidents(sheets: SheetsFake, name: string): Record<string, Cell>[] {
  return rowsOf(sheets, 'Incidents').filter((r) => r.About === name);
}

/** The Incidents row of the report about `name`; undefined until it is written, an error if there are several. */
export function noteIncident(sheets: SheetsFake, name: string): Record<string, Cell> | undefined {
  return single(noteIncidents(sheets, name), `Incidents rows about "${name}"`);
}

/**
 * Every Outbox row about the incidents of reports about `name`: About is the incident ID (or starts with it, as
 * escalations' and copies' do), whatever the Kind, so a second message of any kind is counted.
 */
export function noteRows(sheets: SheetsFake, name: string): Record<string, Cell>[] {
  const ids = noteIncidents(sheets, name).map((r) => String(r['Incident ID']));
  return rowsOf(sheets, 'Outbox').filter((r) => ids.some((id) => mentions(r.About, id)));
}

/** The Outbox row of the incident about `name`; undefined until it is written, an error if there are several. */
export function noteRow(sheets: SheetsFake, name: string): Record<string, Cell> | undefined {
  return single(noteRows(sheets, name), `Outbox rows about the incident about "${name}"`);
}

function single<T>(rows: T[], what: string): T | undefined {
  if (rows.length > 1) throw new Error(`${rows.length} ${what}, expected one`);
  return rows[0];
}

/** Every chat.postMessage call whose text mentions `name`, accepted or not. */
export function noteCalls(slack: SlackFake, name: string): RecordedCall[] {
  return slack.callsTo('chat.postMessage').filter((c) => mentions(c.args.text, name));
}

/** The posts Slack accepted whose text mentions `name`. */
export function notePosts(slack: SlackFake, name: string): RecordedCall[] {
  return noteCalls(slack, name).filter((c) => c.status === 200 && !c.error);
}

/** The messages in the Slack fake whose text mentions `name`. */
export function noteMessages(slack: SlackFake, name: string): FakeMessage[] {
  return [...slack.messages.values()].filter((m) => mentions(m.text, name));
}

/** The permalink the Slack fake gives a top-level message. */
export const permalinkOf = (message: FakeMessage) =>
  `https://hearth-test.slack.com/archives/${message.channel}/p${message.ts.replace('.', '')}`;

export function joinSubmission(
  options: { responseId?: string; name?: string; email?: string; submittedAt?: string } = {},
): Record<string, unknown> {
  return {
    form: 'join',
    ...(options.responseId ? { responseId: options.responseId } : {}),
    submittedAt: options.submittedAt ?? new Date().toISOString(),
    answers: {
      Name: options.name ?? 'Ada Lovelace',
      Email: options.email ?? 'ada@example.org',
      'I agree to the ground rules': 'Yes',
    },
  };
}

/** Slack's team_join event for `user` (id, name), whose profile carries `email`: a signed body for the door. */
export function teamJoinBody(user: { id: string; name: string }, email: string, eventId: string): string {
  const event = JSON.parse(slackFixture('team_join.json'));
  event.event_id = eventId;
  event.event_time = nowSeconds();
  event.event.user = {
    ...event.event.user,
    id: user.id,
    name: user.name,
    real_name: user.name,
    profile: { ...event.event.user.profile, email, real_name: user.name },
  };
  return JSON.stringify(event);
}

/** Work handed straight to the writer (`POST /work`), as Cloud Tasks re-delivers it past the door's memory. */
export function redeliver(stack: Stack, work: Record<string, unknown>): Promise<Answer> {
  return post(`${stack.url.writer}/work`, JSON.stringify(work), {
    'Content-Type': 'application/json',
    Authorization: `Bearer ${SCHEDULER_TOKEN}`,
  });
}

/** Provisions the fake spreadsheet as `npm run provision` would, and points Leaders channel at `channel`. */
export async function provisionFake(sheets: SheetsFake, channel = '#leaders'): Promise<void> {
  const store = createGoogleGridStore({ spreadsheetId: sheets.spreadsheetId, rootUrl: sheets.rootUrl });
  await provision(store, createWorkbook(store));
  setSetting(sheets, 'Leaders channel', channel);
}

/** A Workbook of its own over the fake: another process's view of the same spreadsheet. */
export function fakeWorkbook(sheets: SheetsFake): Workbook {
  return createWorkbook(
    createGoogleGridStore({ spreadsheetId: sheets.spreadsheetId, rootUrl: sheets.rootUrl }),
  );
}

export interface StackOptions {
  /** ALLOW_TIME_TRAVEL; default unset. */
  allowTimeTravel?: boolean;
  /** Sheets fake latency from the start (provisioning runs without it). */
  sheetsLatency?: Latency;
  /** LOG_LEVEL for a test that reads the log lines (default: the suite's, warn). */
  logLevel?: 'info';
  /**
   * Slack's pacing (posts to one channel, group DMs opened): none by default (Slack's own has its test in
   * chat-slack.test.ts; here it would only make each test wait).
   */
  slackPacing?: { postMs?: number; openMs?: number };
  /** The clock of the functions (default the system's). */
  clock?: Clock;
}

export interface Stack {
  sheets: SheetsFake;
  slack: SlackFake;
  /** `#leaders`, which the bot is in. */
  leaders: FakeChannel;
  url: { forms: string; slack: string; writer: string; scheduler: string };
  form(body: unknown, options?: FormRequest): Promise<Answer>;
  slackRequest(body: string, options?: SlackRequest): Promise<Answer>;
  /** POST /scheduler with the bearer token. */
  tick(body?: Record<string, unknown>): Promise<Answer>;
  /**
   * Resolves once everything handed over so far is applied and every Slack message of it sent (what the local
   * stack's `GET /idle` answers): after it, a second effect would already be there to see.
   */
  idle(): Promise<void>;
  /** Clears the fakes' records (stats, requests, Slack calls). */
  resetRecords(): void;
  close(): Promise<void>;
}

/** The configuration variables a test sets or a developer's shell might hold. */
export const ENV_KEYS = [
  'SHEETS_BACKEND',
  'LOCAL_WORKBOOK',
  'SPREADSHEET_ID',
  'SHEETS_API_ROOT_URL',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_API_URL',
  'FORM_RELAY_SECRET',
  'SCHEDULER_TOKEN',
  'DRY_RUN',
  'ALLOW_TIME_TRAVEL',
  'CLOUD_TASKS_QUEUE',
  'WRITER_URL',
  'TASKS_SERVICE_ACCOUNT',
  'K_SERVICE',
] as const;

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

let stacks = 0;

/**
 * The fakes, a provisioned spreadsheet and the three functions (functions/handlers.ts, as functions/index.ts
 * registers them), each served by the Functions Framework's own test server and configured from a config
 * object, never from process.env: a test file may start several stacks.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const sheets = await startSheetsFake();
  const slack = await startSlackFake();
  await provisionFake(sheets);
  const leaders = slack.seedChannel({ name: 'leaders', is_member: true, is_private: true });
  if (options.sheetsLatency) sheets.setLatency(options.sheetsLatency);

  const config = loadConfig({
    SHEETS_BACKEND: 'google',
    // The journal and the ID ledger live beside it: each stack has its own.
    LOCAL_WORKBOOK: join(mkdtempSync(join(tmpdir(), 'hearth-stack-')), 'group.xlsx'),
    SPREADSHEET_ID: sheets.spreadsheetId,
    SHEETS_API_ROOT_URL: sheets.rootUrl,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_API_URL: slack.apiUrl,
    SLACK_SIGNING_SECRET: SLACK_SECRET,
    FORM_RELAY_SECRET: FORM_SECRET,
    SCHEDULER_TOKEN,
    ...(options.allowTimeTravel ? { ALLOW_TIME_TRAVEL: 'true' } : {}),
    LOG_LEVEL: options.logLevel ?? process.env.LOG_LEVEL,
  });
  const runtime = createRuntime(config, {
    slackPacing: options.slackPacing ?? { postMs: 0, openMs: 0 },
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const handlers = createHandlers(runtime);
  // Before the framework makes its servers: oversized and unparseable bodies are refused in front of them.
  guardFunctionServers();
  const id = ++stacks;
  const serve = (name: 'forms' | 'slack' | 'writer') => {
    functions.http(`${name}-${id}`, handlers[name]);
    return getTestServer(`${name}-${id}`);
  };
  const servers = { forms: serve('forms'), slack: serve('slack'), writer: serve('writer') };
  const base = {
    forms: await listen(servers.forms),
    slack: await listen(servers.slack),
    writer: await listen(servers.writer),
  };
  const url = {
    forms: `${base.forms}/forms`,
    slack: `${base.slack}/slack/events`,
    writer: base.writer,
    scheduler: `${base.writer}/scheduler`,
  };

  const resetRecords = () => {
    sheets.resetStats();
    slack.calls.length = 0;
  };
  resetRecords();

  return {
    sheets,
    slack,
    leaders,
    url,
    form: (body, request) => {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      return post(url.forms, text, formHeaders(text, request));
    },
    slackRequest: (body, request) => post(url.slack, body, slackHeaders(body, request)),
    tick: (body) =>
      post(url.scheduler, body ? JSON.stringify(body) : '', {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${SCHEDULER_TOKEN}`,
      }),
    idle: () => runtimeIdle(runtime),
    resetRecords,
    async close() {
      for (const server of Object.values(servers)) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      await slack.close();
      await sheets.close();
    },
  };
}

/**
 * The hand-over has delivered what it holds to the writer, and the writer has written and sent all of it. Work
 * held for a paused tab waits for its next try and does not count.
 */
async function runtimeIdle(runtime: Runtime): Promise<void> {
  const handOver = (await runtime.handOver()) as InProcessHandOver;
  const writer = await runtime.writer();
  await handOver.idle();
  await writer.idle();
}

/** `https://…/archives/C123/p1700000000000100` → its channel and ts; a test fails on anything else. */
export function messageOf(permalink: Cell): { channel: string; ts: string } {
  const message = parsePermalink(String(permalink));
  if (!message) throw new Error(`not a message link: ${String(permalink)}`);
  return message;
}

let clicks = 0;
/** A block_actions click on a button of `message`, shaped like Slack's (tests/fixtures/slack), form-encoded. */
export function buttonClick(c: {
  user: string;
  action: string;
  value: string;
  message: { channel: string; ts: string };
  actionTs?: string;
}): string {
  const payload = JSON.parse(
    new URLSearchParams(slackFixture('block_actions.message-button.form.txt')).get('payload') as string,
  );
  payload.user = { ...payload.user, id: c.user, username: c.user.toLowerCase(), name: c.user.toLowerCase() };
  payload.container = { ...payload.container, message_ts: c.message.ts, channel_id: c.message.channel };
  payload.channel = { id: c.message.channel };
  payload.message = { ...payload.message, ts: c.message.ts };
  payload.actions = [
    {
      action_id: c.action,
      block_id: c.action.split(':')[0],
      text: { type: 'plain_text', text: c.action },
      value: c.value,
      type: 'button',
      action_ts: c.actionTs ?? `${nowSeconds()}.${String(++clicks).padStart(6, '0')}`,
    },
  ];
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** Slack's app_home_opened event (tests/fixtures/slack), for `user` opening Hearth's `tab`: a signed body. */
export function appHomeOpenedBody(user: string, eventId: string, tab: 'home' | 'messages' = 'home'): string {
  const body = JSON.parse(slackFixture('app_home_opened.json'));
  body.event_id = eventId;
  body.event_time = nowSeconds();
  body.event = { ...body.event, user, tab, event_ts: `${nowSeconds()}.000100` };
  return JSON.stringify(body);
}

/**
 * A block_actions click on a button of `user`'s App Home: as a message's (buttonClick), but its container is the
 * home view, and there is no channel nor message.
 */
export function homeButtonClick(c: { user: string; action: string; value: string; viewId: string }): string {
  const params = new URLSearchParams(
    buttonClick({ ...c, message: { channel: 'C0UNUSED01', ts: '1.000001' } }),
  );
  const {
    channel: _channel,
    message: _message,
    response_url: _url,
    ...payload
  } = JSON.parse(params.get('payload') as string);
  payload.container = { type: 'view', view_id: c.viewId };
  payload.view = {
    id: c.viewId,
    type: 'home',
    blocks: [],
    callback_id: '',
    hash: '1.2',
    app_id: 'A0HEARTH01',
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
