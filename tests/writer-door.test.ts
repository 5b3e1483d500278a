/**
 * The writer's door on its own, through the Functions Framework's test server: work the queue is about to
 * drop (its last attempt failed) is logged once as a dead letter, by identity only, never with its payload.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { memoryLogger } from '../functions/log.js';
import { createWriterDoor, DEAD_LETTER_MESSAGE, TASK_MAX_ATTEMPTS } from '../functions/writer/door.js';
import type { Writer } from '../functions/writer/index.js';
import { REPORT_CALLBACK_ID } from '../workflows/moderation/messages.js';
import { submittedModal } from './fakes/inputs.js';

const log = memoryLogger();
const failing = { submit: async () => Promise.reject(new Error('sheet unreachable')) } as unknown as Writer;
let server: Server;
let url: string;

beforeAll(async () => {
  functions.http(
    'writer-door-test',
    createWriterDoor({ writer: async () => failing, token: undefined, allowTimeTravel: false, log }),
  );
  server = getTestServer('writer-door-test');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/work`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const work = submittedModal(REPORT_CALLBACK_ID, {
  identity: 'slack:view:V0DEADLETTER',
  receivedAt: '2026-12-01T10:00:00Z',
  user: 'U0REPORTER1',
  values: { details: 'secret words' },
  metadata: {},
});

async function deliver(retries: number): Promise<number> {
  const answer = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-CloudTasks-TaskRetryCount': String(retries) },
    body: JSON.stringify(work),
  });
  return answer.status;
}

it('logs the last failed attempt as a dead letter, by identity only', async () => {
  expect(await deliver(0)).toBe(500);
  expect(log.entries.filter((e) => e.message === DEAD_LETTER_MESSAGE)).toHaveLength(0);
  expect(await deliver(TASK_MAX_ATTEMPTS - 1)).toBe(500);
  const dead = log.entries.filter((e) => e.message === DEAD_LETTER_MESSAGE);
  expect(dead).toHaveLength(1);
  expect(dead[0]).toMatchObject({
    severity: 'ERROR',
    fields: { identity: 'slack:view:V0DEADLETTER', kind: 'report_view', attempts: TASK_MAX_ATTEMPTS },
  });
  expect(JSON.stringify(log.entries)).not.toContain('U0REPORTER1');
  expect(JSON.stringify(log.entries)).not.toContain('secret words');
});
