import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Cell } from '../sheets-schema/cells.js';
import { FORGOTTEN, type ForgetOptions, forget } from '../sheets-schema/forget.js';
import type { Grid } from '../sheets-schema/grid.js';
import type { GridStore } from '../sheets-schema/grid-store.js';
import { TABS, type TabName } from '../sheets-schema/tabs/index.js';
import { createWorkbook } from '../sheets-schema/workbook.js';
import { googleHarness } from './contract/hands-google.js';
import { localHarness } from './contract/hands-local.js';
import { memoryHarness } from './contract/hands-memory.js';
import { editInTheWrite, type Harness, instantRetry } from './contract/harness.js';

const headersOf = (tab: TabName) => Object.values(TABS[tab].columns).map((c) => c.header);
const ADA_SLACK = 'U0ADA0001';
const GRACE_SLACK = 'U0GRACE01';
const JOINED = 46_000.5;

/** A spreadsheet where Ada shows up everywhere, next to Grace and Nadia (whose address contains Ada's). */
const SPREADSHEET: Record<string, Cell[][]> = {
  Members: [
    headersOf('Members'),
    // Member ID, Name, Email, Slack ID, Status, Joined, Approved by, Greeter, Source, Interests, Intros, Events attended, Last active, Notes
    [
      'M-1',
      'Ada Lovelace',
      'Ada@Example.org',
      ADA_SLACK,
      'Active',
      JOINED,
      'U0ORG',
      null,
      'a friend',
      'engines',
      'Yes',
      2,
      null,
      'ada@example.org asked for intros',
    ],
    [
      'M-2',
      'Grace Hopper',
      'grace@example.org',
      GRACE_SLACK,
      'Active',
      JOINED,
      'U0ORG',
      ADA_SLACK,
      'web',
      'compilers',
      'No',
      1,
      null,
      'greeted by Ada Lovelace',
    ],
    [
      'M-3',
      'Nadia',
      'nada@example.org',
      'U0NADIA01',
      'Pending',
      JOINED,
      null,
      null,
      null,
      null,
      null,
      0,
      null,
      'Ada is her aunt',
    ],
  ],
  Leaders: [headersOf('Leaders'), ['U0ORG', 'Olga', 'olga@example.org', 'Organizer', 'Yes', 'Yes']],
  RSVPs: [
    headersOf('RSVPs'),
    ['R-1', 'EV-1', 'ada@example.org', ADA_SLACK, 'Yes', 0, JOINED, 'Slack', 'Confirmed', null, null, null],
    ['R-2', 'EV-1', 'grace@example.org', GRACE_SLACK, 'Yes', 1, JOINED, 'Form', 'Confirmed'],
  ],
  Incidents: [
    headersOf('Incidents'),
    [
      'IN-1',
      JOINED,
      ADA_SLACK,
      GRACE_SLACK,
      'general',
      'Be kind',
      'Ada Lovelace says Grace was rude',
      'Low',
      'Open',
    ],
    ['IN-2', JOINED, 'ADA@EXAMPLE.ORG', 'U0NADIA01', 'form', null, 'by email', 'Low', 'Open'],
    ['IN-3', JOINED, GRACE_SLACK, ADA_SLACK, 'general', null, `<@${ADA_SLACK}> shouted`, 'Medium', 'Open'],
  ],
  Outbox: [
    headersOf('Outbox'),
    ['MSG-1', 'welcome', JOINED, 'email:ada@example.org', 'M-1', 'Sent', JOINED, 1],
    ['MSG-2', 'reminder', JOINED + 30, ADA_SLACK, 'EV-1', 'Scheduled', null, 0],
    ['MSG-3', 'reminder', JOINED + 30, GRACE_SLACK, 'EV-1', 'Scheduled', null, 0],
  ],
  Audit: [
    headersOf('Audit'),
    [JOINED, 'U0ORG', 'approve', 'M-1', 'Approved Ada Lovelace (ADA@EXAMPLE.ORG)', 'k1'],
    [JOINED, ADA_SLACK, 'rsvp', 'EV-1', 'yes', `slack:action:1.2:rsvp:${ADA_SLACK}:3.4`],
    [JOINED, GRACE_SLACK, 'rsvp', 'EV-1', 'grace@example.org said yes; nada@example.org too', 'k3'],
  ],
  'Audit archive': [
    headersOf('Audit'),
    [JOINED - 400, 'form', 'join', 'M-1', 'mailto:ada@example.org joined', 'k0'],
  ],
  'Form responses (join)': [
    ['Timestamp', 'Name', 'Email', 'How did you hear about us?', 'Interests'],
    ['11/26/2025 09:21:07', 'Ada Lovelace', 'ada@example.org', 'a friend', 'engines'],
    ['11/27/2025 10:00:00', 'Grace Hopper', 'grace@example.org', 'web', 'compilers'],
  ],
};

/** forget as `npm run forget` runs it: reads through the store, writes through a workbook on it. */
const forgetIn = (store: GridStore, email: string, options?: ForgetOptions) =>
  forget(store, createWorkbook(store, { retry: instantRetry() }), email, options);

const ADA_TRACE = [/(?<![a-z0-9._%+-])ada@example\.org/i, new RegExp(ADA_SLACK), /ada lovelace/i];

/** Every cell of every tab that still holds Ada's email, Slack ID or full name. */
async function traces(h: Harness): Promise<string[]> {
  const found: string[] = [];
  for (const tab of (await h.store.layout()).tabs.map((t) => t.title)) {
    (await h.getGrid(tab)).forEach((cells, row) => {
      cells.forEach((cell, column) => {
        if (typeof cell === 'string' && ADA_TRACE.some((re) => re.test(cell)))
          found.push(`${tab}!${row}:${column}=${cell}`);
      });
    });
  }
  return found;
}

async function everything(h: Harness): Promise<Record<string, Grid>> {
  const out: Record<string, Grid> = {};
  for (const tab of Object.keys(SPREADSHEET)) out[tab] = await h.getGrid(tab);
  return out;
}

describe.each([
  ['memory', memoryHarness],
  ['google', googleHarness],
  ['local', localHarness],
])('forget: %s', (_name, makeHarness) => {
  let h: Harness;
  beforeEach(async () => {
    h = await makeHarness();
    for (const [tab, rows] of Object.entries(SPREADSHEET)) await h.setGrid(tab, rows);
  });
  afterEach(async () => {
    await h.close();
  });

  it('leaves no trace of the email, Slack ID or name in any tab, in one write; others are untouched', async () => {
    expect((await traces(h)).length).toBeGreaterThan(10);
    const before = await everything(h);
    h.resetCalls();
    const report = await forgetIn(h.store, '  ADA@example.ORG ');
    // The layout, one read of every tab, then the write: the rows read again (one read more, so that a row an
    // organizer moved meanwhile is found where it is) and one write; then one read to check.
    expect(h.calls()).toEqual({ reads: 4, writes: 1 });
    expect(report).toMatchObject({
      email: 'ada@example.org',
      memberIds: ['M-1'],
      slackIds: 1,
      written: true,
    });
    expect(report.leftovers).toEqual([]);
    // Every tab, including ones Hearth doesn't know (the fake's Sheet1).
    expect(report.tabsScanned).toBe((await h.store.layout()).tabs.length);
    expect(await traces(h)).toEqual([]);

    const after = await everything(h);
    const [, ada, grace, nadia] = after.Members ?? [];
    expect(ada).toEqual(['M-1', FORGOTTEN, null, null, 'Left', JOINED, 'U0ORG', null, null, null, 'Yes', 2]);
    // Grace keeps everything of hers; only Ada (her greeter, named in her notes) is gone from her row.
    expect(grace).toEqual([
      ...(before.Members?.[2]?.slice(0, 7) ?? []),
      null,
      ...(before.Members?.[2]?.slice(8, 13) ?? []),
      `greeted by ${FORGOTTEN}`,
    ]);
    expect(nadia).toEqual(before.Members?.[3]);
    expect(after.Leaders).toEqual(before.Leaders);

    expect(after.RSVPs?.[1]).toEqual(['R-1', 'EV-1', null, null, 'Yes', 0, JOINED, 'Slack', 'Confirmed']);
    expect(after.RSVPs?.[2]).toEqual(before.RSVPs?.[2]);

    expect(after.Incidents?.map((r) => [r[2] ?? null, r[3] ?? null, r[6] ?? null])).toEqual([
      ['Reporter', 'About', 'Details'],
      [null, GRACE_SLACK, `${FORGOTTEN} says Grace was rude`],
      [null, 'U0NADIA01', 'by email'],
      [GRACE_SLACK, null, `<@${FORGOTTEN}> shouted`],
    ]);

    expect(after.Outbox?.map((r) => [r[3] ?? null, r[5]])).toEqual([
      ['To', 'Status'],
      [`email:${FORGOTTEN}`, 'Sent'],
      [null, 'Cancelled'],
      [GRACE_SLACK, 'Scheduled'],
    ]);

    expect(after.Audit?.slice(1).map((r) => [r[1] ?? null, r[4], r[5]])).toEqual([
      ['U0ORG', `Approved ${FORGOTTEN} (${FORGOTTEN})`, 'k1'],
      [null, 'yes', `slack:action:1.2:rsvp:${FORGOTTEN}:3.4`],
      [GRACE_SLACK, 'grace@example.org said yes; nada@example.org too', 'k3'],
    ]);
    expect(after['Audit archive']?.[1]?.[4]).toBe(`mailto:${FORGOTTEN} joined`);

    expect(after['Form responses (join)']).toEqual([
      before['Form responses (join)']?.[0],
      [null, FORGOTTEN],
      before['Form responses (join)']?.[2],
    ]);

    const byTab = Object.fromEntries(report.tabs.map((t) => [t.tab, t.rows]));
    expect(byTab).toEqual({
      Members: 2,
      RSVPs: 1,
      Incidents: 3,
      Outbox: 2,
      Audit: 2,
      'Audit archive': 1,
      'Form responses (join)': 1,
    });
    expect(report.changed).toBe(report.tabs.reduce((n, t) => n + t.changes.length, 0));
  });

  it('writes nothing in a dry run, and a second run changes nothing', async () => {
    const before = await everything(h);
    h.resetCalls();
    const dry = await forgetIn(h.store, 'ada@example.org', { dryRun: true });
    expect(dry.written).toBe(false);
    expect(dry.changed).toBeGreaterThan(10);
    expect(h.calls().writes).toBe(0);
    expect(await everything(h)).toEqual(before);

    const real = await forgetIn(h.store, 'ada@example.org');
    expect(real.changed).toBe(dry.changed);
    const again = await forgetIn(h.store, 'ada@example.org');
    expect(again).toMatchObject({ changed: 0, written: false, memberIds: [], tabs: [] });
  });

  it('erases the right cells when an organizer sorts tabs as the write lands', async () => {
    const before = await everything(h);
    const store = editInTheWrite(h, 'Audit', (rows) => rows.reverse());
    const report = await forgetIn(store, 'ada@example.org');
    expect(report).toMatchObject({ notChanged: [], leftovers: [] });
    expect(await traces(h)).toEqual([]);
    const audit = (await h.getGrid('Audit')).slice(1);
    expect(audit.map((r) => [r[5], r[4]])).toEqual([
      ['k3', 'grace@example.org said yes; nada@example.org too'],
      [`slack:action:1.2:rsvp:${FORGOTTEN}:3.4`, 'yes'],
      ['k1', `Approved ${FORGOTTEN} (${FORGOTTEN})`],
    ]);
    expect(audit[0]).toEqual(before.Audit?.[3]);
  });

  it('leaves a row edited between the read and the write as it is, and says so', async () => {
    let reads = 0;
    // An organizer edits IN-1's details as forget reads the tabs again, just before its write.
    const store: GridStore = {
      ...h.store,
      async readTabs(tabs, options) {
        if (++reads === 2) {
          const incidents = await h.getGrid('Incidents');
          const row = [...(incidents[1] ?? [])];
          row[6] = 'Ada Lovelace was rude first';
          await h.setGrid('Incidents', [incidents[0] ?? [], row, ...incidents.slice(2)]);
        }
        return h.store.readTabs(tabs, options);
      },
    };
    const report = await forgetIn(store, 'ada@example.org');
    expect(report.notChanged).toEqual([{ tab: 'Incidents', row: 2, reason: 'changed since it was read' }]);
    expect(report.tabs.find((t) => t.tab === 'Incidents')?.rows).toBe(2);
    expect(report.leftovers).toEqual(['Incidents!C2']);
    expect((await h.getGrid('Incidents'))[1]?.slice(2, 7)).toEqual([
      ADA_SLACK,
      GRACE_SLACK,
      'general',
      'Be kind',
      'Ada Lovelace was rude first',
    ]);
  });

  it('finds nothing for an address nobody has', async () => {
    const before = await everything(h);
    const report = await forgetIn(h.store, 'nobody@example.org');
    expect(report).toMatchObject({ changed: 0, written: false, memberIds: [] });
    expect(await everything(h)).toEqual(before);
  });
});
