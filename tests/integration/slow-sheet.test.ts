/**
 * The sheet is slow (2.5 s a call) and the writer is busy: a leader's button click is still acknowledged at
 * once (Slack gives up after 3 s), and its effect shows moments later.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  notePosts,
  noteSubmission,
  postedTexts,
  rowsOf,
  type Stack,
  slackFixture,
  startStack,
  waitFor,
} from './helpers.js';

const SHEET_CALL_MS = 2_500;

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ sheetsLatency: { readMs: SHEET_CALL_MS, writeMs: SHEET_CALL_MS } });
});

afterAll(async () => {
  await stack?.close();
});

it('acks a signed button click in under 1 s while the writer waits on the sheet, and applies it afterwards', async () => {
  // Something for the writer to be busy with first: its snapshot alone takes seconds.
  const form = await stack.form(noteSubmission({ responseId: 'slow-sheet-1', name: 'Busy Writer' }));
  expect(form.status).toBe(202);
  expect(form.ms).toBeLessThan(1_000);
  await waitFor(
    'the writer to be reading the sheet',
    () => stack.sheets.stats.get + stack.sheets.stats.batchGet > 0,
  );

  const click = await stack.slackRequest(slackFixture('block_actions.message-button.form.txt'), {
    contentType: 'application/x-www-form-urlencoded',
  });
  console.log(`slow sheet: form answered in ${form.ms.toFixed(0)} ms, click in ${click.ms.toFixed(0)} ms`);
  expect(click.status).toBe(200);
  expect(click.ms).toBeLessThan(1_000);
  // Nothing was written when the click was answered.
  expect(rowsOf(stack.sheets, 'Audit')).toEqual([]);
  expect(stack.slack.callsTo('chat.postMessage')).toEqual([]);
  // The sheet recovers: what follows is the same work applied, once, without waiting out seconds a call.
  stack.sheets.setLatency({ readMs: 0, writeMs: 0 });

  const key = 'slack:action:1678252213.679169:button:U111:1678252216.469172';
  const audit = await waitFor(
    'the click in Audit',
    () => rowsOf(stack.sheets, 'Audit').find((r) => r.Key === key),
    { timeoutMs: 40_000, intervalMs: 100 },
  );
  expect(audit).toMatchObject({ Action: 'slack.action.button', Actor: 'U111', Target: 'clicked' });
  await waitFor(
    'the leaders to be told of the click',
    () => postedTexts(stack.slack).includes('<@U111> pressed button.'),
    { timeoutMs: 20_000, intervalMs: 100 },
  );
  expect(postedTexts(stack.slack).filter((t) => t === '<@U111> pressed button.')).toHaveLength(1);
  expect(rowsOf(stack.sheets, 'Audit').filter((r) => r.Key === key)).toHaveLength(1);
  // And the report the writer was busy with had its one effect.
  await waitFor(
    'the leaders to be told of the report',
    () => notePosts(stack.slack, 'Busy Writer').length > 0,
    {
      timeoutMs: 20_000,
      intervalMs: 100,
    },
  );
  expect(notePosts(stack.slack, 'Busy Writer')).toHaveLength(1);
  expect(rowsOf(stack.sheets, 'Audit').filter((r) => r.Key === 'form:slow-sheet-1')).toHaveLength(1);
}, 90_000);
