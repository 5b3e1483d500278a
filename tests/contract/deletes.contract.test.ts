import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../common/errors.js';
import type { CellWrite } from '../../sheets-schema/cells.js';
import { googleHarness } from './hands-google.js';
import { localHarness } from './hands-local.js';
import { memoryHarness } from './hands-memory.js';
import type { Harness } from './harness.js';

const text = (value: string): CellWrite => ({ text: value });

describe.each([
  ['google', googleHarness],
  ['local', localHarness],
  ['memory', memoryHarness],
])('GridStore row deletes: %s', (_name, makeHarness) => {
  let h: Harness;

  beforeEach(async () => {
    h = await makeHarness();
    await h.setGrid('Log', [
      ['Name', 'Note'],
      ['r1', 'one'],
      ['r2', 'two'],
      ['r3', 'three'],
      ['r4', 'four'],
      ['r5', 'five'],
      ['r6', 'six'],
    ]);
    await h.setGrid('Other', [['Name'], ['x']]);
  });
  afterEach(async () => {
    await h.close();
  });

  it('deletes rows by their index at the start of the write; the rows below move up', async () => {
    h.resetCalls();
    // Unsorted, repeated and in two runs: 2-3 and 5.
    await h.store.write({ appends: [], updates: [], deletes: [{ tab: 'Log', rows: [5, 2, 3, 2] }] });
    expect(h.calls()).toEqual({ reads: 0, writes: 1 });
    expect(await h.getGrid('Log')).toEqual([
      ['Name', 'Note'],
      ['r1', 'one'],
      ['r4', 'four'],
      ['r6', 'six'],
    ]);
    expect(await h.getGrid('Other')).toEqual([['Name'], ['x']]);
  });

  it('keeps a date as a date when its row moves up', async () => {
    await h.store.write({
      appends: [{ tab: 'Log', rows: [[text('r7'), { serial: 46_000.5 }]] }],
      updates: [],
    });
    await h.store.write({ appends: [], updates: [], deletes: [{ tab: 'Log', rows: [1, 2, 3] }] });
    const grid = await h.getGrid('Log');
    expect(grid.map((r) => r[0])).toEqual(['Name', 'r4', 'r5', 'r6', 'r7']);
    expect(grid[4]?.[1]).toBe(46_000.5);
  });

  it('applies appends, updates and deletes together in one write', async () => {
    h.resetCalls();
    await h.store.write({
      appends: [
        { tab: 'Log', rows: [[text('r7'), text('seven')]] },
        { tab: 'Other', rows: [[text('y')]] },
      ],
      updates: [{ tab: 'Log', row: 4, column: 1, value: text('FOUR') }],
      deletes: [
        { tab: 'Log', rows: [1, 2, 3] },
        { tab: 'Other', rows: [1] },
      ],
    });
    expect(h.calls()).toEqual({ reads: 0, writes: 1 });
    expect(await h.getGrid('Log')).toEqual([
      ['Name', 'Note'],
      ['r4', 'FOUR'],
      ['r5', 'five'],
      ['r6', 'six'],
      ['r7', 'seven'],
    ]);
    expect(await h.getGrid('Other')).toEqual([['Name'], ['y']]);
  });

  it('can delete every row below the header, and appends then land under it', async () => {
    await h.store.applyLayout([{ kind: 'freezeHeader', tab: 'Log' }]);
    await h.store.write({ appends: [], updates: [], deletes: [{ tab: 'Log', rows: [1, 2, 3, 4, 5, 6] }] });
    expect(await h.getGrid('Log')).toEqual([['Name', 'Note']]);
    await h.store.write({ appends: [{ tab: 'Log', rows: [[text('new')]] }], updates: [] });
    expect(await h.getGrid('Log')).toEqual([['Name', 'Note'], ['new']]);
  });

  it('deletes nothing when the write fails', async () => {
    const before = await h.getGrid('Log');
    const batch = {
      appends: [{ tab: 'Other', rows: [[text('y')]] }],
      updates: [{ tab: 'Log', row: 1, column: 1, value: text('changed') }],
      deletes: [{ tab: 'Log', rows: [2, 3] }],
    };
    h.failNext(1);
    await expect(h.store.write(batch)).rejects.toMatchObject({ retryable: true });
    expect(await h.getGrid('Log')).toEqual(before);
    expect(await h.getGrid('Other')).toEqual([['Name'], ['x']]);

    // A missing tab fails the whole write before anything changes.
    await expect(
      h.store.write({ ...batch, deletes: [...batch.deletes, { tab: 'Nope', rows: [1] }] }),
    ).rejects.toMatchObject({ code: ErrorCode.TabMissing });
    expect(await h.getGrid('Log')).toEqual(before);
    expect(await h.getGrid('Other')).toEqual([['Name'], ['x']]);
  });
});
