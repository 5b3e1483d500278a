/**
 * Cold start of each function under the google backend, as Cloud Functions starts it (the Functions Framework
 * on the built code): from process start to the first handled request, side by side with a process that only
 * imports the packages that path loads. Also lists what each path loads (exceljs must not be there), and starts
 * the framework alone with a function that answers at once ("floor"): its own share of any cold start.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { signFormBody, signSlackBody } from '../../functions/signatures.js';
import { createGoogleGridStore } from '../../sheets-schema/google.js';
import { provision } from '../../sheets-schema/provision.js';
import { createWorkbook } from '../../sheets-schema/workbook.js';
import { startCloudTasksFake } from '../../tests/fakes/cloud-tasks-fake.js';
import { startSheetsFake } from '../../tests/fakes/sheets-fake.js';
import { startSlackFake } from '../../tests/fakes/slack-fake.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const FF_MAIN = 'node_modules/@google-cloud/functions-framework/build/src/main.js';
const SPY = './scripts/bench/module-spy.mjs';
const SHEETS_TIMER = './scripts/bench/sheets-timer.mjs';
const FF_SERVER = './node_modules/@google-cloud/functions-framework/build/src/server.js';
const OURS = 'dist/functions/index.js';
/** The framework alone, with a function that answers at once: what any function pays before its own code. */
const SOURCES: Record<string, string> = { floor: 'scripts/bench/floor-function.mjs' };
const DIRECT: string[] = Object.keys(
  (JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { dependencies: Record<string, string> })
    .dependencies,
);

export interface ColdStartRow {
  target: string;
  /** From process start to the first answer. */
  coldMs: number;
  /** Of which: from process start until the framework listens (our code and its packages loaded). */
  upMs: number;
  /**
   * Of which: the first request until its answer. Each function imports what only its requests need then (the
   * writer its Google and Slack clients), and the writer's answer is a tick: its first sheet reads and write.
   */
  answerMs: number;
  /** Of which: waiting for Google Sheets and reading its answers (the writer's tick; none for the doors). */
  sheetsMs: number;
  importMs: number;
  /** Start to first answer, its Sheets calls counted apart, against the import time. */
  ratio: number;
  packages: string[];
  status: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function runUntilExit(args: string[]): Promise<{ ms: number; stderr: string }> {
  const start = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve) => child.on('exit', () => resolve({ ms: performance.now() - start, stderr })));
}

const modulesOf = (stderr: string): string[] =>
  JSON.parse(/HEARTH_MODULES (.*)/.exec(stderr)?.[1] ?? '[]') as string[];

async function coldStart(
  target: string,
  env: Record<string, string>,
  request: (port: number) => Promise<Response>,
  spy: boolean,
): Promise<{
  ms: number;
  upMs: number;
  answerMs: number;
  sheetsMs: number;
  status: number;
  packages: string[];
}> {
  const port = await freePort();
  const start = performance.now();
  const child = spawn(
    process.execPath,
    [
      '--import',
      spy ? SPY : SHEETS_TIMER,
      FF_MAIN,
      `--target=${target}`,
      `--source=${SOURCES[target] ?? OURS}`,
    ],
    {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  // The framework prints its URL once it listens: the first request goes out then.
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('URL:')) resolve();
    });
    child.once('exit', () => reject(new Error(`${target} did not start:\n${stderr}`)));
  });
  const upMs = performance.now() - start;
  const status = (await request(port)).status;
  const ms = performance.now() - start;
  child.kill('SIGTERM');
  await exited;
  const sheetsMs = Number([...stderr.matchAll(/HEARTH_SHEETS_MS (\S+)/g)].at(-1)?.[1] ?? 0);
  return { ms, upMs, answerMs: ms - upMs, sheetsMs, status, packages: modulesOf(stderr) };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

const secrets = {
  FORM_RELAY_SECRET: 'bench-form',
  SLACK_SIGNING_SECRET: 'bench-slack',
  SCHEDULER_TOKEN: 'bench-tick',
};

/** The loopback fakes a cold function talks to, and the environment that points it at them. */
async function benchEnvironment() {
  const sheets = await startSheetsFake();
  await provision(
    createGoogleGridStore({ spreadsheetId: sheets.spreadsheetId, rootUrl: sheets.rootUrl }),
    createWorkbook(createGoogleGridStore({ spreadsheetId: sheets.spreadsheetId, rootUrl: sheets.rootUrl })),
  );
  const tasks = await startCloudTasksFake();
  const slack = await startSlackFake();
  slack.seedChannel({ name: 'leaders', is_member: true });
  const env = {
    ...secrets,
    K_SERVICE: 'bench',
    SHEETS_BACKEND: 'google',
    SPREADSHEET_ID: sheets.spreadsheetId,
    SHEETS_API_ROOT_URL: sheets.rootUrl,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_API_URL: slack.apiUrl,
    CLOUD_TASKS_QUEUE: 'projects/bench/locations/europe-west1/queues/hearth',
    CLOUD_TASKS_API_ROOT_URL: tasks.url,
    WRITER_URL: 'http://127.0.0.1:9/writer',
    TASKS_SERVICE_ACCOUNT: 'hearth-tasks@bench.iam.gserviceaccount.com',
  };
  const close = () => Promise.all([sheets.close(), tasks.close(), slack.close()]);
  return { sheets, tasks, slack, env, close };
}

/** A signed Slack request to a door on `port`. */
function slackPost(port: number, body: string, contentType: string): Promise<Response> {
  const ts = Math.floor(Date.now() / 1000);
  return fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    body,
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signSlackBody(secrets.SLACK_SIGNING_SECRET, ts, body),
    },
  });
}

export async function coldStarts(runs = 3): Promise<ColdStartRow[]> {
  const { env, close } = await benchEnvironment();
  let n = 0;
  const requests: Record<string, (port: number) => Promise<Response>> = {
    forms: (port) => {
      const body = JSON.stringify({
        form: 'join',
        responseId: `bench-${n++}`,
        submittedAt: new Date().toISOString(),
        answers: { Name: 'Ada', Email: 'ada@example.org', 'I agree to the ground rules': 'Yes' },
      });
      const ts = Math.floor(Date.now() / 1000);
      return fetch(`http://127.0.0.1:${port}/`, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          'x-form-timestamp': String(ts),
          'x-form-signature': signFormBody(secrets.FORM_RELAY_SECRET, ts, body),
        },
      });
    },
    slack: (port) => {
      const payload = {
        type: 'block_actions',
        user: { id: 'U0BENCH' },
        team: { id: 'T0' },
        container: { type: 'message', message_ts: '1.2', channel_id: 'C0' },
        channel: { id: 'C0' },
        trigger_id: 't',
        actions: [{ type: 'button', action_id: 'bench', block_id: 'b', value: 'v', action_ts: String(n++) }],
      };
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      return slackPost(port, body, 'application/x-www-form-urlencoded');
    },
    floor: (port) => fetch(`http://127.0.0.1:${port}/`, { method: 'POST' }),
    writer: (port) =>
      fetch(`http://127.0.0.1:${port}/scheduler`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secrets.SCHEDULER_TOKEN}` },
      }),
  };
  const rows: ColdStartRow[] = [];
  for (const target of ['floor', 'forms', 'slack', 'writer']) {
    const cold: { ms: number; upMs: number; answerMs: number; sheetsMs: number }[] = [];
    const imports: number[] = [];
    const request = requests[target] as (port: number) => Promise<Response>;
    // One run with the module spy lists what the path loads; the timed runs go without it (it slows imports).
    const { packages, status } = await coldStart(target, env, request, true);
    for (let i = 0; i < runs; i++) {
      cold.push(await coldStart(target, env, request, false));
      // What the path needs: the framework's server (what --target runs) and our direct dependencies it loaded.
      const direct = [FF_SERVER, ...packages.filter((p) => DIRECT.includes(p))];
      const script = direct.map((p) => `await import(${JSON.stringify(p)});`).join('');
      imports.push((await runUntilExit(['--input-type=module', '-e', script])).ms);
    }
    const coldMs = median(cold.map((c) => c.ms));
    const sheetsMs = median(cold.map((c) => c.sheetsMs));
    const importMs = median(imports);
    rows.push({
      target,
      coldMs,
      upMs: median(cold.map((c) => c.upMs)),
      answerMs: median(cold.map((c) => c.answerMs)),
      sheetsMs,
      importMs,
      ratio: median(cold.map((c) => c.ms - c.sheetsMs)) / importMs,
      packages: packages.filter((p) => DIRECT.includes(p)),
      status,
    });
  }
  await close();
  return rows;
}

export interface ColdSlackRow {
  request: string;
  /** How the fakes answered: Cloud Tasks' and Slack's latency per call, ms. */
  latency: string;
  /** From the process starting (the container Cloud Run starts for the request) to the first answer. */
  startToAnswerMs: number;
  /** From the first request being sent to its answer: what the door spends after it is up. */
  requestMs: number;
  status: number;
}

/**
 * A cold Slack door's first answer, end to end: a fresh `functions-framework --target=slack` on the built code,
 * its first request a click (hand-over) or the report shortcut (views.open, then hand-over), against the Cloud
 * Tasks and Slack fakes, at their own speed and slowed as a first call to Google and Slack can be. Slack counts
 * 3 s from sending; the door answers by 2.5 s after the request reached it, whatever is still pending.
 */
export async function coldSlackDoor(runs = 3): Promise<ColdSlackRow[]> {
  const { tasks, slack, env, close } = await benchEnvironment();
  let n = 0;
  const click = (port: number) => {
    const payload = {
      type: 'block_actions',
      user: { id: 'U07BENCH001' },
      team: { id: 'T07BENCH001' },
      container: { type: 'message', message_ts: '1767225600.000100', channel_id: 'C07BENCH001' },
      channel: { id: 'C07BENCH001' },
      trigger_id: slack.issueTriggerId(),
      actions: [
        { type: 'button', action_id: 'bench', block_id: 'b', value: 'v', action_ts: `1767225600.${n++}` },
      ],
    };
    return slackPost(port, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), FORM_TYPE);
  };
  const shortcut = (port: number) => {
    const payload = {
      type: 'message_action',
      callback_id: 'report_to_moderators',
      trigger_id: slack.issueTriggerId(),
      team: { id: 'T07BENCH001', domain: 'bench' },
      user: { id: 'U07BENCH001' },
      channel: { id: 'C07BENCH001' },
      message_ts: `1767225600.${n}`,
      message: { type: 'message', user: 'U07BENCH002', text: 'a message to report', ts: `1767225600.${n++}` },
    };
    return slackPost(port, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), FORM_TYPE);
  };
  const rows: ColdSlackRow[] = [];
  for (const [latencyMs, label] of [
    [0, 'none'],
    [400, '400 ms a call'],
  ] as const) {
    tasks.setLatency(latencyMs);
    slack.setLatency(latencyMs);
    for (const [name, request] of [
      ['a click (hand-over)', click],
      ['the report shortcut (views.open, hand-over)', shortcut],
    ] as const) {
      const starts: number[] = [];
      const requests: number[] = [];
      let status = 0;
      for (let i = 0; i < runs; i++) {
        let requestMs = 0;
        const timed = async (port: number) => {
          const sent = performance.now();
          const answer = await request(port);
          await answer.text();
          requestMs = performance.now() - sent;
          return answer;
        };
        const cold = await coldStart('slack', env, timed, false);
        starts.push(cold.ms);
        requests.push(requestMs);
        status = Math.max(status, cold.status);
      }
      rows.push({
        request: name,
        latency: label,
        startToAnswerMs: median(starts),
        requestMs: median(requests),
        status,
      });
    }
  }
  tasks.setLatency(0);
  slack.setLatency(0);
  await close();
  return rows;
}

const FORM_TYPE = 'application/x-www-form-urlencoded';
