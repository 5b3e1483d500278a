/**
 * The test stack is configured from a config object, never from process.env: one file can run two stacks side
 * by side, each with its own sheet, Slack, journal and writer, and neither sees the other's work.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { noteIncident, noteSubmission, type Stack, startStack } from './helpers.js';

let one: Stack;
let two: Stack;

beforeAll(async () => {
  [one, two] = await Promise.all([startStack(), startStack()]);
});

afterAll(async () => {
  await Promise.all([one?.close(), two?.close()]);
});

it('runs two stacks in one file, each applying only its own work', async () => {
  const [a, b] = await Promise.all([
    one.form(noteSubmission({ responseId: 'stack-one', name: 'Only One' })),
    two.form(noteSubmission({ responseId: 'stack-two', name: 'Only Two' })),
  ]);
  expect([a.status, b.status]).toEqual([202, 202]);
  await Promise.all([one.idle(), two.idle()]);

  expect(noteIncident(one.sheets, 'Only One')).toBeDefined();
  expect(noteIncident(one.sheets, 'Only Two')).toBeUndefined();
  expect(noteIncident(two.sheets, 'Only Two')).toBeDefined();
  expect(noteIncident(two.sheets, 'Only One')).toBeUndefined();
  expect(one.slack.callsTo('chat.postMessage').map((c) => c.args.text)).not.toContainEqual(
    expect.stringContaining('Only Two'),
  );
});
