/**
 * The doors refuse what they must, with a reason, and nothing changes: no write reaches the sheet and nothing
 * is said in Slack. This file runs with ALLOW_TIME_TRAVEL unset, so a tick carrying `now` is refused too.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { streamedPost } from '../streamed-post.js';
import {
  formHeaders,
  noteSubmission,
  nowSeconds,
  post,
  SCHEDULER_TOKEN,
  type Stack,
  slackFixture,
  startStack,
} from './helpers.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
  // A first tick loads the writer (and the Sheets client), so anything a refused request wrongly hands over
  // would reach the fake within milliseconds.
  expect((await stack.tick()).status).toBe(200);
  await stack.idle();
  stack.resetRecords();
});

/** Nothing reached the sheet (not even a read: the writer never started) and nothing was said in Slack. */
function expectNothingChanged(): void {
  expect(stack.sheets.stats, 'Sheets API requests').toMatchObject({ get: 0, batchGet: 0, batchUpdate: 0 });
  expect(stack.slack.calls, 'Slack Web API calls').toEqual([]);
}

afterEach(async () => {
  await stack.idle(); // what a wrongly accepted request handed over would be applied by now
  try {
    expectNothingChanged();
  } finally {
    stack.resetRecords(); // one test's fault is reported by that test alone
  }
});

afterAll(async () => {
  try {
    await stack.idle();
    expectNothingChanged();
  } finally {
    await stack?.close();
  }
});

describe('POST /forms refuses', () => {
  const body = JSON.stringify(noteSubmission({ responseId: 'refused-1' }));

  it('an unsigned submission: 401', async () => {
    const answer = await stack.form(body, { sign: false });
    expect(answer.status).toBe(401);
    expect(answer.json.error).toMatch(/missing X-Form-Timestamp or X-Form-Signature/);
  });

  it('a badly signed submission: 401', async () => {
    const answer = await stack.form(body, { secret: 'not-the-relay-secret' });
    expect(answer.status).toBe(401);
    expect(answer.json.error).toMatch(/X-Form-Signature does not match/);
  });

  it.each([
    ['6 minutes old', -6 * 60, /more than 5 minutes old/],
    ['6 minutes in the future', 6 * 60, /more than 5 minutes in the future/],
    ['a year in the future', 365 * 24 * 3600, /more than 5 minutes in the future/],
  ])('a submission dated %s: 401', async (_, offset, reason) => {
    const answer = await stack.form(body, { timestamp: nowSeconds() + offset });
    expect(answer.status).toBe(401);
    expect(answer.json.error).toMatch(reason);
  });

  it('an oversized submission (> 64 KB): 413', async () => {
    const big = JSON.stringify({ ...noteSubmission(), padding: 'x'.repeat(70 * 1024) });
    const answer = await stack.form(big);
    expect(answer.status).toBe(413);
    expect(answer.json.error).toMatch(/body over 65536 bytes/);
  });

  it('malformed JSON, correctly signed: 400 with the reason', async () => {
    const broken = '{"form": "join", "answers": {';
    // As text, the body reaches the door, which checks the signature and then says what is wrong.
    const answer = await post(stack.url.forms, broken, {
      ...formHeaders(broken),
      'Content-Type': 'text/plain',
    });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe('the body is not JSON');
  });

  it('malformed JSON declared as application/json: our JSON 400, never an HTML page', async () => {
    // The framework's body parser refuses it before the door runs; the guard in front answers for it.
    const answer = await stack.form('{"form": "join", "answers": {');
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: 'the body is not valid JSON', fix: 'send a JSON object' });
  });

  it('an unknown form, correctly signed: 400 naming the forms', async () => {
    const answer = await stack.form({ ...noteSubmission(), form: 'survey' });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatch(/"form" must be one of join, rsvp, report/);
  });
});

describe('POST /slack/events refuses', () => {
  const event = slackFixture('team_join.json');

  it('an unsigned request: 401', async () => {
    const answer = await stack.slackRequest(event, { sign: false });
    expect(answer.status).toBe(401);
    expect(answer.json.error).toMatch(/signature|timestamp/i);
  });

  it('a request with a bad signature: 401', async () => {
    const answer = await stack.slackRequest(event, { secret: 'not-the-signing-secret' });
    expect(answer.status).toBe(401);
    expect(answer.json.error).toMatch(/signature mismatch/i);
  });

  it.each([
    ['6 minutes old', -6 * 60, /stale|old|timestamp/i],
    ['6 minutes in the future', 6 * 60, /more than 5 minutes in the future/],
    ['a year in the future', 365 * 24 * 3600, /more than 5 minutes in the future/],
  ])('a request dated %s: 401', async (_, offset, reason) => {
    const answer = await stack.slackRequest(event, { timestamp: nowSeconds() + offset });
    expect(answer.status).toBe(401);
    expect(answer.json.error).toMatch(reason);
  });

  it('a request dated 4 minutes in the future (a fast clock) is taken', async () => {
    const answer = await stack.slackRequest(slackFixture('url_verification.json'), {
      timestamp: nowSeconds() + 4 * 60,
    });
    expect(answer.status).toBe(200);
  });

  it('malformed JSON: our JSON 400, never the framework’s HTML page', async () => {
    const answer = await stack.slackRequest('{"type": "event_callback", "event": {');
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: 'the body is not valid JSON', fix: 'send a JSON object' });
  });

  it('a 200 MB body is refused while it streams in', async () => {
    const answer = await streamedPost(stack.url.slack, 200 * 1024 * 1024, { declare: false });
    expect(answer.status).toBe(413);
    expect(answer.sent).toBeLessThan(16 * 1024 * 1024);
  });

  it('an oversized request (> 1 MB): 413', async () => {
    const big = JSON.stringify({ ...JSON.parse(event), padding: 'x'.repeat(1024 * 1024 + 1) });
    const answer = await stack.slackRequest(big);
    expect(answer.status).toBe(413);
    expect(answer.json.error).toMatch(/body over 1048576 bytes/);
  });

  it('answers url_verification with its challenge', async () => {
    const body = slackFixture('url_verification.json');
    const answer = await stack.slackRequest(body);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ challenge: JSON.parse(body).challenge });
  });
});

describe('the writer refuses', () => {
  it('a tick without a bearer token: 401', async () => {
    const answer = await post(stack.url.scheduler, '', { 'Content-Type': 'application/json' });
    expect(answer.status).toBe(401);
    expect(answer.json.error).toBe('missing or wrong bearer token');
  });

  it('a tick with the wrong bearer token: 401', async () => {
    const answer = await post(stack.url.scheduler, '', {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${SCHEDULER_TOKEN}-not`,
    });
    expect(answer.status).toBe(401);
  });

  it('work without a bearer token: 401', async () => {
    const answer = await post(`${stack.url.writer}/work`, JSON.stringify({ kind: 'form' }), {
      'Content-Type': 'application/json',
    });
    expect(answer.status).toBe(401);
  });

  it('a tick carrying "now" when ALLOW_TIME_TRAVEL is not true: 400', async () => {
    const answer = await stack.tick({ now: '2026-12-01T09:00:00Z' });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatch(/ALLOW_TIME_TRAVEL=true/);
  });
});
