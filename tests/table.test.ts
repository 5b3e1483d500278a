import { describe, expect, it } from 'vitest';
import { decodeTable, mapHeaders, RowMemo } from '../sheets-schema/table.js';
import { EventsTab, LeadersTab, MembersTab } from '../sheets-schema/tabs/index.js';

describe('decodeTable', () => {
  it('maps headers in any order and case, and lists the required ones that are missing', () => {
    const map = mapHeaders(LeadersTab, ['ACTIVE', 'name', 'can-approve', 'Extra', 'Role']);
    expect(map.index).toEqual({ active: 0, name: 1, canApprove: 2, role: 4 });
    expect(map.missing).toEqual(['Slack ID']);
  });

  it('puts valid rows, invalid rows and rows without an ID apart', () => {
    const table = decodeTable(
      MembersTab,
      [
        ['Member ID', 'Name', 'Email', 'Status', 'Intros', 'Problems'],
        ['M-1', 'Ada', ' Ada@Example.org ', 'active', 'y'],
        ['M-2', 'Bob', 'not-an-email', 'Active'],
        [null, 'Pasted', 'pasted@example.org', null, null, 'old problem'],
        [],
      ],
      'UTC',
    );
    expect(table.rows.map((r) => r.values)).toEqual([
      expect.objectContaining({
        memberId: 'M-1',
        email: 'ada@example.org',
        status: 'Active',
        intros: { want: 'yes' },
      }),
    ]);
    expect(table.invalid).toMatchObject([
      { id: 'M-2', sheetRow: 3, problems: [{ a1: 'Members!C3', header: 'Email' }] },
    ]);
    expect(table.unidentified).toMatchObject([
      {
        sheetRow: 4,
        match: { name: 'Pasted', email: 'pasted@example.org', status: null },
        problemsText: 'old problem',
      },
    ]);
    expect(table.byId('M-1')?.sheetRow).toBe(2);
    expect(table.byId('M-2')).toBeUndefined();
  });

  it('reports a needed cell left empty', () => {
    const table = decodeTable(
      EventsTab,
      [
        ['Event ID', 'Title', 'Starts', 'Status'],
        ['EV-1', '', 46359.77, 'Draft'],
      ],
      'UTC',
    );
    expect(table.problems.filter((p) => p.row > 1)).toMatchObject([
      { a1: 'Events!B2', header: 'Title', message: 'is empty' },
    ]);
  });

  it('reports a tab that is not there as absent, with its headers missing', () => {
    const table = decodeTable(EventsTab, undefined, 'UTC');
    expect(table.present).toBe(false);
    expect(table.rows).toEqual([]);
  });
});

describe('decodeTable with the rows of the last read (RowMemo)', () => {
  const header = ['Event ID', 'Title', 'Starts', 'Location', 'Capacity', 'RSVP deadline', 'Status'];
  const grid = () => [
    [...header],
    ['EV-1', 'Walk', '2026-12-09 18:30', 'Park', 10, '', 'Announced'],
    ['EV-2', 'Talk', 'not a date', 'Hall', 20, '', 'Draft'],
    ['EV-3', 'Quiz', '2026-12-10 19:00', 'Pub', 30, '', 'Draft'],
  ];

  it('parses again only the rows whose cells changed, and gives the same answers as a fresh read', () => {
    const memo = new RowMemo();
    const first = decodeTable(EventsTab, grid(), 'Europe/London', memo);
    const edited = grid();
    (edited[3] as unknown[])[1] = 'Pub quiz';
    const second = decodeTable(EventsTab, edited, 'Europe/London', memo);
    const fresh = decodeTable(EventsTab, edited, 'Europe/London');
    // Unchanged: the very same values; changed: parsed again.
    expect(second.byId('EV-1')?.values).toBe(first.byId('EV-1')?.values);
    expect(second.byId('EV-3')?.values).not.toBe(first.byId('EV-3')?.values);
    expect(second.byId('EV-3')?.values.title).toBe('Pub quiz');
    // A row kept from last time still reports its problem, at its place now.
    expect(second.problems).toEqual(fresh.problems);
    expect(second.rows.map((r) => r.values)).toEqual(fresh.rows.map((r) => r.values));
  });

  it.each([
    ['another time zone', (g: unknown[][]) => g, 'America/New_York'],
    ['moved columns', (g: unknown[][]) => g.map((row) => [...row.slice(1), row[0]]), 'Europe/London'],
  ])('reads every row again under %s', (_, change, zone) => {
    const memo = new RowMemo();
    const first = decodeTable(EventsTab, grid(), 'Europe/London', memo);
    const again = decodeTable(EventsTab, change(grid()) as ReturnType<typeof grid>, zone, memo);
    expect(again.byId('EV-1')?.values).not.toBe(first.byId('EV-1')?.values);
    expect(again.byId('EV-1')?.values.title).toBe('Walk');
  });

  it("takes a store's answer of the same row arrays again, one of them replaced, as that one row changed", () => {
    const memo = new RowMemo();
    const cells = grid();
    const first = decodeTable(EventsTab, cells, 'UTC', memo);
    // A store never changes what it handed out (grid.ts): a changed row comes as a new array.
    const again = cells.map((row, r) => (r === 1 ? [row[0] ?? null, 'Long walk', ...row.slice(2)] : row));
    const second = decodeTable(EventsTab, again, 'UTC', memo);
    expect(second.byId('EV-1')?.values.title).toBe('Long walk');
    const kept = first.byId('EV-3')?.values;
    expect(kept?.title).toBe('Quiz');
    expect(second.byId('EV-3')?.values).toBe(kept);
  });

  it('hands out the very table of the last read while no row changed, and a new one when one did', () => {
    const memo = new RowMemo();
    const first = decodeTable(EventsTab, grid(), 'UTC', memo);
    expect(decodeTable(EventsTab, grid(), 'UTC', memo)).toBe(first);
    const withBlank = [...grid(), [null, '', null]];
    const padded = decodeTable(EventsTab, withBlank, 'UTC', memo);
    // A blank row more is another grid, decoded to the same rows.
    expect(padded).not.toBe(first);
    expect(padded.rows.map((r) => r.values)).toEqual(first.rows.map((r) => r.values));
    expect(decodeTable(EventsTab, withBlank, 'UTC', memo)).toBe(padded);
    const shorter = grid().slice(0, 3);
    expect(decodeTable(EventsTab, shorter, 'UTC', memo).byId('EV-3')).toBeUndefined();
  });

  it('finds a row copied with its ID among rows kept from the last read', () => {
    const memo = new RowMemo();
    decodeTable(EventsTab, grid(), 'UTC', memo);
    const copied = [...grid(), ['EV-1', 'Walk copy', '2026-12-11 18:30', 'Park', 10, '', 'Draft']];
    const table = decodeTable(EventsTab, copied, 'UTC', memo);
    expect(table.byId('EV-1')).toBeUndefined();
    expect(table.invalid.filter((r) => r.id === 'EV-1')).toMatchObject([
      { sheetRow: 2, cells: { title: 'Walk' } },
      { sheetRow: 5, cells: { title: 'Walk copy' } },
    ]);
    const fresh = decodeTable(EventsTab, copied, 'UTC');
    expect([table.rows, table.invalid, table.problems]).toEqual([fresh.rows, fresh.invalid, fresh.problems]);
  });
});
