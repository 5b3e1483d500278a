import { describe, expect, it } from 'vitest';
import { decodeTable, mapHeaders } from '../sheets-schema/table.js';
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
