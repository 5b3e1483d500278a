/**
 * The pull path over HTTP: the tick sweeps each form's linked "Form responses" tab and handles the rows the
 * relay missed, with the same identity as the push, so a response pushed and swept (or swept twice) has one
 * effect.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RESPONSE_TABS } from '../../sheets-schema/forms/index.js';
import { rowsOf, type Stack, startStack, waitFor } from './helpers.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ allowTimeTravel: true });
  // setup.gs links the three forms at once; a tab made later is seen within 15 minutes (the tab list is re-read).
  for (const tab of Object.values(RESPONSE_TABS)) stack.sheets.addTab(tab);
});
afterAll(async () => {
  await stack?.close();
});

/** A response as Google writes it to the linked tab: Timestamp as text in the spreadsheet's zone (UTC here). */
function responseRow(when: DateTime, answers: Record<string, string>): { header: string[]; row: string[] } {
  return {
    header: ['Timestamp', ...Object.keys(answers)],
    row: [when.toUTC().toFormat('M/d/yyyy HH:mm:ss'), ...Object.values(answers)],
  };
}

function writeResponses(tab: string, rows: { header: string[]; row: string[] }[]): void {
  const header = rows[0]?.header ?? [];
  stack.sheets.setGrid(tab, [header, ...rows.map((r) => r.row)]);
}

const tick = async (now: DateTime) => {
  const answer = await stack.tick({ now: now.toUTC().toISO() });
  expect(answer.status).toBe(200);
};

it('handles a join the relay missed once, and a pushed one not again', async () => {
  const now = DateTime.utc().startOf('second');
  const missed = responseRow(now.minus({ hours: 2 }), {
    Name: 'Mia Missed',
    Email: 'mia.missed@example.org',
    'I agree to the ground rules': 'Yes',
  });
  const pushed = responseRow(now.minus({ hours: 1 }), {
    Name: 'Paul Pushed',
    Email: 'paul.pushed@example.org',
    'I agree to the ground rules': 'Yes',
  });
  // Paul's response reached the door, as the relay sends it (no responseId: the same identity as the sweep's).
  const relayed = await stack.form({
    form: 'join',
    submittedAt: now.minus({ hours: 1 }).toISO(),
    namedValues: Object.fromEntries(pushed.header.map((h, i) => [h, [pushed.row[i] as string]])),
  });
  expect(relayed.status).toBe(202);
  await waitFor('Paul to be a member', () =>
    rowsOf(stack.sheets, 'Members').some((m) => m.Email === 'paul.pushed@example.org'),
  );
  writeResponses(RESPONSE_TABS.join, [missed, pushed]);

  await tick(now);
  await tick(now.plus({ minutes: 1 }));
  const members = rowsOf(stack.sheets, 'Members').filter((m) => String(m.Email).endsWith('@example.org'));
  expect(members.filter((m) => m.Email === 'mia.missed@example.org')).toHaveLength(1);
  expect(members.filter((m) => m.Email === 'paul.pushed@example.org')).toHaveLength(1);
  const audit = rowsOf(stack.sheets, 'Audit');
  expect(audit.filter((a) => a.Action === 'member.joined' && a.Details === 'Mia Missed')).toHaveLength(1);
  expect(audit.filter((a) => a.Action === 'member.joined' && a.Details === 'Paul Pushed')).toHaveLength(1);
});

it('files a report pushed and swept, or swept by overlapping ticks, once: push and sweep share an identity', async () => {
  const now = DateTime.utc().startOf('second');
  const pushed = responseRow(now.minus({ minutes: 40 }), {
    'Who or what is this about?': 'Loud troll in #general',
    'What happened?': 'Insults',
  });
  const relayed = await stack.form({
    form: 'report',
    submittedAt: now.minus({ minutes: 40 }).toISO(),
    namedValues: Object.fromEntries(pushed.header.map((h, i) => [h, [pushed.row[i] as string]])),
  });
  expect(relayed.status).toBe(202);
  await waitFor('the pushed report', () =>
    rowsOf(stack.sheets, 'Incidents').some((i) => i.About === 'Loud troll in #general'),
  );
  writeResponses(RESPONSE_TABS.report, [
    pushed,
    responseRow(now.minus({ minutes: 30 }), {
      'Who or what is this about?': 'Spam bot in #random',
      'What happened?': 'Posting links',
    }),
  ]);
  await Promise.all([tick(now), tick(now), tick(now.plus({ minutes: 1 }))]);
  await tick(now.plus({ minutes: 2 }));
  const incidents = rowsOf(stack.sheets, 'Incidents');
  expect(incidents.filter((i) => i.About === 'Loud troll in #general')).toHaveLength(1);
  expect(incidents.filter((i) => i.About === 'Spam bot in #random')).toHaveLength(1);
});

it('leaves rows older than the sweep window alone', async () => {
  const now = DateTime.utc().startOf('second');
  writeResponses(RESPONSE_TABS.report, [
    responseRow(now.minus({ days: 10 }), {
      'Who or what is this about?': 'Something long ago',
      'What happened?': 'Old news',
    }),
  ]);
  await tick(now);
  expect(rowsOf(stack.sheets, 'Incidents').filter((i) => i.About === 'Something long ago')).toHaveLength(0);
});
