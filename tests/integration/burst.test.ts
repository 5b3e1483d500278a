/**
 * A burst: 30 signed form submissions at once against a sheet with realistic latency. Each has its effect
 * once, and the writer decides and writes waiting work together (group commit), so the sheet sees far
 * fewer writes than submissions.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  mentions,
  NOTE_ACTION,
  NOTE_KIND,
  noteIncident,
  noteMessages,
  notePosts,
  noteRows,
  noteSubmission,
  permalinkOf,
  postedTexts,
  rowsOf,
  type Stack,
  startStack,
  waitFor,
} from './helpers.js';

const SUBMISSIONS = 30;

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ sheetsLatency: { readMs: 200, writeMs: 400 } });
});

afterAll(async () => {
  await stack?.close();
});

it(`applies ${SUBMISSIONS} concurrent submissions once each, in far fewer than ${SUBMISSIONS} sheet writes`, async () => {
  const people = Array.from(
    { length: SUBMISSIONS },
    (_, i) => `Burst Person ${String(i + 1).padStart(2, '0')}`,
  );
  const answers = await Promise.all(
    people.map((name, i) => stack.form(noteSubmission({ responseId: `burst-${i + 1}`, name }))),
  );
  expect(answers.map((a) => a.status)).toEqual(people.map(() => 202));
  const slowest = Math.max(...answers.map((a) => a.ms));

  await waitFor('every submission in Audit', () => rowsOf(stack.sheets, 'Audit').length >= SUBMISSIONS, {
    timeoutMs: 30_000,
    intervalMs: 100,
  });
  const writesForWork = stack.sheets.stats.batchUpdate;
  // The leaders hear of each; Slack takes about one message a second per channel.
  await waitFor(
    'every message to be Sent',
    () => rowsOf(stack.sheets, 'Outbox').filter((r) => r.Status === 'Sent').length >= SUBMISSIONS,
    { timeoutMs: 60_000, intervalMs: 250 },
  );
  await stack.idle();
  const writes = stack.sheets.stats.batchUpdate;
  console.log(
    `burst: ${SUBMISSIONS} submissions answered within ${slowest.toFixed(0)} ms; ${writesForWork} batchUpdate requests ` +
      `to record them, ${writes} in all with the Sent marks (${stack.sheets.stats.get + stack.sheets.stats.batchGet} reads)`,
  );

  const audit = rowsOf(stack.sheets, 'Audit');
  const outbox = rowsOf(stack.sheets, 'Outbox');
  expect(audit).toHaveLength(SUBMISSIONS);
  expect(outbox).toHaveLength(SUBMISSIONS);
  expect(rowsOf(stack.sheets, 'Incidents')).toHaveLength(SUBMISSIONS);
  expect(new Set(audit.map((r) => r.Key))).toEqual(new Set(people.map((_, i) => `form:burst-${i + 1}`)));
  const posted = postedTexts(stack.slack);
  people.forEach((name, i) => {
    const incident = noteIncident(stack.sheets, name);
    const id = String(incident?.['Incident ID']);
    expect(id, name).toMatch(/^IN-\d+$/);
    expect(
      audit.filter((r) => r.Key === `form:burst-${i + 1}`),
      name,
    ).toEqual([expect.objectContaining({ Action: NOTE_ACTION, Actor: '(confidential)', Target: id })]);
    expect(noteRows(stack.sheets, name), name).toEqual([
      expect.objectContaining({ Kind: NOTE_KIND, To: '#leaders', About: id, Status: 'Sent', Attempts: 1 }),
    ]);
    const posts = notePosts(stack.slack, name);
    expect(posts, name).toHaveLength(1);
    expect(posts[0]?.args.channel, name).toBe(stack.leaders.id);
    expect(mentions(posts[0]?.args.text, id), `${name}'s post names ${id}`).toBe(true);
    const messages = noteMessages(stack.slack, name);
    expect(messages, name).toHaveLength(1);
    expect(incident?.['Slack message'], name).toBe(messages[0] && permalinkOf(messages[0]));
  });
  expect(posted).toHaveLength(SUBMISSIONS);
  expect(writes).toBeLessThan(15);
}, 120_000);
