/**
 * The Slack door under a busy workspace: 100 signed message events a second for a minute, as Slack sends the
 * `message.channels` and `message.groups` of the channels Hearth is in. Most are chatter, thread replies,
 * bots' posts, edits, deletions and joins, which the door drops at once; a few are questions, handed to the
 * writer. The door and the writer run as `npm start` runs them (the Functions Framework on the built code, the
 * in-process hand-over to the writer), in a process of their own; the Sheets fake (with Google-like latency),
 * the Slack fake and the load run here. Measured: every ack's time, and what the writer read and wrote.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signSlackBody } from '../../functions/signatures.js';
import { createGoogleGridStore } from '../../sheets-schema/google.js';
import { provision } from '../../sheets-schema/provision.js';
import { createWorkbook } from '../../sheets-schema/workbook.js';
import { startSheetsFake } from '../../tests/fakes/sheets-fake.js';
import { type FakeChannel, startSlackFake } from '../../tests/fakes/slack-fake.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const FF_MAIN = 'node_modules/@google-cloud/functions-framework/build/src/main.js';
const SECRET = 'bench-slack-signing-secret';
const TEMPLATE = JSON.parse(
  readFileSync(new URL('../../tests/fixtures/slack/message.channels.json', import.meta.url), 'utf8'),
) as { event: Record<string, unknown> } & Record<string, unknown>;

/** What each 100 events are: a busy workspace's mix, questions among the fewest. */
const MIX = {
  chatter: 52,
  'thread reply': 20,
  'bot post': 10,
  edit: 8,
  join: 3,
  deletion: 2,
  'file share': 2,
  'Slack retry': 1,
  question: 2,
} as const;
type Kind = keyof typeof MIX;

export interface DoorLoadFigures {
  rate: number;
  seconds: number;
  sent: number;
  byKind: Record<Kind, number>;
  statuses: Record<string, number>;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  overOneSecond: number;
  /** Pieces of work the writer took (from its log), in how many batches. */
  reachedWriter: number;
  batches: number;
  /** Sheets API calls while the load ran and until the last question was written. */
  reads: number;
  writes: number;
  questionsAsked: number;
  questionsRecorded: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

/** The kinds of one second, spread over it (the same order every second). */
function secondOfKinds(): Kind[] {
  const kinds = Object.entries(MIX).flatMap(([kind, n]) => Array<Kind>(n).fill(kind as Kind));
  // A fixed interleaving, so the few questions are not bunched at one end of the second.
  return kinds
    .map((kind, i) => ({ kind, at: (i * 37) % kinds.length }))
    .sort((a, b) => a.at - b.at)
    .map((k) => k.kind);
}

export async function slackDoorLoad(rate = 100, seconds = 60): Promise<DoorLoadFigures> {
  const sheets = await startSheetsFake();
  const store = createGoogleGridStore({ spreadsheetId: sheets.spreadsheetId, rootUrl: sheets.rootUrl });
  await provision(store, createWorkbook(store));
  const slack = await startSlackFake();
  slack.seedChannel({ name: 'leaders', is_private: true });
  const channels: FakeChannel[] = [
    ...['general', 'help', 'random', 'events', 'introductions', 'jobs'].map((name) =>
      slack.seedChannel({ name }),
    ),
    ...['organisers-chat', 'mentors'].map((name) => slack.seedChannel({ name, is_private: true })),
  ];
  const people = Array.from({ length: 60 }, (_, i) => `U07PERSON${String(i).padStart(2, '0')}`);

  const port = await freePort();
  const child = spawn(process.execPath, [FF_MAIN, '--target=slack', '--source=dist/functions/index.js'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      SHEETS_BACKEND: 'google',
      SPREADSHEET_ID: sheets.spreadsheetId,
      SHEETS_API_ROOT_URL: sheets.rootUrl,
      // The in-process hand-over's journal and the ID ledger live beside it.
      LOCAL_WORKBOOK: join(mkdtempSync(join(tmpdir(), 'hearth-bench-door-')), 'group.xlsx'),
      SLACK_BOT_TOKEN: slack.token,
      SLACK_API_URL: slack.apiUrl,
      SLACK_SIGNING_SECRET: SECRET,
      FORM_RELAY_SECRET: 'bench-form',
      SCHEDULER_TOKEN: 'bench-tick',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const started = setInterval(() => {
      if (output.includes('URL:')) {
        clearInterval(started);
        resolve();
      }
    }, 20);
    child.once('exit', () => reject(new Error(`the slack function did not start:\n${output}`)));
  });

  let n = 0;
  const url = `http://127.0.0.1:${port}/slack/events`;
  const questions: string[] = [];
  const sentBodies: string[] = [];
  /** One message event of `kind`, signed, as Slack sends it; a question is also put in the Slack fake. */
  const eventOf = (kind: Kind): { body: string; retry: boolean } => {
    if (kind === 'Slack retry' && sentBodies.length > 0)
      return { body: sentBodies[Math.floor(sentBodies.length / 2)] as string, retry: true };
    n++;
    const channel = channels[n % channels.length] as FakeChannel;
    const user = people[n % people.length] as string;
    const ts = `${Math.floor(Date.now() / 1000)}.${String(n % 1_000_000).padStart(6, '0')}`;
    const event: Record<string, unknown> = {
      ...TEMPLATE.event,
      channel: channel.id,
      channel_type: channel.is_private ? 'group' : 'channel',
      user,
      ts,
      event_ts: ts,
      text: 'Sounds good, see you there',
    };
    if (kind === 'thread reply') Object.assign(event, { thread_ts: '1796230000.000100', text: 'Same here?' });
    if (kind === 'bot post')
      Object.assign(event, { subtype: 'bot_message', bot_id: 'B07GITHUB01', user: undefined });
    if (kind === 'edit')
      Object.assign(event, { subtype: 'message_changed', hidden: true, message: { ts, text: 'Edited?' } });
    if (kind === 'deletion')
      Object.assign(event, { subtype: 'message_deleted', hidden: true, deleted_ts: ts });
    if (kind === 'join')
      Object.assign(event, { subtype: 'channel_join', text: `<@${user}> has joined the channel` });
    if (kind === 'file share') Object.assign(event, { subtype: 'file_share', text: 'the slides' });
    if (kind === 'question') {
      event.text = 'Does anyone know where Thursday’s meetup is?';
      slack.seedMessage({ channel: channel.id, user, text: String(event.text), ts });
      questions.push(`${channel.id}/${ts}`);
    }
    const body = JSON.stringify({
      ...TEMPLATE,
      event_id: `Ev07B${String(n).padStart(6, '0')}`,
      event_time: Number(ts.split('.')[0]),
      event,
    });
    sentBodies.push(body);
    return { body, retry: false };
  };
  const send = async ({ body, retry }: { body: string; retry: boolean }) => {
    const stamp = Math.floor(Date.now() / 1000);
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': String(stamp),
        'x-slack-signature': signSlackBody(SECRET, stamp, body),
        ...(retry ? { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } : {}),
      },
    });
    await response.text();
    return { status: response.status, ms: performance.now() - started };
  };

  // Warm: the door's bolt and the writer are loaded, and the writer knows the sheet, as in a running stack.
  await send(eventOf('question'));
  await waitForRows(() => rowsIn('Questions'), 1);
  sheets.setLatency({ readMs: 200, writeMs: 400 });
  slack.setLatency(50);
  sheets.resetStats();
  const logFrom = output.length;
  const asked = questions.length;

  const kinds = secondOfKinds();
  const byKind = Object.fromEntries(Object.keys(MIX).map((k) => [k, 0])) as Record<Kind, number>;
  const answers: Promise<{ status: number; ms: number }>[] = [];
  const start = performance.now();
  for (let i = 0; i < rate * seconds; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    const kind = kinds[i % kinds.length] as Kind;
    byKind[kind]++;
    answers.push(send(eventOf(kind)));
  }
  const done = await Promise.all(answers);
  const questionsAsked = questions.length - asked;
  await waitForRows(() => rowsIn('Questions'), questions.length);

  const writerBatches = output
    .slice(logFrom)
    .split('\n')
    .flatMap((line) => {
      try {
        const entry = JSON.parse(line) as { message?: string; items?: number };
        return entry.message === 'writer batch applied' ? [entry.items ?? 0] : [];
      } catch {
        return [];
      }
    });
  const sorted = done.map((d) => d.ms).sort((a, b) => a - b);
  const statuses: Record<string, number> = {};
  for (const { status } of done) statuses[status] = (statuses[status] ?? 0) + 1;
  const figures: DoorLoadFigures = {
    rate,
    seconds,
    sent: done.length,
    byKind,
    statuses,
    p50Ms: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    maxMs: sorted.at(-1) ?? 0,
    overOneSecond: sorted.filter((ms) => ms >= 1000).length,
    reachedWriter: writerBatches.reduce((a, b) => a + b, 0),
    batches: writerBatches.length,
    reads: sheets.stats.batchGet + sheets.stats.get,
    writes: sheets.stats.batchUpdate,
    questionsAsked,
    questionsRecorded: rowsIn('Questions') - asked,
  };
  child.kill('SIGTERM');
  await exited;
  await Promise.all([sheets.close(), slack.close()]);
  return figures;

  function rowsIn(tab: string): number {
    return sheets
      .getGrid(tab)
      .slice(1)
      .filter((row) => row.some((cell) => cell !== null && cell !== '')).length;
  }
}

/** Waits (at most a minute) until `count()` reaches `n`: the writer has written what it was handed. */
async function waitForRows(count: () => number, n: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (count() < n) {
    if (Date.now() > deadline) throw new Error(`the writer wrote ${count()} of ${n} questions in a minute`);
    await sleep(50);
  }
}
