import { DateTime } from 'luxon';
import { beforeEach, describe, expect, it } from 'vitest';
import { clockAt } from '../common/clock.js';
import { createMemoryIdLedger } from '../functions/id-ledger.js';
import { memoryLogger } from '../functions/log.js';
import { Writer } from '../functions/writer/index.js';
import type { Cell } from '../sheets-schema/cells.js';
import { provision } from '../sheets-schema/provision.js';
import { createWorkbook, type Workbook } from '../sheets-schema/workbook.js';
import { lostIds } from '../workflows/ids.js';
import type { Work } from '../workflows/inputs.js';
import { joinInput } from './fakes/inputs.js';
import { memoryGrid } from './fakes/memory-grid.js';
import { recordingChat } from './fakes/recording-chat.js';
import { sheetOf } from './fakes/sheet-of.js';

const NOW = DateTime.fromISO('2026-12-01T10:00:00Z');

const join = (n: number): Work =>
  joinInput(
    { identity: `form:join-${n}`, submittedAt: NOW.plus({ minutes: n }).toISO() as string },
    { name: `Person ${n}`, email: `person${n}@example.org` },
  );

describe('IDs are never given twice', () => {
  let grid: ReturnType<typeof memoryGrid>;
  let workbook: Workbook;
  let ledger: ReturnType<typeof createMemoryIdLedger>;
  let chat: ReturnType<typeof recordingChat>;
  const writer = () =>
    new Writer({ workbook, chat: chat.chat, clock: clockAt(() => NOW), log: memoryLogger(), ids: ledger });

  beforeEach(async () => {
    grid = memoryGrid();
    workbook = createWorkbook(grid);
    await provision(grid, workbook);
    ledger = createMemoryIdLedger();
    chat = recordingChat();
  });

  const rows = async (tab: 'Members' | 'Outbox' | 'IDs' | 'Audit') =>
    (await workbook.read([tab])).table(tab).rows.map((r) => r.values as Record<string, unknown>);
  /** An organizer deletes a tab's last row by hand. */
  const deleteLastRow = (tab: string) => (grid.grids.get(tab) as Cell[][]).pop();

  it('after the last row is deleted by hand, the next one gets a new ID and its own welcome', async () => {
    const first = writer();
    await first.submit(join(1));
    await first.idle();
    expect((await rows('Members')).map((m) => m.memberId)).toEqual(['M-1']);
    expect((await rows('IDs')).map((r) => [r.kind, r.lastId])).toEqual([['M-', 'M-1']]);
    deleteLastRow('Members');

    // Even a writer that starts afresh (a restart) goes on from the IDs tab and the ledger.
    const second = writer();
    await second.submit(join(2));
    await second.idle();
    expect((await rows('Members')).map((m) => m.memberId)).toEqual(['M-2']);
    const welcomes = (await rows('Outbox')).filter((m) => m.kind === 'welcome').map((m) => m.about);
    expect(welcomes).toEqual(['M-1', 'M-2']);
    // A deletion is not a rollback: nobody is told anything.
    expect((await rows('Audit')).filter((a) => a.action === 'sheet.rolled-back')).toEqual([]);
  });

  it('without the IDs tab row and the Members row, the ledger outside the sheet still knows', async () => {
    const first = writer();
    await first.submit(join(1));
    await first.idle();
    deleteLastRow('Members');
    deleteLastRow('IDs');
    grid.grids.set('Outbox', (grid.grids.get('Outbox') as Cell[][]).slice(0, 1));
    const second = writer();
    await second.submit(join(2));
    await second.idle();
    expect((await rows('Members')).map((m) => m.memberId)).toEqual(['M-2']);
  });

  it('after an older copy of the sheet is saved over Hearth’s write: new IDs, and the leaders are told once', async () => {
    const w = writer();
    await w.submit(join(1));
    await w.idle();
    const older = new Map([...grid.grids].map(([tab, cells]) => [tab, cells.map((row) => [...row])]));
    await w.submit(join(2));
    await w.idle();
    expect(ledger.marks.get('M-')).toBe(2);
    // The organizer's program saves its older copy over the file.
    for (const [tab, cells] of older) grid.grids.set(tab, cells);

    const after = writer(); // a restart, as after a restore
    await after.submit(join(3));
    await after.idle();
    await after.tick(NOW.plus({ minutes: 10 }));
    await after.idle();
    expect((await rows('Members')).map((m) => m.memberId)).toEqual(['M-1', 'M-3']);
    const told = (await rows('Audit')).filter((a) => a.action === 'sheet.rolled-back');
    expect(told).toEqual([expect.objectContaining({ target: 'M-2' })]);
    expect(String(told[0]?.details)).toMatch(/no longer has M-2.*new ones go on after M-2/);
    expect(chat.posts.filter((p) => p.text.includes('no longer has M-2'))).toHaveLength(1);
    expect((await rows('IDs')).find((r) => r.kind === 'M-')?.lastId).toBe('M-3');
  });
});

describe('lostIds: a rollback, told apart from rows deleted by hand', () => {
  const members = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      'Member ID': `M-${i + 1}`,
      Name: `P${i}`,
      Email: `p${i}@example.org`,
      Status: 'Active',
    }));
  const ids = (last: number | undefined) =>
    last === undefined ? [] : [{ Kind: 'M-', 'Last ID': `M-${last}` }];
  const ledger = new Map([['M-', 9]]);
  it.each([
    { case: 'the last row deleted by hand', rows: 8, idsTab: 9, own: 0, lost: [] },
    {
      case: 'an older copy saved over',
      rows: 8,
      idsTab: 8,
      own: 0,
      lost: [{ prefix: 'M-', given: 9, inSheet: 8 }],
    },
    {
      case: 'a copy from before any join',
      rows: 0,
      idsTab: undefined,
      own: 0,
      lost: [{ prefix: 'M-', given: 9, inSheet: 0 }],
    },
    { case: 'an IDs tab that is new, rows all there', rows: 9, idsTab: undefined, own: 0, lost: [] },
    { case: 'this writer’s own failed write', rows: 8, idsTab: 8, own: 9, lost: [] },
  ])('$case', ({ rows, idsTab, own, lost }) => {
    const snapshot = sheetOf({ Members: members(rows), IDs: ids(idsTab) }, {});
    expect(lostIds(ledger, snapshot, new Map([['M-', own]]))).toEqual(lost);
  });
});
