import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode, HearthError } from '../../common/errors.js';
import type { Cell } from '../../sheets-schema/cells.js';
import { append, claim, update } from '../../sheets-schema/changes.js';
import { TABS, type TabName } from '../../sheets-schema/tabs/index.js';
import { createWorkbook, type Workbook } from '../../sheets-schema/workbook.js';
import { googleHarness } from './hands-google.js';
import { localHarness } from './hands-local.js';
import { answerLost, editInTheWrite, type Harness, instantRetry } from './harness.js';

const headersOf = (tab: TabName) => Object.values(TABS[tab].columns).map((c) => c.header);

/** Three members by ID, as the sort tests start from. */
const THREE_PENDING: Cell[][] = [
  ['M-1', 'Ada', 'ada@example.org', null, 'Pending'],
  ['M-2', 'Grace', 'grace@example.org', null, 'Pending'],
  ['M-3', 'Linus', 'linus@example.org', null, 'Pending'],
];

const LONDON_SETTINGS: Cell[][] = [
  ['Setting', 'Value', 'Notes'],
  ['Group name', 'Test group', null],
  ['Time zone', 'Europe/London', null],
];

describe.each([
  ['google', googleHarness],
  ['local', localHarness],
])('Workbook contract: %s', (_name, makeHarness) => {
  let h: Harness;
  let wb: Workbook;

  beforeEach(async () => {
    h = await makeHarness();
    wb = createWorkbook(h.store, { retry: instantRetry() });
    await h.setGrid('Settings', LONDON_SETTINGS);
  });
  afterEach(async () => {
    await h.close();
  });

  it('reads typed rows from reordered, renamed-case and extra columns, and keeps extra columns on write', async () => {
    await h.setGrid('Events', [
      [
        'my notes',
        'STATUS',
        'title',
        'event id',
        'Starts',
        'Location',
        'capacity',
        'rsvp-deadline',
        'Confirmed',
        'Waitlisted',
        'Seats left',
        'Slack message',
        'Problems',
      ],
      ['bring cake', 'Announced', 'Winter meetup', 'EV-1', '2026-12-03 18:30', 'Library', 20, null],
    ]);
    const snap = await wb.read(['Events']);
    const events = snap.table('Events');
    expect(events.problems).toEqual([]);
    expect(events.rows).toHaveLength(1);
    const ev = events.rows[0]?.values;
    expect(ev?.title).toBe('Winter meetup');
    expect(ev?.status).toBe('Announced');
    expect(ev?.capacity).toBe(20);
    expect(ev?.starts.toISO()).toBe('2026-12-03T18:30:00.000+00:00');

    await wb.apply([update('Events', 'EV-1', { confirmed: 3, seatsLeft: 17 })], { timeZone: snap.timeZone });
    const grid = await h.getGrid('Events');
    expect(grid[1]?.[0]).toBe('bring cake');
    expect(grid[1]?.[2]).toBe('Winter meetup');
    expect(grid[1]?.[8]).toBe(3);
    expect(grid[1]?.[10]).toBe(17);
  });

  it('skips blank rows', async () => {
    await h.setGrid('Members', [
      headersOf('Members'),
      [],
      ['M-1', 'Ada', 'ada@example.org'],
      [null, '  ', ''],
      ['M-2', 'Grace', 'grace@example.org'],
    ]);
    const members = (await wb.read(['Members'])).table('Members');
    expect(members.rows.map((r) => [r.values.memberId, r.sheetRow])).toEqual([
      ['M-1', 3],
      ['M-2', 5],
    ]);
    expect(members.unidentified).toEqual([]);
  });

  it('skips a row typed wrong with its reason and A1 address; the rest works', async () => {
    await h.setGrid('Events', [
      headersOf('Events'),
      ['EV-1', 'Good', '2026-12-03 18:30', null, 'Hall', 20, null, null, 'Announced'],
      ['EV-2', 'Bad capacity', '2026-12-04 18:30', null, 'Hall', 'twenty', null, null, 'Announced'],
      ['EV-3', 'Bad date', 'next tuesday', null, 'Hall', 10, null, null, 'Sometime'],
    ]);
    const events = (await wb.read(['Events'])).table('Events');
    expect(events.rows.map((r) => r.values.eventId)).toEqual(['EV-1']);
    expect(events.invalid.map((r) => r.id)).toEqual(['EV-2', 'EV-3']);
    const byCell = Object.fromEntries(events.problems.map((p) => [p.a1, p.message]));
    expect(Object.keys(byCell).sort()).toEqual(['Events!C4', 'Events!F3', 'Events!I4']);
    expect(byCell['Events!F3']).toMatch(/"twenty" is not a whole number/);
    expect(byCell['Events!C4']).toMatch(/type it like 2026-12-03 18:30/);
    expect(byCell['Events!I4']).toMatch(/not one of Draft, Announced, Cancelled, Done/);
  });

  it('pauses writes to a tab whose required header is missing, and writes nothing', async () => {
    const header = headersOf('Events').filter((h) => h !== 'Seats left');
    await h.setGrid('Events', [
      header,
      ['EV-1', 'Meetup', '2026-12-03 18:30', null, 'Hall', 20, null, null, 'Announced'],
    ]);
    await h.setGrid('Audit', [headersOf('Audit')]);
    const snap = await wb.read(['Events']);
    expect(snap.table('Events').problems[0]).toMatchObject({ a1: 'Events!A1', header: 'Seats left' });
    const before = await h.getGrid('Events');
    const error = await wb
      .apply(
        [append('Audit', { action: 'tally', target: 'EV-1' }), update('Events', 'EV-1', { confirmed: 1 })],
        { timeZone: snap.timeZone },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HearthError);
    expect((error as HearthError).code).toBe(ErrorCode.HeaderMissing);
    expect((error as HearthError).message).toContain('"Seats left"');
    expect(await h.getGrid('Events')).toEqual(before);
    expect(await h.getGrid('Audit')).toEqual([headersOf('Audit')]);
  });

  it('writes to the right row after an organizer sorts, inserts and deletes rows between read and write', async () => {
    const header = headersOf('Members');
    await h.setGrid('Members', [header, ...THREE_PENDING]);
    const snap = await wb.read(['Members']);
    // The organizer sorts by name descending, inserts a row at the top and deletes Grace.
    await h.setGrid('Members', [
      header,
      [null, 'Hand added', 'hand@example.org'],
      ['M-3', 'Linus', 'linus@example.org', null, 'Pending'],
      ['M-1', 'Ada', 'ada@example.org', null, 'Pending'],
    ]);
    const result = await wb.apply(
      [
        update('Members', 'M-1', { status: 'Active', approvedBy: 'U1' }),
        update('Members', 'M-2', { status: 'Active' }),
        update('Members', 'M-3', { status: 'Declined' }),
      ],
      { timeZone: snap.timeZone },
    );
    expect(result.skipped.map((s) => s.reason)).toEqual(['no row with ID M-2 in Members any more']);
    const grid = await h.getGrid('Members');
    expect(grid.slice(1).map((r) => [r[0] ?? null, r[1], r[4] ?? null, r[6] ?? null])).toEqual([
      [null, 'Hand added', null, null],
      ['M-3', 'Linus', 'Declined', null],
      ['M-1', 'Ada', 'Active', 'U1'],
    ]);
  });

  it('mends a write an organizer’s sort landed in, between the re-read of the IDs and the write', async () => {
    const header = headersOf('Members');
    await h.setGrid('Members', [header, ...THREE_PENDING]);
    const snap = await wb.read(['Members']);
    // The store the workbook writes through: the organizer's sort (reversing the rows) lands just before the write.
    const racing = editInTheWrite(h, 'Members', (rows) => rows.reverse());
    const result = await createWorkbook(racing, { retry: instantRetry() }).apply(
      [
        update('Members', 'M-1', { status: 'Active', approvedBy: 'U1' }),
        update('Members', 'M-3', { status: 'Declined' }),
      ],
      { timeZone: snap.timeZone },
    );
    expect(result.skipped).toEqual([]);
    const byId = Object.fromEntries(
      (await h.getGrid('Members')).slice(1).map((r) => [r[0], [r[4] ?? null, r[6] ?? null]]),
    );
    expect(byId).toEqual({ 'M-1': ['Active', 'U1'], 'M-2': ['Pending', null], 'M-3': ['Declined', null] });
  });

  it('after an answer that never came, a new try adds each row once: Audit rows, IDs and claims', async () => {
    const header = headersOf('Events');
    await h.setGrid('Audit', [headersOf('Audit')]);
    await h.setGrid('Events', [
      header,
      [null, 'New by hand', '2026-12-10 19:00', null, 'Cafe', 12, null, null, 'Draft'],
    ]);
    const snap = await wb.read(['Events', 'Audit']);
    const [hand] = snap.table('Events').unidentified;
    // The first write lands, then its answer is lost: the workbook tries again.
    const flaky = answerLost(h);
    const result = await createWorkbook(flaky, { retry: instantRetry() }).apply(
      [
        append('Audit', { when: DateTime.fromISO('2026-12-01T10:00:00Z'), action: 'one', key: 'k' }),
        append('Audit', { when: DateTime.fromISO('2026-12-01T10:00:00Z'), action: 'two', key: 'k' }),
        claim('Events', 'EV-1', hand?.match ?? {}),
      ],
      { timeZone: snap.timeZone },
    );
    expect(flaky.lost()).toBe(true);
    expect((await h.getGrid('Audit')).slice(1).map((r) => r[2])).toEqual(['one', 'two']);
    expect((await h.getGrid('Events')).slice(1).map((r) => r[0])).toEqual(['EV-1']);
    expect(result.skipped.map((s) => s.reason)).toEqual([
      'already in the sheet (written by an earlier try)',
      'already in the sheet (written by an earlier try)',
      'EV-1 was given by an earlier try',
    ]);
  });

  it('sets aside both rows that share an ID (a copied row), writing only their Problems cells', async () => {
    const header = headersOf('Events');
    const row = ['EV-3', 'Supper', '2026-12-10 19:00', null, 'Cafe', 12, null, null, 'Announced'];
    await h.setGrid('Events', [header, row, [...row.slice(0, 1), 'Supper (copy)', ...row.slice(2)]]);
    const snap = await wb.read(['Events']);
    const events = snap.table('Events');
    expect(events.rows).toEqual([]);
    expect(events.byId('EV-3')).toBeUndefined();
    expect(events.invalid.map((r) => [r.sheetRow, r.problems.map((p) => p.message)])).toEqual([
      [2, [expect.stringMatching(/^Event ID EV-3 is on rows 2 and 3: a row was copied with its ID/)]],
      [3, [expect.stringMatching(/^Event ID EV-3 is on rows 2 and 3/)]],
    ]);
    const result = await wb.apply(
      [update('Events', 'EV-3', { problems: 'copied' }), update('Events', 'EV-3', { confirmed: 1 })],
      { timeZone: snap.timeZone },
    );
    expect(result.skipped.map((s) => s.reason)).toEqual(['EV-3 is on more than one row of Events']);
    const grid = await h.getGrid('Events');
    const problems = header.indexOf('Problems');
    const confirmed = header.indexOf('Confirmed');
    expect(grid.slice(1).map((r) => [r[problems], r[confirmed] ?? null])).toEqual([
      ['copied', null],
      ['copied', null],
    ]);
  });

  it('gives a hand-added row an ID, found at write time by its organizer cells', async () => {
    const header = headersOf('Events');
    await h.setGrid('Events', [
      header,
      ['EV-4', 'Old', '2026-11-01 18:30', null, 'Hall', 10, null, null, 'Done'],
      [null, 'New by hand', '2026-12-10 19:00', null, 'Cafe', 12, null, null, 'Draft'],
    ]);
    const snap = await wb.read(['Events']);
    const [hand] = snap.table('Events').unidentified;
    expect(hand?.sheetRow).toBe(3);
    const id = snap.nextId('Events');
    expect(id).toBe('EV-5');
    // A sort moves the hand-added row up before the write.
    await h.setGrid('Events', [
      header,
      (await h.getGrid('Events'))[2] as Cell[],
      (await h.getGrid('Events'))[1] as Cell[],
    ]);
    const result = await wb.apply([claim('Events', id, hand?.match ?? {}, { seatsLeft: 12 })], {
      timeZone: snap.timeZone,
    });
    expect(result.claimed).toEqual(['EV-5']);
    const grid = await h.getGrid('Events');
    expect(grid[1]?.[0]).toBe('EV-5');
    expect(grid[1]?.[1]).toBe('New by hand');
    expect(grid[1]?.[12]).toBe(12);
    expect(grid[2]?.[0]).toBe('EV-4');
  });

  it('reads serial and text dates in the group time zone across a DST change, and writes them back', async () => {
    // Europe/London leaves summer time on 2026-10-25.
    await h.setGrid('Events', [
      headersOf('Events'),
      ['EV-1', 'Before', '2026-10-24 18:30', null, 'Hall', 10, null, null, 'Draft'],
      ['EV-2', 'After', '2026-10-26 18:30', null, 'Hall', 10, null, null, 'Draft'],
      ['EV-3', 'Serial before', 46319.770833333336, null, 'Hall', 10, null, null, 'Draft'],
      ['EV-4', 'Serial after', 46321.770833333336, null, 'Hall', 10, null, null, 'Draft'],
    ]);
    await h.setGrid('Audit', [headersOf('Audit')]);
    const snap = await wb.read(['Events']);
    const starts = snap.table('Events').rows.map((r) => r.values.starts.toISO());
    expect(starts).toEqual([
      '2026-10-24T18:30:00.000+01:00',
      '2026-10-26T18:30:00.000+00:00',
      '2026-10-24T18:30:00.000+01:00',
      '2026-10-26T18:30:00.000+00:00',
    ]);
    const when = DateTime.fromISO('2026-10-24T23:30:00Z'); // 00:30 BST, the night summer time ends
    await wb.apply([append('Audit', { when, action: 'test' })], { timeZone: snap.timeZone });
    const audit = (await wb.read(['Audit'])).table('Audit');
    expect(audit.rows[0]?.values.when?.toMillis()).toBe(when.toMillis());
  });

  it('stores formula-looking text as plain text, never as a formula', async () => {
    await h.setGrid('Audit', [headersOf('Audit')]);
    const hostile = ['=HYPERLINK("http://evil.example","click")', '+1+2', '-3', '@SUM(A1)'];
    await wb.apply(
      hostile.map((details) => append('Audit', { action: 'note', details })),
      { timeZone: 'UTC' },
    );
    const grid = await h.getGrid('Audit');
    expect(grid.slice(1).map((r) => r[4])).toEqual(hostile);
    for (let row = 1; row <= hostile.length; row++) expect(await h.isFormula('Audit', row, 4)).toBe(false);
  });

  it('loses no change set when many run at once in one process', async () => {
    await h.setGrid('Audit', [headersOf('Audit')]);
    await h.setGrid('Members', [
      headersOf('Members'),
      ['M-1', 'Ada', 'ada@example.org', null, 'Active', null, null, null, null, null, null, 0],
    ]);
    await wb.read(['Members', 'Audit']);
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        wb.apply(
          [
            append('Audit', { action: 'burst', target: `T${i}` }),
            update('Members', 'M-1', { eventsAttended: i + 1 }),
          ],
          { timeZone: 'UTC' },
        ),
      ),
    );
    const audit = await h.getGrid('Audit');
    expect(
      audit
        .slice(1)
        .map((r) => r[3])
        .sort(),
    ).toEqual(Array.from({ length: 12 }, (_, i) => `T${i}`).sort());
    expect((await h.getGrid('Members'))[1]?.[11]).toBe(12);
  });

  it('backs off and retries transient failures, then succeeds', async () => {
    await h.setGrid('Audit', [headersOf('Audit')]);
    h.failNext(2);
    await wb.apply([append('Audit', { action: 'after retry' })], { timeZone: 'UTC' });
    expect((await h.getGrid('Audit'))[1]?.[2]).toBe('after retry');
  });

  it('gives up with a coded error past the bound, with nothing half-written', async () => {
    await h.setGrid('Audit', [headersOf('Audit')]);
    await h.setGrid('Members', [headersOf('Members'), ['M-1', 'Ada', 'ada@example.org', null, 'Pending']]);
    const bounded = createWorkbook(h.store, { retry: instantRetry(10_000) });
    await bounded.read(['Members', 'Audit']);
    h.failNext(1_000);
    const error = await bounded
      .apply([append('Audit', { action: 'x' }), update('Members', 'M-1', { status: 'Active' })], {
        timeZone: 'UTC',
      })
      .catch((e: unknown) => e);
    h.failNext(0);
    expect(error).toBeInstanceOf(HearthError);
    expect([ErrorCode.SheetsQuotaExhausted, ErrorCode.WorkbookBusy]).toContain((error as HearthError).code);
    expect((error as HearthError).message).toMatch(/gave up after \d+ tries/);
    expect(await h.getGrid('Audit')).toEqual([headersOf('Audit')]);
    expect((await h.getGrid('Members'))[1]?.[4]).toBe('Pending');
  });

  it('refuses to overwrite an organizer column after the row exists', async () => {
    await h.setGrid('Members', [headersOf('Members'), ['M-1', 'Ada', 'ada@example.org']]);
    await wb.read(['Members']);
    await expect(
      wb.apply([update('Members', 'M-1', { name: 'Eve' })], { timeZone: 'UTC' }),
    ).rejects.toMatchObject({
      code: ErrorCode.OrganizerColumn,
    });
    expect((await h.getGrid('Members'))[1]?.[1]).toBe('Ada');
  });

  it('costs one read per snapshot and one read and one write per change set, its check included, at any size', async () => {
    const rows = (n: number) =>
      Array.from({ length: n }, (_, i) => [`M-${i + 1}`, `Person ${i}`, `p${i}@example.org`, null, 'Active']);
    for (const size of [10, 1_000]) {
      await h.setGrid('Members', [headersOf('Members'), ...rows(size)]);
      await h.setGrid('Audit', [headersOf('Audit')]);
      h.resetCalls();
      const snap = await wb.read(['Members', 'Events', 'Audit']);
      expect(h.calls()).toEqual({ reads: 1, writes: 0 });
      h.resetCalls();
      await wb.apply(
        [
          update('Members', `M-${size}`, { status: 'Left' }),
          append('Members', { memberId: snap.nextId('Members'), name: 'New', email: 'new@example.org' }),
          append('Audit', { action: 'left' }),
        ],
        { timeZone: snap.timeZone },
      );
      // The rows it found by ID come back in the write's own answer, to be checked: no call more.
      expect(h.calls()).toEqual({ reads: 1, writes: 1 });
    }
  });
});
