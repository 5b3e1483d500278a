import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../common/clock.js';
import { ErrorCode, HandOverError } from '../common/errors.js';
import { createFileJournal, createMemoryJournal } from '../functions/journal.js';
import {
  type CloudTasksHandOverOptions,
  createCloudTasksHandOver,
  taskId,
} from '../functions/queue-cloud-tasks.js';
import { createInProcessHandOver } from '../functions/queue-in-process.js';
import type { Work } from '../functions/work.js';
import { handOverKey } from '../workflows/inputs.js';
import { type CloudTasksFake, FAKE_OIDC_TOKEN, startCloudTasksFake } from './fakes/cloud-tasks-fake.js';
import { reportInput } from './fakes/inputs.js';
import { waitFor } from './integration/helpers.js';

const QUEUE = 'projects/hearth-test/locations/europe-west1/queues/hearth-writer';
const WRITER = 'https://writer-abc123-ew.a.run.app';
const ACCOUNT = 'hearth-tasks@hearth-test.iam.gserviceaccount.com';

const work = (identity = 'form:resp-1') =>
  reportInput(
    { identity, submittedAt: '2025-03-01T10:00:00.000Z', respondentEmail: 'ada@example.org' },
    { about: 'EV-7', details: 'Déjà vu — ünïcode ✓', urgency: 'High' },
  );

let fake: CloudTasksFake | undefined;
let writer: Server | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  await new Promise((resolve) => (writer ? writer.close(resolve) : resolve(undefined)));
  writer = undefined;
  vi.unstubAllEnvs();
});

async function setUp(options: Partial<CloudTasksHandOverOptions> = {}) {
  fake = await startCloudTasksFake();
  const pauses: number[] = [];
  const handOver = createCloudTasksHandOver({
    queue: QUEUE,
    writerUrl: WRITER,
    serviceAccountEmail: ACCOUNT,
    apiRootUrl: fake.url,
    getAccessToken: async () => 'test-access-token',
    // The pauses are recorded, not waited: the budget still runs on the real time.
    clock: { now: systemClock.now, sleep: async (ms) => void pauses.push(ms) },
    ...options,
  });
  return { fake, handOver, pauses };
}

describe('Cloud Tasks hand-over', () => {
  it('creates one task per identity: a second hand-over of the same work is a no-op', async () => {
    const { fake, handOver } = await setUp();
    expect(handOver.kind).toBe('cloud-tasks');
    await handOver.handOver(work());
    await handOver.handOver(work());
    await handOver.handOver(work('form:resp-2'));
    expect(fake.tasks.map((t) => t.name)).toEqual([
      `${QUEUE}/tasks/${taskId(handOverKey(work()))}`,
      `${QUEUE}/tasks/${taskId(handOverKey(work('form:resp-2')))}`,
    ]);
    expect(fake.calls.map((c) => c.status)).toEqual([200, 409, 200]);
  });

  it('hands over an edited form response (same responseId, a later timestamp) as new work', async () => {
    const { fake, handOver } = await setUp();
    await handOver.handOver(work());
    await handOver.handOver({ ...work(), submittedAt: '2025-03-01T11:00:00.000Z' });
    expect(fake.calls.map((c) => c.status)).toEqual([200, 200]);
  });

  it('names tasks with a hex hash that fits any identity', () => {
    const id = taskId('slack:action:1712345678.000100:rsvp_yes:U123:1712345679.123456');
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(taskId('form:resp-1')).not.toBe(taskId('form:resp-2'));
  });

  it('sends the work as a base64 JSON POST to the writer with an OIDC token, over an authenticated call', async () => {
    const { fake, handOver } = await setUp();
    await handOver.handOver(work());
    const [task] = fake.tasks;
    expect(JSON.parse(task?.body ?? '')).toEqual(work());
    expect(task).toMatchObject({
      url: `${WRITER}/work`,
      httpMethod: 'POST',
      headers: { 'Content-Type': 'application/json' },
      oidcToken: { serviceAccountEmail: ACCOUNT, audience: WRITER },
      dispatchDeadline: '300s',
    });
    expect(fake.calls[0]?.authorization).toBe('Bearer test-access-token');
  });

  it('uses the writer URL without a trailing slash as the audience', async () => {
    const { fake, handOver } = await setUp({ writerUrl: `${WRITER}/` });
    await handOver.handOver(work());
    expect(fake.tasks[0]).toMatchObject({ url: `${WRITER}/work`, oidcToken: { audience: WRITER } });
  });

  it('tries again after a 429 and succeeds', async () => {
    const { fake, handOver, pauses } = await setUp();
    fake.failNext(429);
    await handOver.handOver(work());
    expect(fake.calls.map((c) => c.status)).toEqual([429, 200]);
    expect(fake.tasks).toHaveLength(1);
    expect(pauses).toHaveLength(1);
  });

  it('tries again after a network error', async () => {
    let failed = false;
    const flaky: typeof fetch = async (input, init) => {
      if (!failed) {
        failed = true;
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }),
        });
      }
      return fetch(input, init);
    };
    const { fake, handOver } = await setUp({ fetch: flaky });
    await handOver.handOver(work());
    expect(fake.tasks).toHaveLength(1);
  });

  it('gives up briefly on a persistent 503 with a retryable HANDOVER_FAILED', async () => {
    const { fake, handOver, pauses } = await setUp();
    fake.failNext(503, 10);
    const error = await handOver.handOver(work()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HandOverError);
    expect(error).toMatchObject({ code: ErrorCode.HandOverFailed, retryable: true, status: 503 });
    expect((error as HandOverError).hint).toMatch(/try again/);
    expect((error as Error).message).toContain('UNAVAILABLE');
    expect(fake.calls).toHaveLength(3);
    expect(pauses).toEqual([200, 400]);
  });

  it('stops when its caller can wait no longer (the signal), retryable, and creates nothing', async () => {
    const { fake, handOver } = await setUp();
    fake.setLatency(5_000);
    const started = performance.now();
    const error = await handOver
      .handOver(work(), { signal: AbortSignal.timeout(150) })
      .catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(error).toMatchObject({ code: ErrorCode.HandOverFailed, retryable: true });
    expect(fake.tasks).toEqual([]);
  });

  it('does not retry a refusal', async () => {
    const { fake, handOver } = await setUp();
    fake.failNext(403);
    const error = await handOver.handOver(work()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.HandOverFailed, retryable: true, status: 403 });
    expect((error as HandOverError).hint).toMatch(/cloudtasks\.enqueuer/);
    expect(fake.calls).toHaveLength(1);
  });

  it('fails a bad request for good, without quoting the token', async () => {
    const { fake, handOver } = await setUp({ getAccessToken: async () => 'ya29.secret-token' });
    fake.failNext(400);
    const error = await handOver.handOver(work()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.HandOverFailed, retryable: false, status: 400 });
    expect(String((error as Error).message)).not.toContain('secret');
  });

  it('refuses a queue that is not a queue path', () => {
    expect(() =>
      createCloudTasksHandOver({ queue: 'hearth-writer', writerUrl: WRITER, serviceAccountEmail: ACCOUNT }),
    ).toThrow(HandOverError);
  });

  it('falls back to a placeholder token against an emulator when no credentials are found', async () => {
    vi.stubEnv('GOOGLE_APPLICATION_CREDENTIALS', '/nonexistent/hearth-credentials.json');
    fake = await startCloudTasksFake();
    const handOver = createCloudTasksHandOver({
      queue: QUEUE,
      writerUrl: WRITER,
      serviceAccountEmail: ACCOUNT,
      apiRootUrl: fake.url,
    });
    await handOver.handOver(work());
    expect(fake.tasks).toHaveLength(1);
    expect(fake.calls[0]?.authorization).toBe('Bearer emulator-placeholder-token');
  });
});

describe('Cloud Tasks fake', () => {
  async function post(body: unknown, auth = true) {
    fake ??= await startCloudTasksFake();
    const response = await fetch(`${fake.url}v2/${QUEUE}/tasks`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(auth ? { Authorization: 'Bearer t' } : {}) },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { error?: { status?: string } } };
  }
  const task = (overrides: Record<string, unknown> = {}) => ({
    task: {
      name: `${QUEUE}/tasks/abc`,
      httpRequest: { url: `${WRITER}/work`, body: 'e30=', oidcToken: { serviceAccountEmail: ACCOUNT } },
      ...overrides,
    },
  });

  it('validates like Google', async () => {
    expect((await post(task(), false)).body.error?.status).toBe('UNAUTHENTICATED');
    expect((await post(task({ name: `${QUEUE}/tasks/a:b` }))).status).toBe(400);
    expect((await post(task({ name: `${QUEUE}/tasks/${'a'.repeat(501)}` }))).status).toBe(400);
    expect((await post(task({ name: 'projects/p/locations/l/queues/other/tasks/abc' }))).status).toBe(400);
    expect((await post(task({ httpRequest: { url: `${WRITER}/work`, body: 'e30=' } }))).status).toBe(400);
    expect(
      (
        await post(
          task({
            httpRequest: {
              url: `${WRITER}/work`,
              body: 'not base64!',
              oidcToken: { serviceAccountEmail: ACCOUNT },
            },
          }),
        )
      ).status,
    ).toBe(400);
    expect((await post(task({ dispatchDeadline: '5s' }))).status).toBe(400);
    expect((await post(task())).status).toBe(200);
    expect(await post(task())).toEqual({
      status: 409,
      body: { error: { code: 409, message: 'Requested entity already exists', status: 'ALREADY_EXISTS' } },
    });
  });
});

describe('dispatch to the writer', () => {
  async function startWriter(answers: number[]) {
    const received: { body: string; authorization?: string; taskName?: string }[] = [];
    writer = createServer(async (req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      received.push({
        body: Buffer.concat(chunks).toString('utf8'),
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        ...(typeof req.headers['x-cloudtasks-taskname'] === 'string'
          ? { taskName: req.headers['x-cloudtasks-taskname'] }
          : {}),
      });
      res.writeHead(answers.shift() ?? 200).end();
    });
    await new Promise<void>((resolve) => writer?.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(writer.address() as AddressInfo).port}`, received };
  }

  it('delivers the task to the writer with a bearer OIDC token, retrying non-2xx', async () => {
    const local = await startWriter([503]);
    fake = await startCloudTasksFake({ dispatch: true, backoffMs: 1 });
    const handOver = createCloudTasksHandOver({
      queue: QUEUE,
      writerUrl: local.url,
      serviceAccountEmail: ACCOUNT,
      apiRootUrl: fake.url,
      getAccessToken: async () => 'test-access-token',
    });
    await handOver.handOver(work());
    await handOver.handOver(work());
    await fake.idle();
    expect(local.received).toHaveLength(2);
    expect(JSON.parse(local.received[1]?.body ?? '')).toEqual(work());
    expect(local.received[1]).toMatchObject({
      authorization: `Bearer ${FAKE_OIDC_TOKEN}`,
      taskName: taskId(handOverKey(work())),
    });
    expect(fake.tasks[0]?.dispatch).toEqual({ state: 'succeeded', attempts: 2, outcomes: [503, 200] });
  });

  it('gives a task up after max attempts', async () => {
    const local = await startWriter([500, 500, 500]);
    fake = await startCloudTasksFake({ dispatch: true, maxAttempts: 3, backoffMs: 1 });
    const handOver = createCloudTasksHandOver({
      queue: QUEUE,
      writerUrl: local.url,
      serviceAccountEmail: ACCOUNT,
      apiRootUrl: fake.url,
      getAccessToken: async () => 'test-access-token',
    });
    await handOver.handOver(work());
    await fake.idle();
    expect(fake.tasks[0]?.dispatch).toMatchObject({ state: 'failed', attempts: 3 });
  });
});

describe('in-process hand-over', () => {
  it('delivers once, after the door has returned, and idle() settles', async () => {
    const delivered: Work[] = [];
    const handOver = createInProcessHandOver(async (w) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      delivered.push(w);
    });
    expect(handOver.kind).toBe('in-process');
    await handOver.handOver(work());
    await handOver.handOver(work());
    expect(delivered).toHaveLength(0);
    await handOver.idle();
    expect(delivered).toEqual([work()]);
  });

  it('keeps work that failed or was held and tries it again until it is applied, once', async () => {
    const log = vi.fn();
    const answers: ('fail' | 'held' | 'ok')[] = ['fail', 'held', 'ok'];
    const tries: string[] = [];
    const journal = createMemoryJournal();
    const handOver = createInProcessHandOver(
      async (w) => {
        const answer = answers.shift() ?? 'ok';
        tries.push(`${w.identity}:${answer}`);
        if (answer === 'fail') throw new Error('writer down');
        return { status: answer === 'held' ? 'held' : 'applied' };
      },
      log,
      { journal, retryDelayMs: () => 5 },
    );
    await handOver.handOver(work());
    expect(journal.entries.size).toBe(1); // on record before the door answers
    await handOver.handOver(work()); // a re-send while it waits is the same work
    await waitFor('the third try', () => tries.length === 3 && handOver.waiting() === 0);
    await handOver.idle();
    expect(tries).toEqual(['form:resp-1:fail', 'form:resp-1:held', 'form:resp-1:ok']);
    expect(journal.entries.size).toBe(0);
    expect(log).toHaveBeenCalledWith(
      expect.any(String),
      expect.objectContaining({ identity: 'form:resp-1', error: 'writer down' }),
    );
  });

  it('hands over again, at start, what the journal kept', async () => {
    const journal = createMemoryJournal();
    await journal.put(handOverKey(work('form:kept')), work('form:kept'));
    const delivered: string[] = [];
    const handOver = createInProcessHandOver(
      async (w) => {
        delivered.push(w.identity);
      },
      undefined,
      { journal },
    );
    expect(await handOver.replay()).toBe(1);
    await handOver.idle();
    expect(delivered).toEqual(['form:kept']);
    expect(journal.entries.size).toBe(0);
  });

  it('reads what an older version kept in the journal as today’s work, and keeps what it cannot read', async () => {
    const journal = createMemoryJournal();
    const old = {
      kind: 'form',
      identity: 'form:old',
      form: 'report',
      submittedAt: '2025-03-01T10:00:00.000Z',
      answers: { about: 'EV-7', details: 'Déjà vu' },
    };
    const unreadable = { kind: 'fax', identity: 'form:fax' };
    await journal.put('form:old', old as unknown as Work);
    await journal.put('form:fax', unreadable as unknown as Work);
    const delivered: Work[] = [];
    const log = vi.fn();
    const handOver = createInProcessHandOver(async (w) => void delivered.push(w), log, { journal });
    expect(await handOver.replay()).toBe(1);
    await handOver.idle();
    expect(delivered).toEqual([expect.objectContaining({ kind: 'report_form', identity: 'form:old' })]);
    expect([...journal.entries.keys()]).toEqual(['form:fax']);
    expect(log).toHaveBeenCalledWith(
      'Accepted work in the journal cannot be read; it is kept there and not applied',
      expect.objectContaining({ identity: 'form:fax' }),
    );
  });

  it('remembers a bounded number of identities', async () => {
    const delivered: string[] = [];
    const handOver = createInProcessHandOver(
      async (w) => {
        delivered.push(w.identity);
      },
      undefined,
      { remember: 2 },
    );
    for (const id of ['a', 'b', 'c', 'a']) {
      await handOver.handOver(work(id));
      await handOver.idle();
    }
    // 'a' was forgotten when 'c' came, so it went through again (the writer dedupes it).
    expect(delivered).toEqual(['a', 'b', 'c', 'a']);
  });
});

describe('the file journal', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'hearth-journal-'));

  it('keeps what was put and not done across a reopen, in order, and compacts what was done', async () => {
    const file = join(dir(), 'journal.jsonl');
    const first = createFileJournal(file);
    await Promise.all(['a', 'b', 'c'].map((id) => first.put(id, work(`form:${id}`))));
    await first.done('b');
    await first.put('d', work('form:d'));
    const again = createFileJournal(file);
    expect((await again.pending()).map((p) => p.key)).toEqual(['a', 'c', 'd']);
    // Reopening rewrote the file with only what is pending.
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it('ignores a last line torn by a crash: it was never flushed, so never answered', async () => {
    const file = join(dir(), 'journal.jsonl');
    const journal = createFileJournal(file);
    await journal.put('a', work('form:a'));
    appendFileSync(file, '{"put":"b","work":{"kind":"fo');
    expect((await createFileJournal(file).pending()).map((p) => p.key)).toEqual(['a']);
  });
});
