/**
 * The Slack door's answer never waits past ACK_BUDGET_MS (2.5 s) after the request arrived, whatever the
 * hand-over is doing: a Cloud Tasks call that hangs (a cold token, a slow API) is stopped and the request is
 * answered 503, so Slack delivers an event again, and a person sees an error and can click again. The door runs
 * on the Functions Framework's own server; the hand-over is the real Cloud Tasks one, against the loopback fake.
 */

import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clockAt } from '../common/clock.js';
import { Secret } from '../functions/config.js';
import { memoryLogger } from '../functions/log.js';
import { createCloudTasksHandOver } from '../functions/queue-cloud-tasks.js';
import { signSlackBody } from '../functions/signatures.js';
import { createSlackDoor } from '../functions/slack/door.js';
import { ACK_BUDGET_MS } from '../functions/slack/receiver.js';
import { type CloudTasksFake, startCloudTasksFake } from './fakes/cloud-tasks-fake.js';

const SECRET = 'slack-door-test-secret';
const fixture = (name: string) => readFileSync(new URL(`./fixtures/slack/${name}`, import.meta.url), 'utf8');
const CLICK = fixture('block_actions.message-button.form.txt').trim();
const TEAM_JOIN = fixture('team_join.json');

let tasks: CloudTasksFake;
let server: Server;
let base: string;
/** How long before the request the process "received" it: what a cold start spends before the door runs. */
let coldMs = 0;

beforeAll(async () => {
  tasks = await startCloudTasksFake();
  const handOver = createCloudTasksHandOver({
    queue: 'projects/hearth-test/locations/europe-west2/queues/hearth-writer',
    writerUrl: 'https://hearth-writer-abc123-nw.a.run.app',
    serviceAccountEmail: 'hearth-invoker@hearth-test.iam.gserviceaccount.com',
    apiRootUrl: tasks.url,
  });
  const door = createSlackDoor({
    signingSecret: new Secret(SECRET),
    botToken: undefined,
    apiUrl: undefined,
    handOver: async () => handOver,
    chat: async () => {
      throw new Error('no Slack calls in these tests');
    },
    clock: clockAt(() => DateTime.utc()),
    log: memoryLogger(),
  });
  functions.http('slack-door-test', (req, res) => door(req, res, Date.now() - coldMs));
  server = getTestServer('slack-door-test');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await tasks.close();
});

beforeEach(() => {
  coldMs = 0;
  tasks.setLatency(0);
  tasks.tasks.length = 0;
});

async function send(body: string, contentType: string) {
  const ts = Math.floor(Date.now() / 1000);
  const started = performance.now();
  const response = await fetch(base, {
    method: 'POST',
    headers: {
      'Content-Type': contentType,
      'X-Slack-Request-Timestamp': String(ts),
      'X-Slack-Signature': signSlackBody(SECRET, ts, body),
    },
    body,
  });
  await response.text();
  return { status: response.status, ms: performance.now() - started };
}

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

describe('the Slack door answers within its budget', () => {
  it.each([
    ['a button click', CLICK, FORM],
    ['an event', TEAM_JOIN, JSON_TYPE],
  ])('%s handed over at once: 200, one task', async (_, body, type) => {
    const answer = await send(body, type);
    expect(answer.status).toBe(200);
    expect(tasks.tasks).toHaveLength(1);
  });

  it.each([
    ['a button click', CLICK, FORM],
    ['an event', TEAM_JOIN, JSON_TYPE],
  ])('%s whose hand-over hangs: 503 at the budget, not after it', async (_, body, type) => {
    tasks.setLatency(10_000);
    const answer = await send(body, type);
    expect(answer.status).toBe(503);
    expect(answer.ms).toBeGreaterThanOrEqual(ACK_BUDGET_MS - 100);
    expect(answer.ms).toBeLessThan(ACK_BUDGET_MS + 600);
  });

  it('counts a cold start: 2 s spent before the door ran leave it 0.5 s', async () => {
    coldMs = 2_000;
    tasks.setLatency(10_000);
    const answer = await send(TEAM_JOIN, JSON_TYPE);
    expect(answer.status).toBe(503);
    expect(answer.ms).toBeLessThan(ACK_BUDGET_MS - coldMs + 600);
  });

  it('an event refused for being late is handed over once when Slack delivers it again', async () => {
    const event = JSON.stringify({ ...JSON.parse(TEAM_JOIN), event_id: 'Ev07LATE0001' });
    tasks.setLatency(10_000);
    expect((await send(event, JSON_TYPE)).status).toBe(503);
    tasks.setLatency(0);
    expect((await send(event, JSON_TYPE)).status).toBe(200);
    expect((await send(event, JSON_TYPE)).status).toBe(200);
    expect(tasks.tasks).toHaveLength(1);
  });
});
