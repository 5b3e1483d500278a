/**
 * Housekeeping over HTTP: the first tick of each day moves Audit and Outbox rows older than 90 days to their
 * archive tabs, through the real writer and the Sheets fake; the next tick that day leaves them be.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ARCHIVE_TABS } from '../../sheets-schema/archive.js';
import { appendByHand, rowsOf, type Stack, startStack } from './helpers.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ allowTimeTravel: true });
});
afterAll(async () => {
  await stack?.close();
});

it('moves rows older than 90 days to the archive tabs on the first tick of a day, once', async () => {
  const now = DateTime.fromISO('2027-06-01T09:00:00Z');
  const at = (days: number) => now.minus({ days }).toFormat('yyyy-MM-dd HH:mm');
  appendByHand(stack.sheets, 'Audit', [
    { When: at(200), Actor: 'Hearth', Action: 'old.one', Target: 'x', Details: '', Key: 'k1' },
    { When: at(91), Actor: 'Hearth', Action: 'old.two', Target: 'x', Details: '', Key: 'k2' },
    { When: at(10), Actor: 'Hearth', Action: 'recent', Target: 'x', Details: '', Key: 'k3' },
  ]);
  appendByHand(stack.sheets, 'Outbox', [
    { 'Message ID': 'MSG-old', Kind: 'note', Due: at(120), To: '#leaders', About: 'old', Status: 'Sent' },
    { 'Message ID': 'MSG-new', Kind: 'note', Due: at(5), To: '#leaders', About: 'new', Status: 'Sent' },
  ]);
  expect((await stack.tick({ now: now.toISO() })).status).toBe(200);
  const audit = rowsOf(stack.sheets, 'Audit').map((r) => r.Action);
  expect(audit).toContain('recent');
  expect(audit).not.toContain('old.one');
  expect(audit).not.toContain('old.two');
  expect(rowsOf(stack.sheets, ARCHIVE_TABS.Audit).map((r) => r.Action)).toEqual(['old.one', 'old.two']);
  expect(rowsOf(stack.sheets, 'Outbox').map((r) => r['Message ID'])).not.toContain('MSG-old');
  expect(rowsOf(stack.sheets, ARCHIVE_TABS.Outbox).map((r) => r['Message ID'])).toEqual(['MSG-old']);

  // An old row that turns up later the same day waits for tomorrow's first tick.
  appendByHand(stack.sheets, 'Audit', [
    { When: at(300), Actor: 'Hearth', Action: 'old.three', Target: 'x', Details: '', Key: 'k4' },
  ]);
  await stack.tick({ now: now.plus({ hours: 1 }).toISO() });
  expect(rowsOf(stack.sheets, 'Audit').map((r) => r.Action)).toContain('old.three');
  await stack.tick({ now: now.plus({ days: 1 }).toISO() });
  expect(rowsOf(stack.sheets, 'Audit').map((r) => r.Action)).not.toContain('old.three');
  expect(rowsOf(stack.sheets, ARCHIVE_TABS.Audit).map((r) => r.Action)).toEqual([
    'old.one',
    'old.two',
    'old.three',
  ]);
});
