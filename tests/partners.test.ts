/**
 * Partners decided from snapshots: a next step reaches its owner on its day at 09:00 local (after quiet hours),
 * once per date, across a DST change; an unknown owner's goes to the leaders channel; Last sponsored follows
 * Done events and projects; the digest warns when too few sponsors gave lately.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Cell } from '../sheets-schema/cells.js';
import type { Change } from '../sheets-schema/changes.js';
import { withChanges } from '../sheets-schema/overlay.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import type { TabName } from '../sheets-schema/tabs/index.js';
import { NEXT_STEP_KIND, planPartnerNextSteps } from '../workflows/partners/next-steps.js';
import { planEventSponsors, sponsorWarning } from '../workflows/partners/sponsors.js';
import { renderOutbox } from '../workflows/renderers.js';
import { type Rows, sheetOf } from './fakes/sheet-of.js';

const ZONE = 'Europe/London';
const GRACE = 'U07GRACEHO1';

function sheet(tabs: Partial<Record<TabName, Rows>>, settings: Record<string, string> = {}): Snapshot {
  return sheetOf(
    {
      Leaders: [
        { 'Slack ID': GRACE, Name: 'Grace Hopper', Role: 'Organizer', 'Can approve': 'Yes', Active: 'Yes' },
      ],
      ...tabs,
    },
    { 'Time zone': ZONE, 'Leaders channel': '#leaders', ...settings },
  );
}

const partner = (id: number, cells: Record<string, Cell>): Record<string, Cell> => ({
  'Partner ID': `PA-${id}`,
  Name: `Partner ${id}`,
  Kind: 'Sponsor',
  Stage: 'Active',
  ...cells,
});

const outboxOf = (changes: readonly Change[]) =>
  changes
    .filter((c): c is Extract<Change, { kind: 'append' }> => c.kind === 'append' && c.tab === 'Outbox')
    .map((c) => c.values as Record<string, unknown>);

describe('next steps: 09:00 local on their day, once per date, to their owner', () => {
  // Summer time starts on Sunday 29 March 2026 at 01:00 UTC: 09:00 is 09:00 UTC before, 08:00 UTC after.
  it.each([
    ['the day before the change', '2026-03-28', GRACE, '2026-03-28T09:00:00.000Z'],
    ['the day of the change', '2026-03-29', GRACE, '2026-03-29T08:00:00.000Z'],
    ['the day after, owner by name', '2026-03-30', 'grace hopper', '2026-03-30T08:00:00.000Z'],
    ['owner as a mention', '2026-03-30', `<@${GRACE}>`, '2026-03-30T08:00:00.000Z'],
  ])('%s', (_case, day, owner, at) => {
    let view = sheet({
      Partners: [partner(1, { Owner: owner, 'Next step': 'Send the deck', 'Next step on': day })],
    });
    const sent: { at: string; row: Record<string, unknown> }[] = [];
    const from = DateTime.fromISO('2026-03-27T00:00', { zone: ZONE });
    for (let t = from; t < from.plus({ days: 5 }); t = t.plus({ minutes: 30 })) {
      const plan = planPartnerNextSteps(view, t);
      for (const row of outboxOf(plan.changes)) sent.push({ at: t.toUTC().toISO() as string, row });
      view = withChanges(view, plan.changes);
    }
    expect(sent).toEqual([
      { at, row: expect.objectContaining({ kind: NEXT_STEP_KIND, to: GRACE, about: `PA-1 ${day}` }) },
    ]);
    const row = view.table('Outbox').rows[0]?.values;
    const delivery = row && renderOutbox(row, view);
    expect(delivery).toMatchObject({ kind: 'post', to: GRACE });
    expect(JSON.stringify(delivery)).toContain('Send the deck');
  });

  it('a new date is reminded again; an unknown owner goes to the leaders channel; Ended is not', () => {
    const now = DateTime.fromISO('2026-04-02T09:30', { zone: ZONE });
    const view = sheet({
      Partners: [
        partner(1, { Owner: 'Nobody Known', 'Next step': 'Call', 'Next step on': '2026-04-02' }),
        partner(2, { Owner: GRACE, Stage: 'Ended', 'Next step': 'Call', 'Next step on': '2026-04-02' }),
        partner(3, { Owner: GRACE, 'Next step': 'Call', 'Next step on': '2026-03-01' }),
      ],
    });
    const plan = planPartnerNextSteps(view, now);
    expect(outboxOf(plan.changes).map((r) => [r.to, r.about])).toEqual([['#leaders', 'PA-1 2026-04-02']]);
    const after = withChanges(view, plan.changes);
    const row = after.table('Outbox').rows[0]?.values;
    expect(JSON.stringify(row && renderOutbox(row, after))).toContain('Nobody Known');
    // Moved to the next week: that date is reminded too.
    const moved = withChanges(after, [
      {
        kind: 'update',
        tab: 'Partners',
        id: 'PA-1',
        set: { nextStepOn: now.plus({ weeks: 1 }).startOf('day') },
      },
    ]);
    expect(outboxOf(planPartnerNextSteps(moved, now.plus({ weeks: 1 })).changes)).toHaveLength(1);
  });
});

describe('Last sponsored follows what partners sponsored', () => {
  it('a Done event moves its partners (by ID or name) to its day, never back', () => {
    const now = DateTime.fromISO('2026-06-10T12:00', { zone: ZONE });
    const view = sheet({
      Partners: [
        partner(1, { 'Last sponsored': '2026-01-01' }),
        partner(2, { Name: 'Globex' }),
        partner(3, { 'Last sponsored': '2026-06-01' }),
      ],
      Events: [
        {
          'Event ID': 'EV-1',
          Title: 'Talk',
          Starts: '2026-05-20T18:00',
          Status: 'Done',
          Partners: 'PA-1, globex, PA-3, Someone',
        },
        {
          'Event ID': 'EV-2',
          Title: 'Next',
          Starts: '2026-07-20T18:00',
          Status: 'Announced',
          Partners: 'PA-1',
        },
      ],
    });
    const plan = planEventSponsors(view, now);
    const after = withChanges(view, plan.changes);
    const last = (id: string) => after.table('Partners').byId(id)?.values.lastSponsored?.toISODate();
    expect([last('PA-1'), last('PA-2'), last('PA-3')]).toEqual(['2026-05-20', '2026-05-20', '2026-06-01']);
    expect(planEventSponsors(after, now).changes).toEqual([]);
  });
});

describe('the sponsor warning', () => {
  const NOW = DateTime.fromISO('2026-12-01T09:00', { zone: ZONE });
  const ago = (months: number) => NOW.minus({ months }).toISODate() as string;
  it.each([
    ['no sponsors kept: nothing to say', [], undefined],
    [
      'two gave lately: nothing to say',
      [partner(1, { 'Last sponsored': ago(1) }), partner(2, { 'Last sponsored': ago(5) })],
      undefined,
    ],
    [
      'one gave lately: the three not asked longest, never first',
      [
        partner(1, { 'Last sponsored': ago(1) }),
        partner(2, { 'Last sponsored': ago(8) }),
        partner(3, {}),
        partner(4, { 'Last sponsored': ago(20) }),
        partner(5, { 'Last sponsored': ago(7) }),
        partner(6, { Stage: 'Ended' }),
        partner(7, { Kind: 'Venue' }),
      ],
      { recent: 1, names: ['Partner 3', 'Partner 4', 'Partner 2'] },
    ],
    [
      'Ended sponsors do not count',
      [partner(1, { 'Last sponsored': ago(1), Stage: 'Ended' }), partner(2, { 'Last sponsored': ago(2) })],
      { recent: 1, names: [] },
    ],
  ])('%s', (_case, partners, expected) => {
    const warning = sponsorWarning(sheet({ Partners: partners }), NOW);
    expect(warning && { recent: warning.recent, names: warning.longest.map((s) => s.name) }).toEqual(
      expected,
    );
  });
});
