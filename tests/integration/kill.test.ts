/**
 * `kill -9` of the local stack (scripts/dev-server.ts, as `npm start` runs it) at the two worst moments: after
 * the doors answered 202 and before the writer wrote, and after a Slack post and before its Sent mark. After a
 * restart every accepted item is applied once and no message is sent twice.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { expect, it, type TestContext } from 'vitest';
import { createLocalGridStore } from '../../sheets-schema/local.js';
import { startSheetsFake } from '../fakes/sheets-fake.js';
import {
  ENV_KEYS,
  emailOf,
  FORM_SECRET,
  formHeaders,
  joinSubmission,
  noteSubmission,
  post,
  provisionFake,
  rowsOf,
  SCHEDULER_TOKEN,
  SLACK_SECRET,
  waitFor,
} from './helpers.js';
import { freePort, type Started, startDevServer } from './processes.js';

/** One test's own scratch directory, port and stack, all gone when the test ends. */
async function scratch({ onTestFinished }: TestContext) {
  const dir = await mkdtemp(join(tmpdir(), 'hearth-kill-'));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ENV_KEYS) delete env[name];
  Object.assign(env, {
    LOCAL_WORKBOOK: join(dir, 'group.xlsx'),
    PORT: String(await freePort()),
    FORM_RELAY_SECRET: FORM_SECRET,
    SCHEDULER_TOKEN,
    ALLOW_TIME_TRAVEL: 'true',
    SAMPLE_GROUP: 'false',
  });
  let server: Started | undefined;
  onTestFinished(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });
  const base = () => `http://127.0.0.1:${env.PORT}`;
  return {
    dir,
    env,
    base,
    /** `npm start` with `env` as it is now; the one started before must have exited. */
    async startServer() {
      server = await startDevServer(env);
      return server;
    },
    async submit(body: Record<string, unknown>) {
      const text = JSON.stringify(body);
      const answer = await post(`${base()}/forms`, text, formHeaders(text));
      expect(answer.status, answer.text).toBe(202);
    },
    async tick(now: DateTime) {
      const answer = await post(`${base()}/scheduler`, JSON.stringify({ now: now.toISO() }), {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${SCHEDULER_TOKEN}`,
      });
      expect(answer.status, answer.text).toBe(200);
    },
    async transcript() {
      return (await readFile(join(dir, 'slack.jsonl'), 'utf8').catch(() => ''))
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { kind: string; text: string; messageId?: string });
    },
  };
}

// The two tests run side by side, each with its own stack: one waits on slow writes while the other works.
it.concurrent('kill -9 after 30 accepted joins and before any was written: after a restart all 30 are there, once each', async (context) => {
  const { dir, env, base, startServer, submit, tick } = await scratch(context);
  let server = await startServer();
  // The workbook is open in LibreOffice, so nothing can be written: every join is only in the journal.
  const lock = join(dir, '.~lock.group.xlsx#');
  await writeFile(lock, 'organizer,laptop,1234;');
  const names = Array.from({ length: 30 }, (_, i) => `Killed Joiner ${i + 1}`);
  await Promise.all(
    names.map((name, i) =>
      submit(joinSubmission({ name, email: emailOf(name), responseId: `kill-join-${i}` })),
    ),
  );
  const health = (await (await fetch(`${base()}/healthz`)).json()) as Record<string, unknown>;
  expect(health).toMatchObject({ waiting: 30, blocked: expect.stringContaining('open in LibreOffice') });
  await server.kill();
  const store = createLocalGridStore({ path: env.LOCAL_WORKBOOK as string });
  const members = async () => {
    const [header = [], ...rows] = (await store.readTabs(['Members'])).get('Members') ?? [];
    return rows.map((row) => String(row[header.indexOf('Email')] ?? ''));
  };
  expect(await members()).toEqual([]);

  await rm(lock);
  server = await startServer();
  const all = await waitFor('all 30 joins applied', async () => (await members()).length >= 30 && members(), {
    timeoutMs: 30_000,
    intervalMs: 200,
  });
  expect([...all].sort()).toEqual(names.map(emailOf).sort());
  // Applied once: a second restart replays nothing.
  await server.stop();
  server = await startServer();
  await tick(DateTime.utc());
  expect((await members()).length).toBe(30);
}, 90_000);

it.concurrent('kill -9 after Slack posts and before their Sent marks: after a restart none is posted again', async (context) => {
  const { env, startServer, submit, tick, transcript } = await scratch(context);
  const sheets = await startSheetsFake();
  context.onTestFinished(() => sheets.close());
  await provisionFake(sheets);
  Object.assign(env, {
    SHEETS_BACKEND: 'google',
    SPREADSHEET_ID: sheets.spreadsheetId,
    SHEETS_API_ROOT_URL: sheets.rootUrl,
    SLACK_SIGNING_SECRET: SLACK_SECRET,
  });
  let server = await startServer();
  const fake = sheets;
  // Slow writes: the Sent marks are still on their way when the posts are out.
  fake.setLatency({ writeMs: 1_500 });
  const names = Array.from({ length: 5 }, (_, i) => `Posted Twice ${i + 1}`);
  await Promise.all(names.map((name, i) => submit(noteSubmission({ name, responseId: `kill-post-${i}` }))));
  await waitFor(
    'the 5 posts in the transcript',
    async () =>
      (await transcript()).filter((e) => e.kind === 'post' && names.some((n) => e.text.includes(n)))
        .length === 5,
    { timeoutMs: 20_000, intervalMs: 10 },
  );
  // Every write from now on fails (the marks never land), and the process dies.
  fake.failNext(10_000, 503);
  await server.kill();
  fake.failNext(0);
  fake.setLatency({ writeMs: 0 });
  const outbox = () => rowsOf(fake, 'Outbox').filter((m) => m.Kind === 'incident.post');
  expect(outbox().filter((m) => m.Status === 'Sending').length).toBeGreaterThan(0);

  server = await startServer();
  // Once the posts are in doubt, each is looked for in the transcript by its Message ID, found, and marked Sent.
  await tick(DateTime.utc().plus({ minutes: 6 }));
  await waitFor(
    'every post marked Sent',
    () => outbox().length === 5 && outbox().every((m) => m.Status === 'Sent'),
    {
      timeoutMs: 20_000,
      intervalMs: 100,
    },
  );
  const posts = (await transcript()).filter(
    (e) => e.kind === 'post' && names.some((n) => e.text.includes(n)),
  );
  expect(posts).toHaveLength(5);
  expect(new Set(posts.map((p) => p.messageId)).size).toBe(5);
}, 90_000);
