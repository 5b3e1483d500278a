import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ARCHIVE_LIMIT, type ArchiveOptions, archiveOld } from '../sheets-schema/archive.js';
import { type Cell, dateTimeToSerial } from '../sheets-schema/cells.js';
import { createGoogleGridStore } from '../sheets-schema/google.js';
import type { GridStore } from '../sheets-schema/grid-store.js';
import { TABS } from '../sheets-schema/tabs/index.js';
import { createWorkbook } from '../sheets-schema/workbook.js';
import { googleHarness } from './contract/hands-google.js';
import { localHarness } from './contract/hands-local.js';
import { memoryHarness } from './contract/hands-memory.js';
import { editInTheWrite, type Harness, instantRetry } from './contract/harness.js';
import { startSheetsFake } from './fakes/sheets-fake.js';

const ZONE = 'Europe/London';
const CUTOFF = DateTime.fromISO('2026-01-01T00:00:00', { zone: ZONE });
const serial = (iso: string) => dateTimeToSerial(DateTime.fromISO(iso, { zone: ZONE }), ZONE);
const AUDIT_HEADER = Object.values(TABS.Audit.columns).map((c) => c.header);
const OUTBOX_HEADER = Object.values(TABS.Outbox.columns).map((c) => c.header);

const OLD_1: Cell[] = [serial('2025-03-01T12:00'), 'U1', 'approve', 'M-1', 'approved', 'k1'];
const NEW_1: Cell[] = [serial('2026-02-01T06:00'), 'U1', 'rsvp', 'EV-1', null, 'k2'];
const OLD_2: Cell[] = [serial('2025-12-31T18:00'), 'U2', 'tally', 'EV-1', 'tallied', 'k3'];
const NO_DATE: Cell[] = ['sometime', 'U2', 'note', null, 'no readable date'];
const OLD_3: Cell[] = ['2025-06-01 09:30', 'U3', 'typed', null, 'a date typed as text'];
const BLANK_DATE: Cell[] = [null, 'U3', 'note', null, 'no date at all'];
const NEW_2: Cell[] = [serial('2026-03-01T03:00'), 'U4', 'left', 'M-2'];

/** The archive as the writer runs it: reads through the store, writes through a workbook on it. */
const archive = (store: GridStore, options: ArchiveOptions) =>
  archiveOld(store, createWorkbook(store, { retry: instantRetry() }), options);

describe.each([
  ['memory', memoryHarness],
  ['google', googleHarness],
  ['local', localHarness],
])('archiveOld: %s', (_name, makeHarness) => {
  let h: Harness;
  beforeEach(async () => {
    h = await makeHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('moves exactly the old Audit rows to a new archive tab and keeps the rest in order; a second run moves nothing', async () => {
    await h.setGrid('Audit', [AUDIT_HEADER, OLD_1, NEW_1, OLD_2, NO_DATE, OLD_3, BLANK_DATE, NEW_2]);
    h.resetCalls();
    const result = await archive(h.store, { tab: 'Audit', olderThan: CUTOFF, zone: ZONE });
    expect(result).toEqual({
      tab: 'Audit',
      archiveTab: 'Audit archive',
      moved: 3,
      limit: ARCHIVE_LIMIT,
      more: false,
      unreadable: 2,
      skipped: 0,
      putBack: 0,
      createdArchive: true,
    });
    // One read; one layout change to create the archive tab; then the move: the rows read again (one read more,
    // so that a row an organizer moved meanwhile is found where it is), and one write that moves them.
    expect(h.calls()).toEqual({ reads: 2, writes: 2 });
    expect(await h.getGrid('Audit archive')).toEqual([AUDIT_HEADER, OLD_1, OLD_2, OLD_3]);
    expect(await h.getGrid('Audit')).toEqual([AUDIT_HEADER, NEW_1, NO_DATE, BLANK_DATE, NEW_2]);
    const tabs = (await h.store.layout()).tabs;
    expect(tabs.find((t) => t.title === 'Audit archive')?.frozenRows).toBe(1);

    h.resetCalls();
    const again = await archive(h.store, { tab: 'Audit', olderThan: CUTOFF, zone: ZONE });
    expect(again.moved).toBe(0);
    expect(h.calls()).toEqual({ reads: 1, writes: 0 });
    expect(await h.getGrid('Audit archive')).toEqual([AUDIT_HEADER, OLD_1, OLD_2, OLD_3]);
  });

  it('appends to an existing archive in one write, by its headers', async () => {
    // The archive's columns in another order, with a column of its own.
    const archiveHeader = ['Action', 'When', 'Actor', 'Target', 'Details', 'Key', 'Filed by hand'];
    await h.setGrid('Audit archive', [archiveHeader, ['older', serial('2024-01-01T00:00'), 'U9']]);
    await h.setGrid('Audit', [AUDIT_HEADER, OLD_1, NEW_1, OLD_2]);
    h.resetCalls();
    const result = await archive(h.store, { tab: 'Audit', olderThan: CUTOFF, zone: ZONE });
    expect(result).toMatchObject({ moved: 2, createdArchive: false });
    // The read, the read again just before the write (to find the rows where they are now), the write.
    expect(h.calls()).toEqual({ reads: 2, writes: 1 });
    expect(await h.getGrid('Audit archive')).toEqual([
      archiveHeader,
      ['older', serial('2024-01-01T00:00'), 'U9'],
      ['approve', OLD_1[0], 'U1', 'M-1', 'approved', 'k1'],
      ['tally', OLD_2[0], 'U2', 'EV-1', 'tallied', 'k3'],
    ]);
    expect(await h.getGrid('Audit')).toEqual([AUDIT_HEADER, NEW_1]);
  });

  it('moves finished Outbox rows due before the cutoff; Scheduled ones and unknown statuses stay', async () => {
    const row = (id: string, due: string, status: string | null, sent: string | null = null): Cell[] => [
      id,
      'reminder',
      serial(due),
      'U1',
      'EV-1',
      status,
      sent === null ? null : serial(sent),
      1,
    ];
    const sent = row('MSG-1', '2025-05-01T12:00', 'Sent', '2025-05-01T18:00');
    const scheduled = row('MSG-2', '2025-05-02T12:00', 'Scheduled');
    const failed = row('MSG-3', '2025-05-03T12:00', 'Failed');
    const blank = row('MSG-4', '2025-05-04T12:00', null);
    const cancelled = row('MSG-5', '2025-05-05T12:00', 'cancelled');
    const recent = row('MSG-6', '2026-02-01T12:00', 'Sent', '2026-02-01T12:00');
    await h.setGrid('Outbox', [OUTBOX_HEADER, sent, scheduled, failed, blank, cancelled, recent]);
    const result = await archive(h.store, { tab: 'Outbox', olderThan: CUTOFF, zone: ZONE });
    expect(result).toMatchObject({ archiveTab: 'Outbox archive', moved: 3, unreadable: 1 });
    expect(await h.getGrid('Outbox archive')).toEqual([OUTBOX_HEADER, sent, failed, cancelled]);
    expect(await h.getGrid('Outbox')).toEqual([OUTBOX_HEADER, scheduled, blank, recent]);
  });

  it('moves at most `limit` rows a run and says more are left', async () => {
    await h.setGrid('Audit', [AUDIT_HEADER, OLD_1, OLD_2, NEW_1, OLD_3]);
    const first = await archive(h.store, { tab: 'Audit', olderThan: CUTOFF, zone: ZONE, limit: 2 });
    expect(first).toMatchObject({ moved: 2, more: true, limit: 2 });
    expect(await h.getGrid('Audit')).toEqual([AUDIT_HEADER, NEW_1, OLD_3]);
    const second = await archive(h.store, { tab: 'Audit', olderThan: CUTOFF, zone: ZONE, limit: 2 });
    expect(second).toMatchObject({ moved: 1, more: false });
    expect(await h.getGrid('Audit archive')).toEqual([AUDIT_HEADER, OLD_1, OLD_2, OLD_3]);
    expect(await h.getGrid('Audit')).toEqual([AUDIT_HEADER, NEW_1]);
  });

  it('leaves an old row gone or edited since the read for the next run', async () => {
    await h.setGrid('Audit', [AUDIT_HEADER, OLD_1, NEW_1, OLD_2, OLD_3, NEW_2]);
    const fixed: Cell[] = [...OLD_2.slice(0, 4), 'fixed by hand', 'k3'];
    // While the archive tab is created, an organizer deletes a row above and corrects an old one.
    const store: GridStore = {
      ...h.store,
      async applyLayout(changes) {
        await h.setGrid('Audit', [AUDIT_HEADER, OLD_1, fixed, OLD_3, NEW_2]);
        return h.store.applyLayout(changes);
      },
    };
    const first = await archive(store, { tab: 'Audit', olderThan: CUTOFF, zone: ZONE });
    expect(first).toMatchObject({ moved: 2, skipped: 1, putBack: 0 });
    expect(await h.getGrid('Audit archive')).toEqual([AUDIT_HEADER, OLD_1, OLD_3]);
    expect(await h.getGrid('Audit')).toEqual([AUDIT_HEADER, fixed, NEW_2]);
    const next = await archive(h.store, { tab: 'Audit', olderThan: CUTOFF, zone: ZONE });
    expect(next).toMatchObject({ moved: 1, skipped: 0 });
    expect(await h.getGrid('Audit archive')).toEqual([AUDIT_HEADER, OLD_1, OLD_3, fixed]);
  });

  it('moves exactly the old rows when an organizer sorts the tab as the write lands', async () => {
    await h.setGrid('Audit archive', [AUDIT_HEADER]);
    await h.setGrid('Audit', [AUDIT_HEADER, OLD_1, OLD_2, NEW_1, NEW_2, OLD_3]);
    const store = editInTheWrite(h, 'Audit', (rows) => rows.reverse());
    const result = await archive(store, { tab: 'Audit', olderThan: CUTOFF, zone: ZONE });
    // The write removed rows 1, 2 and 5 of the sorted tab: OLD_3, NEW_2 and OLD_1. OLD_2 goes after it, and NEW_2
    // is put back at the end.
    expect(result).toMatchObject({ moved: 3, skipped: 0, putBack: 1 });
    expect(await h.getGrid('Audit archive')).toEqual([AUDIT_HEADER, OLD_1, OLD_2, OLD_3]);
    expect(await h.getGrid('Audit')).toEqual([AUDIT_HEADER, NEW_1, NEW_2]);
  });

  it('does nothing to a missing or empty tab', async () => {
    expect((await archive(h.store, { tab: 'Audit', olderThan: CUTOFF, zone: ZONE })).moved).toBe(0);
    await h.setGrid('Audit', [AUDIT_HEADER]);
    expect((await archive(h.store, { tab: 'Audit', olderThan: CUTOFF, zone: ZONE })).moved).toBe(0);
    expect((await h.store.layout()).tabs.map((t) => t.title)).not.toContain('Audit archive');
  });
});

describe('archiveOld on Google Sheets', () => {
  it('empties a full tab whose grid has no spare row below the frozen header', async () => {
    const fake = await startSheetsFake({ tabs: { Audit: [AUDIT_HEADER, OLD_1, OLD_2] } });
    try {
      const sheet = fake.sheet('Audit');
      if (!sheet) throw new Error('no Audit tab');
      sheet.rowCount = 3;
      sheet.frozenRowCount = 1;
      const store = createGoogleGridStore({ spreadsheetId: fake.spreadsheetId, rootUrl: fake.rootUrl });
      const result = await archive(store, { tab: 'Audit', olderThan: CUTOFF, zone: ZONE });
      expect(result.moved).toBe(2);
      expect(fake.getGrid('Audit')).toEqual([AUDIT_HEADER]);
      expect(fake.getGrid('Audit archive')).toEqual([AUDIT_HEADER, OLD_1, OLD_2]);
      // The dates stay dates in the archive.
      expect(fake.cell('Audit archive', 1, 0).numberFormat?.type).toBe('DATE_TIME');
      const writes = fake.requests.filter((r) => r.kind === 'batchUpdate');
      expect(writes).toHaveLength(2); // the new tab, then the move
    } finally {
      await fake.close();
    }
  });

  it('puts back a row a sort took with its dates as dates', async () => {
    const fake = await startSheetsFake({
      tabs: { Audit: [AUDIT_HEADER, OLD_1, OLD_2, NEW_1, NEW_2, OLD_3], 'Audit archive': [AUDIT_HEADER] },
    });
    try {
      const inner = createGoogleGridStore({ spreadsheetId: fake.spreadsheetId, rootUrl: fake.rootUrl });
      let sorted = false;
      const store: GridStore = {
        ...inner,
        async write(batch) {
          if (!sorted) {
            sorted = true;
            const [header = [], ...rows] = fake.getGrid('Audit');
            fake.setGrid('Audit', [header, ...rows.reverse()]);
          }
          return inner.write(batch);
        },
      };
      const result = await archive(store, { tab: 'Audit', olderThan: CUTOFF, zone: ZONE });
      expect(result).toMatchObject({ moved: 3, putBack: 1 });
      expect(fake.getGrid('Audit')).toEqual([AUDIT_HEADER, NEW_1, NEW_2]);
      expect(fake.cell('Audit', 2, 0).numberFormat?.type).toBe('DATE_TIME');
    } finally {
      await fake.close();
    }
  });
});
