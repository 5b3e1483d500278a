import { describe, expect, it } from 'vitest';
import type { Cell } from '../sheets-schema/cells.js';
import { planHousekeeping, problemKey } from '../sheets-schema/housekeeping.js';
import { decodeSnapshot } from '../sheets-schema/snapshot.js';
import { TABS, type TabName } from '../sheets-schema/tabs/index.js';

const headersOf = (tab: TabName) => Object.values(TABS[tab].columns).map((c) => c.header);

function snapshotOf(grids: Record<string, Cell[][]>, tabs: TabName[]) {
  return decodeSnapshot(new Map(Object.entries(grids)), tabs);
}

describe('planHousekeeping', () => {
  it('gives hand-added rows IDs, writes problems into Problems cells and clears fixed ones', () => {
    const header = headersOf('Events');
    const problems = header.indexOf('Problems');
    const fixed: Cell[] = ['EV-1', 'Fixed', '2026-12-03 18:30', null, 'Hall', 20, null, null, 'Draft'];
    fixed[problems] = 'Events!F2: Capacity "twenty" is not a whole number';
    const snap = snapshotOf(
      {
        Settings: [
          ['Setting', 'Value'],
          ['Time zone', 'Europe/Londn'],
        ],
        Events: [
          header,
          fixed,
          ['EV-2', 'Broken', 'soon', null, 'Hall', 20, null, null, 'Draft'],
          [null, 'By hand', '2026-12-09 18:30', null, 'Cafe', 8, null, null, 'Draft'],
        ],
      },
      ['Events'],
    );
    const { changes, forAudit } = planHousekeeping(snap, ['Events']);
    expect(changes).toEqual([
      { kind: 'update', tab: 'Events', id: 'EV-1', set: { problems: null } },
      {
        kind: 'update',
        tab: 'Events',
        id: 'EV-2',
        set: { problems: 'Events!C3: Starts "soon" is not a date and time: type it like 2026-12-03 18:30' },
      },
      expect.objectContaining({
        kind: 'claim',
        tab: 'Events',
        id: 'EV-3',
        match: expect.objectContaining({ title: 'By hand' }),
      }),
    ]);
    expect(forAudit.map((p) => p.a1)).toEqual(['Settings!B2']);
  });

  it('plans nothing once the sheet says what it should', () => {
    const header = headersOf('Members');
    const snap = snapshotOf(
      { Settings: [['Setting', 'Value']], Members: [header, ['M-1', 'Ada', 'ada@example.org']] },
      ['Members'],
    );
    expect(planHousekeeping(snap, ['Members'])).toEqual({ changes: [], forAudit: [] });
  });

  it('sends problems of tabs without a Problems column, and missing headers, to Audit', () => {
    const snap = snapshotOf(
      {
        Settings: [['Setting', 'Value']],
        RSVPs: [headersOf('RSVPs'), ['R-1', 'EV-1', 'a@example.org', null, 'Maybe']],
        Events: [headersOf('Events').filter((h) => h !== 'Seats left')],
      },
      ['RSVPs', 'Events'],
    );
    const { forAudit } = planHousekeeping(snap, ['RSVPs', 'Events']);
    expect(forAudit.map((p) => `${p.a1} ${p.header}`)).toEqual(['RSVPs!E2 Response', 'Events!A1 Seats left']);
    expect(problemKey(forAudit[0] as (typeof forAudit)[number])).toMatch(/^problem:RSVPs!E2:[0-9a-f]{12}$/);
  });
});
