/**
 * The maintenance write (Workbook.maintain) on every backend: rows named by what was read (their ID, else their
 * cells), found again right before one write, whatever an organizer did to the rows meanwhile; and a sort, an
 * insertion or a deletion that lands in the instant between that re-read and the write, mended after it.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../common/errors.js';
import type { Cell } from '../../sheets-schema/cells.js';
import { type MaintenanceRow, type RowCells, rowCells } from '../../sheets-schema/maintenance.js';
import { TABS } from '../../sheets-schema/tabs/index.js';
import { createWorkbook } from '../../sheets-schema/workbook.js';
import { googleHarness } from './hands-google.js';
import { localHarness } from './hands-local.js';
import { memoryHarness } from './hands-memory.js';
import { answerLost, editInTheWrite, type Harness, instantRetry } from './harness.js';

const OUTBOX_HEADER = Object.values(TABS.Outbox.columns).map((c) => c.header);
const AUDIT_HEADER = Object.values(TABS.Audit.columns).map((c) => c.header);
const ARCHIVE_HEADER = ['Message ID', 'To', 'Status'];

/** Outbox rows MSG-1…MSG-6 (the ID tab), to U1…U6; Audit rows a1…a6 (no ID column), with details d1…d6. */
const OUTBOX: Cell[][] = [1, 2, 3, 4, 5, 6].map((n) => [
  `MSG-${n}`,
  'reminder',
  46_000 + n,
  `U${n}`,
  'EV-1',
  'Sent',
]);
const AUDIT: Cell[][] = [1, 2, 3, 4, 5, 6].map((n) => [46_000 + n, 'U0', `a${n}`, 'EV-1', `d${n}`, `k${n}`]);

/** How a row of each tab is shown: its ID or Action, and the column a case sets (To, Details). */
const SHOWN = {
  Outbox: { label: 0, watched: 3 },
  Audit: { label: 2, watched: 4 },
} as const;
type Tab = keyof typeof SHOWN;

interface Case {
  name: string;
  tab: Tab;
  /** What is asked of each row read, by its label: removed (and copied to the archive), or a cell set. */
  ask: Record<string, 'move' | { set: string }>;
  /** The organizer's edit of the rows below the header, and when it lands. */
  edit?: { when: 'before the re-read' | 'in the write'; rows: (rows: Cell[][]) => Cell[][] };
  /** The tab afterwards, each row as `label watched`. */
  after: string[];
  archive?: string[];
  skipped?: string[];
  putBack?: string[];
  calls: { reads: number; writes: number };
}

const label = (tab: Tab, cells: readonly Cell[]) => String(cells[SHOWN[tab].label] ?? '');
const without =
  (tab: Tab, ...labels: string[]) =>
  (rows: Cell[][]) =>
    rows.filter((r) => !labels.includes(label(tab, r)));
const reversed = (rows: Cell[][]) => rows.reverse();
const handRow = (tab: Tab): Cell[] => (tab === 'Audit' ? [null, 'U9', 'hand', null, 'typed'] : ['hand']);

const CASES: Case[] = [
  {
    name: 'removes and copies rows by ID after a sort before the re-read',
    tab: 'Outbox',
    ask: { 'MSG-2': 'move', 'MSG-4': 'move' },
    edit: { when: 'before the re-read', rows: reversed },
    after: ['MSG-6 U6', 'MSG-5 U5', 'MSG-3 U3', 'MSG-1 U1'],
    archive: ['MSG-2', 'MSG-4'],
    calls: { reads: 1, writes: 1 },
  },
  {
    name: 'removes rows by their cells after an insertion and a deletion before the re-read',
    tab: 'Audit',
    ask: { a2: 'move', a4: 'move' },
    edit: { when: 'before the re-read', rows: (rows) => [handRow('Audit'), ...without('Audit', 'a4')(rows)] },
    after: ['hand typed', 'a1 d1', 'a3 d3', 'a5 d5', 'a6 d6'],
    archive: ['a2'],
    skipped: ['a4: no longer there, or changed since it was read'],
    calls: { reads: 1, writes: 1 },
  },
  {
    name: 'leaves a row changed since it was read, and a row copied with its ID',
    tab: 'Outbox',
    ask: { 'MSG-2': 'move', 'MSG-3': 'move', 'MSG-5': 'move' },
    edit: {
      when: 'before the re-read',
      rows: (rows) => [
        ...rows.map((r) => (label('Outbox', r) === 'MSG-3' ? [...r.slice(0, 5), 'Scheduled'] : r)),
        rows[4] as Cell[],
      ],
    },
    after: ['MSG-1 U1', 'MSG-3 U3', 'MSG-4 U4', 'MSG-5 U5', 'MSG-6 U6', 'MSG-5 U5'],
    archive: ['MSG-2'],
    skipped: ['MSG-3: changed since it was read', 'MSG-5: MSG-5 is on more than one row'],
    calls: { reads: 1, writes: 1 },
  },
  {
    name: 'sets cells by column name on the rows found by ID after a sort before the re-read',
    tab: 'Outbox',
    ask: { 'MSG-2': { set: 'x2' }, 'MSG-5': { set: 'x5' } },
    edit: { when: 'before the re-read', rows: reversed },
    after: ['MSG-6 U6', 'MSG-5 x5', 'MSG-4 U4', 'MSG-3 U3', 'MSG-2 x2', 'MSG-1 U1'],
    calls: { reads: 1, writes: 1 },
  },
  {
    name: 'removes the right rows when a sort lands in the write, and puts back the rows it took',
    tab: 'Audit',
    ask: { a2: 'move', a4: 'move' },
    edit: { when: 'in the write', rows: reversed },
    after: ['a6 d6', 'a1 d1', 'a3 d3', 'a5 d5'],
    archive: ['a2', 'a4'],
    putBack: ['a3', 'a5'],
    calls: { reads: 1, writes: 2 },
  },
  {
    name: 'the same on a tab with IDs',
    tab: 'Outbox',
    ask: { 'MSG-2': 'move', 'MSG-4': 'move' },
    edit: { when: 'in the write', rows: reversed },
    after: ['MSG-6 U6', 'MSG-1 U1', 'MSG-3 U3', 'MSG-5 U5'],
    archive: ['MSG-2', 'MSG-4'],
    putBack: ['MSG-3', 'MSG-5'],
    calls: { reads: 1, writes: 2 },
  },
  {
    name: 'removes the right row when a row inserted above lands in the write',
    tab: 'Audit',
    ask: { a3: 'move' },
    edit: { when: 'in the write', rows: (rows) => [handRow('Audit'), ...rows] },
    after: ['hand typed', 'a1 d1', 'a4 d4', 'a5 d5', 'a6 d6', 'a2 d2'],
    archive: ['a3'],
    putBack: ['a2'],
    calls: { reads: 1, writes: 2 },
  },
  {
    name: 'removes the right row when a deletion above lands in the write; the deleted row stays deleted',
    tab: 'Outbox',
    ask: { 'MSG-4': 'move' },
    edit: { when: 'in the write', rows: without('Outbox', 'MSG-2') },
    after: ['MSG-1 U1', 'MSG-3 U3', 'MSG-6 U6', 'MSG-5 U5'],
    archive: ['MSG-4'],
    putBack: ['MSG-5'],
    calls: { reads: 1, writes: 2 },
  },
  {
    name: 'sets each cell on its own row when a sort lands in the write (rows without IDs)',
    tab: 'Audit',
    ask: { a2: { set: 'x2' }, a5: { set: 'x5' } },
    edit: { when: 'in the write', rows: reversed },
    after: ['a6 d6', 'a5 x5', 'a4 d4', 'a3 d3', 'a2 x2', 'a1 d1'],
    calls: { reads: 1, writes: 2 },
  },
  {
    name: 'sets and removes together when a sort lands in the write (rows with IDs)',
    tab: 'Outbox',
    ask: { 'MSG-1': 'move', 'MSG-3': { set: 'x3' }, 'MSG-6': { set: 'x6' } },
    edit: { when: 'in the write', rows: reversed },
    // Removing MSG-1 took MSG-6, and MSG-6's cell went to MSG-1: MSG-6 comes back with it.
    after: ['MSG-5 U5', 'MSG-4 U4', 'MSG-3 x3', 'MSG-2 U2', 'MSG-6 x6'],
    archive: ['MSG-1'],
    putBack: ['MSG-6'],
    calls: { reads: 1, writes: 2 },
  },
];

describe.each([
  ['google', googleHarness],
  ['local', localHarness],
  ['memory', memoryHarness],
])('Workbook.maintain: %s', (_name, makeHarness) => {
  let h: Harness;
  beforeEach(async () => {
    h = await makeHarness();
    await h.setGrid('Outbox', [OUTBOX_HEADER, ...OUTBOX]);
    await h.setGrid('Audit', [AUDIT_HEADER, ...AUDIT]);
    await h.setGrid('Outbox archive', [ARCHIVE_HEADER]);
  });
  afterEach(async () => {
    await h.close();
  });

  it.each(CASES)('$name', async (c) => {
    const read = await h.getGrid(c.tab);
    const header = read[0] ?? [];
    const rows = read.slice(1).flatMap((cells): MaintenanceRow[] => {
      const asked = c.ask[label(c.tab, cells)];
      const row = rowCells(header, cells);
      if (!asked) return [];
      if (asked === 'move') {
        const copy = { 'Message ID': label(c.tab, cells) };
        return [{ tab: c.tab, row, remove: true, copyTo: { tab: 'Outbox archive', cells: mapText(copy) } }];
      }
      const column = header[SHOWN[c.tab].watched] as string;
      return [{ tab: c.tab, row, set: { [column]: { text: asked.set } } }];
    });
    if (c.edit?.when === 'before the re-read') {
      await h.setGrid(c.tab, [header, ...c.edit.rows(read.slice(1).map((r) => [...r]))]);
    }
    const store = c.edit?.when === 'in the write' ? editInTheWrite(h, c.tab, c.edit.rows) : h.store;
    h.resetCalls();
    const result = await createWorkbook(store, { retry: instantRetry() }).maintain({ rows });
    expect(h.calls()).toEqual(c.calls);

    const shown = (cells: readonly Cell[]) =>
      `${label(c.tab, cells)} ${cells[SHOWN[c.tab].watched] ?? ''}`.trim();
    expect((await h.getGrid(c.tab)).slice(1).map(shown)).toEqual(c.after);
    expect((await h.getGrid('Outbox archive')).slice(1).map((r) => r[0])).toEqual(c.archive ?? []);
    expect(result.skipped.map((s) => `${labelOf(c.tab, s.row.row)}: ${s.reason}`)).toEqual(c.skipped ?? []);
    expect(result.putBack.map((p) => labelOf(c.tab, p.row))).toEqual(c.putBack ?? []);
    expect(result.done).toBe(rows.length - result.skipped.length);
  });

  it('finds rows and columns by header after the organizer moved a column, with a sort in the write', async () => {
    const read = await h.getGrid('Audit');
    const header = read[0] ?? [];
    const rows = read
      .slice(1, 3)
      .map((cells): MaintenanceRow => ({ tab: 'Audit', row: rowCells(header, cells), remove: true }));
    // Actor moves to the end before the re-read; then the rows are sorted in the instant of the write.
    await h.setGrid(
      'Audit',
      read.map((cells) => [cells[0] ?? null, ...cells.slice(2, 6), cells[1] ?? null]),
    );
    const store = editInTheWrite(h, 'Audit', reversed);
    const result = await createWorkbook(store, { retry: instantRetry() }).maintain({ rows });
    expect(result.skipped).toEqual([]);
    expect(result.putBack.map((p) => p.row.Action)).toEqual(['a5', 'a6']);
    expect((await h.getGrid('Audit')).map((r) => [r[1], r[5]])).toEqual([
      ['Action', 'Actor'],
      ['a4', 'U0'],
      ['a3', 'U0'],
      ['a5', 'U0'],
      ['a6', 'U0'],
    ]);
  });

  it('after an answer that never came, a new try copies each row once and counts what landed as done', async () => {
    const read = await h.getGrid('Outbox');
    const header = read[0] ?? [];
    const row = (n: number) => rowCells(header, read[n] ?? []);
    const flaky = answerLost(h);
    const move = (n: number): MaintenanceRow => ({
      tab: 'Outbox',
      row: row(n),
      remove: true,
      copyTo: { tab: 'Outbox archive', cells: mapText({ 'Message ID': `MSG-${n}` }) },
    });
    const result = await createWorkbook(flaky, { retry: instantRetry() }).maintain({
      rows: [move(2), move(4), { tab: 'Outbox', row: row(5), set: { To: { text: 'x5' } } }],
    });
    expect(flaky.lost()).toBe(true);
    expect((await h.getGrid('Outbox archive')).slice(1).map((r) => r[0])).toEqual(['MSG-2', 'MSG-4']);
    expect((await h.getGrid('Outbox')).slice(1).map((r) => `${r[0]} ${r[3]}`)).toEqual([
      'MSG-1 U1',
      'MSG-3 U3',
      'MSG-5 x5',
      'MSG-6 U6',
    ]);
    expect(result.skipped.map((s) => s.reason)).toEqual([
      'no longer there (an earlier try may have done it)',
      'no longer there (an earlier try may have done it)',
    ]);
    expect(result.done).toBe(1);
  });

  it('stops before writing anything when a tab copied to lacks a column', async () => {
    const read = await h.getGrid('Outbox');
    const row = rowCells(read[0] ?? [], read[1] ?? []);
    const copyTo = { tab: 'Outbox archive', cells: mapText({ 'Message ID': 'MSG-1', Kind: 'reminder' }) };
    await expect(
      createWorkbook(h.store).maintain({ rows: [{ tab: 'Outbox', row, remove: true, copyTo }] }),
    ).rejects.toMatchObject({ code: ErrorCode.HeaderMissing });
    expect(await h.getGrid('Outbox')).toEqual(read);
    expect(await h.getGrid('Outbox archive')).toEqual([ARCHIVE_HEADER]);
  });

  it('reads only the header row of a tab asked for `headerOnly`, in the same call', async () => {
    h.resetCalls();
    const grids = await h.store.readTabs(['Audit', 'Outbox'], { headerOnly: ['Outbox'] });
    expect(h.calls()).toEqual({ reads: 1, writes: 0 });
    expect(grids.get('Outbox')).toEqual([OUTBOX_HEADER]);
    expect(grids.get('Audit')).toHaveLength(AUDIT.length + 1);
  });

  it('writes nothing for rows none of which is there any more', async () => {
    const header = OUTBOX_HEADER;
    const row = rowCells(header, ['MSG-9', 'reminder']);
    h.resetCalls();
    const result = await createWorkbook(h.store).maintain({ rows: [{ tab: 'Outbox', row, remove: true }] });
    expect(result.skipped.map((s) => s.reason)).toEqual(['no longer there']);
    expect(h.calls()).toEqual({ reads: 1, writes: 0 });
  });
});

function mapText(cells: Record<string, string>) {
  return Object.fromEntries(Object.entries(cells).map(([name, text]) => [name, { text }]));
}

function labelOf(tab: Tab, row: RowCells): string {
  return String(row[tab === 'Outbox' ? 'Message ID' : 'Action'] ?? '');
}
