import { describe, expect, it } from 'vitest';
import { append, update } from '../sheets-schema/changes.js';
import { sameColumnsAs, withChanges } from '../sheets-schema/overlay.js';
import { decodeSnapshot } from '../sheets-schema/snapshot.js';
import { memberByEmail, memberBySlackId } from '../workflows/records.js';

const snapshot = () =>
  decodeSnapshot(
    new Map([
      ['Settings', [['Setting', 'Value']]],
      [
        'Members',
        [
          ['Member ID', 'Name', 'Email', 'Slack ID', 'Status'],
          ['M-1', 'Ada', 'ada@example.org', 'U0ADA000001', 'Active'],
          ['M-2', 'Grace', 'grace@example.org', '', 'Active'],
        ],
      ],
    ]),
    ['Members'],
  );

describe('overlays: what was derived from columns they did not set', () => {
  it('reaches back past overlays that set other columns, and stops at one that set them or added rows', () => {
    const base = snapshot();
    const members = base.table('Members');
    const touched = withChanges(base, [update('Members', 'M-1', { status: 'Inactive' })]);
    expect(sameColumnsAs(touched.table('Members'), ['email'])).toBe(members);
    const emailed = withChanges(touched, [update('Members', 'M-2', { email: 'grace@example.com' })]);
    expect(sameColumnsAs(emailed.table('Members'), ['email'])).toBe(emailed.table('Members'));
    expect(sameColumnsAs(emailed.table('Members'), ['slackId'])).toBe(members);
    const added = withChanges(touched, [
      append('Members', { memberId: 'M-3', name: 'Linus', email: 'l@example.org' }),
    ]);
    expect(sameColumnsAs(added.table('Members'), ['slackId'])).toBe(added.table('Members'));
  });

  it('finds members by email and Slack ID as they are now, through any overlay', () => {
    const base = snapshot();
    const view = withChanges(base, [update('Members', 'M-1', { status: 'Inactive' })]);
    // The index of the decoded table serves; the row is read as the overlay has it.
    expect(memberByEmail(view, ' ADA@example.org ')).toMatchObject({ memberId: 'M-1', status: 'Inactive' });
    expect(memberBySlackId(view, 'U0ADA000001')?.status).toBe('Inactive');
    const moved = withChanges(view, [
      update('Members', 'M-2', { email: 'grace@example.com', slackId: 'U0GRACE0001' }),
      append('Members', { memberId: 'M-3', name: 'Linus', email: 'linus@example.org' }),
    ]);
    expect(memberByEmail(moved, 'grace@example.org')).toBeUndefined();
    expect(memberByEmail(moved, 'grace@example.com')?.memberId).toBe('M-2');
    expect(memberBySlackId(moved, 'U0GRACE0001')?.memberId).toBe('M-2');
    expect(memberByEmail(moved, 'linus@example.org')?.memberId).toBe('M-3');
    expect(memberByEmail(moved, '')).toBeUndefined();
  });

  it('gives the same rows and look-ups through a chain of overlays as one overlay of every change', () => {
    const base = snapshot();
    const steps = [
      [update('Members', 'M-1', { status: 'Inactive' })],
      [append('Members', { memberId: 'M-3', name: 'Linus', email: 'linus@example.org' })],
      [update('Members', 'M-3', { status: 'Active' }), update('Members', 'M-2', { name: 'Grace H.' })],
      [update('Members', 'M-1', { status: 'Active' }), update('Members', 'M-9', { status: 'Left' })],
    ];
    let chained = base;
    for (const changes of steps) chained = withChanges(chained, changes);
    const once = withChanges(base, steps.flat());
    const shown = (view: typeof base) =>
      view.table('Members').rows.map((r) => [r.sheetRow, r.values.memberId, r.values.name, r.values.status]);
    expect(shown(chained)).toEqual([
      [2, 'M-1', 'Ada', 'Active'],
      [3, 'M-2', 'Grace H.', 'Active'],
      [0, 'M-3', 'Linus', 'Active'],
    ]);
    expect(shown(chained)).toEqual(shown(once));
    for (const id of ['M-1', 'M-2', 'M-3', 'M-9'])
      expect(chained.table('Members').byId(id)?.values).toEqual(once.table('Members').byId(id)?.values);
    // The tables overlaid on stay as they were.
    expect(shown(base)).toEqual([
      [2, 'M-1', 'Ada', 'Active'],
      [3, 'M-2', 'Grace', 'Active'],
    ]);
  });
});
