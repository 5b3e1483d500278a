/**
 * Milestones decided from snapshots: the 1st, 5th and 10th event attended (RSVPs ticked Attended, in the
 * order of their events' Starts) and the first anniversary of Joined, each celebrated once, only within a week
 * of being reached, never for a member who is not Active or whose Celebrate is No, nor with the setting off,
 * and never in quiet hours.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Cell } from '../sheets-schema/cells.js';
import type { Change } from '../sheets-schema/changes.js';
import { withChanges } from '../sheets-schema/overlay.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import { TAB_NAMES, type TabName } from '../sheets-schema/tabs/index.js';
import { MILESTONE_KIND, planMilestones } from '../workflows/connections/milestones.js';
import { decideTick } from '../workflows/decide.js';
import type { Plan } from '../workflows/plan.js';
import { outboxIdFor } from '../workflows/records.js';
import { renderOutbox } from '../workflows/renderers.js';
import { type Rows, sheetOf } from './fakes/sheet-of.js';

const ZONE = 'Europe/London';
/** A Tuesday evening, outside the default quiet hours (21:00-08:00). */
const NOW = DateTime.fromISO('2026-12-08T18:00', { zone: ZONE });
const daysAgo = (days: number) => NOW.minus({ days }).toISO() as string;

const SETTINGS = {
  'Group name': 'Leeds Hikers',
  'Time zone': ZONE,
  'Introductions channel': '#introductions',
};

const GRACE = {
  'Member ID': 'M-1',
  Name: 'Grace Hopper',
  Email: 'grace@example.org',
  'Slack ID': 'U0GRACE001',
  Status: 'Active',
  Joined: daysAgo(200),
};

/** Events EV-1 … EV-n, each starting `ago[i]` days before NOW. */
const events = (ago: readonly number[]): Rows =>
  ago.map((days, i) => ({
    'Event ID': `EV-${i + 1}`,
    Title: `Walk ${i + 1}`,
    Starts: daysAgo(days),
    Status: 'Done',
  }));

/** Grace's RSVPs to those events, ticked Attended. */
const attended = (count: number, person: Record<string, Cell> = { Email: 'grace@example.org' }): Rows =>
  Array.from({ length: count }, (_, i) => ({
    'RSVP ID': `R-${i + 1}`,
    'Event ID': `EV-${i + 1}`,
    ...person,
    Response: 'Yes',
    Status: 'Confirmed',
    Attended: 'Yes',
  }));

function sheet(tabs: Partial<Record<TabName, Rows>>, settings: Record<string, string> = {}): Snapshot {
  return sheetOf(tabs, { ...SETTINGS, ...settings });
}

const milestonesOf = (plan: Plan) =>
  plan.changes
    .filter((c): c is Extract<Change, { kind: 'append' }> => c.kind === 'append' && c.tab === 'Outbox')
    .map((c) => c.values as Record<string, unknown>)
    .filter((row) => row.kind === MILESTONE_KIND);

const abouts = (plan: Plan) => milestonesOf(plan).map((row) => row.about);

describe('planMilestones: what is celebrated', () => {
  it.each([
    ['the first event, two days ago', [2], 1, {}, ['M-1 event-1 EV-1']],
    ['the 5th event, the first a month ago', [30, 20, 15, 10, 3], 5, {}, ['M-1 event-5 EV-5']],
    ['the 10th event', [90, 80, 70, 60, 50, 40, 30, 20, 10, 1], 10, {}, ['M-1 event-10 EV-10']],
    ['five events in one week: the 5th says it', [6, 5, 4, 3, 2], 5, {}, ['M-1 event-5 EV-5']],
    ['the first event eight days ago: too late', [8], 1, {}, []],
    ['the 6th event: not a milestone', [40, 30, 20, 15, 10, 1], 6, {}, []],
    ['an event ticked Attended that has not started', [-1], 1, {}, []],
    [
      'a first anniversary three days ago',
      [],
      0,
      { Joined: NOW.minus({ years: 1, days: 3 }).toISO() },
      ['M-1 year-1'],
    ],
    ['an anniversary a fortnight ago', [], 0, { Joined: NOW.minus({ years: 1, days: 14 }).toISO() }, []],
    ['an anniversary next week', [], 0, { Joined: NOW.minus({ years: 1 }).plus({ days: 3 }).toISO() }, []],
    [
      'a first event and an anniversary in the same week',
      [1],
      1,
      { Joined: NOW.minus({ years: 1, days: 1 }).toISO() },
      ['M-1 event-1 EV-1', 'M-1 year-1'],
    ],
    ['Celebrate No', [2], 1, { Celebrate: 'No' }, []],
    ['Celebrate Yes', [2], 1, { Celebrate: 'Yes' }, ['M-1 event-1 EV-1']],
    ['a member who is Pending', [2], 1, { Status: 'Pending' }, []],
    ['a member who has left', [2], 1, { Status: 'Left' }, []],
  ] as const)('%s', (_case, ago, count, member, expected) => {
    const snapshot = sheet({
      Members: [{ ...GRACE, ...member }],
      Events: events(ago),
      RSVPs: attended(count),
    });
    expect(abouts(planMilestones(snapshot, NOW))).toEqual(expected);
  });

  it('counts only RSVPs ticked Attended, by email or else Slack ID, each event once, in the order of Starts', () => {
    const rsvps: Rows = [
      // Not ticked: not counted.
      { 'RSVP ID': 'R-1', 'Event ID': 'EV-1', Email: 'grace@example.org', Response: 'Yes' },
      // An event no longer in the Events tab: counted, as the earliest.
      { 'RSVP ID': 'R-2', 'Event ID': 'EV-99', Email: 'grace@example.org', Response: 'Yes', Attended: 'Yes' },
      // By Slack ID (a click, before her email was known).
      { 'RSVP ID': 'R-3', 'Event ID': 'EV-3', 'Slack ID': 'U0GRACE001', Response: 'Yes', Attended: 'Yes' },
      { 'RSVP ID': 'R-4', 'Event ID': 'EV-2', Email: 'GRACE@example.org', Response: 'Yes', Attended: 'Yes' },
    ];
    // EV-2 (10 days ago) is her 2nd, EV-3 (yesterday) her 3rd: nothing to celebrate; without EV-99, EV-3 is
    // her 2nd still.
    const snapshot = sheet({ Members: [GRACE], Events: events([30, 10, 1]), RSVPs: rsvps });
    expect(abouts(planMilestones(snapshot, NOW))).toEqual([]);
    const first = sheet({ Members: [GRACE], Events: events([30, 10, 1]), RSVPs: rsvps.slice(2) });
    expect(abouts(planMilestones(first, NOW))).toEqual([]);
    const only = sheet({ Members: [GRACE], Events: events([30, 10, 1]), RSVPs: rsvps.slice(2, 3) });
    expect(abouts(planMilestones(only, NOW))).toEqual(['M-1 event-1 EV-3']);
  });

  it('nothing with Settings → Celebrate milestones = No', () => {
    const snapshot = sheet(
      { Members: [GRACE], Events: events([2]), RSVPs: attended(1) },
      { 'Celebrate milestones': 'No' },
    );
    expect(planMilestones(snapshot, NOW).changes).toEqual([]);
  });
});

describe('a milestone is celebrated once', () => {
  it('keyed by the member and the milestone, posted in the introductions channel at once', () => {
    const snapshot = sheet({ Members: [GRACE], Events: events([2]), RSVPs: attended(1) });
    const plan = planMilestones(snapshot, NOW);
    const key = outboxIdFor('milestone:M-1:event-1');
    expect(milestonesOf(plan)).toEqual([
      expect.objectContaining({ messageId: key, to: '#introductions', status: 'Scheduled' }),
    ]);
    expect(plan.send).toEqual([key]);
    const later = withChanges(snapshot, plan.changes);
    expect(planMilestones(later, NOW.plus({ hours: 1 })).changes).toEqual([]);
  });

  it('is one of the tick’s steps', () => {
    const snapshot = sheet({ Members: [GRACE], Events: events([2]), RSVPs: attended(1) });
    expect(abouts(decideTick(snapshot, TAB_NAMES, NOW))).toEqual(['M-1 event-1 EV-1']);
  });
});

describe('quiet hours', () => {
  it.each([
    ['in quiet hours: due at their end, not sent now', '2026-12-08T23:30', '2026-12-09T08:00', []],
    ['after midnight', '2026-12-09T06:00', '2026-12-09T08:00', []],
    ['outside them: at once', '2026-12-08T20:59', '2026-12-08T20:59', ['sent']],
  ])('%s', (_case, at, due, sent) => {
    const now = DateTime.fromISO(at, { zone: ZONE });
    const snapshot = sheet({ Members: [GRACE], Events: events([2]), RSVPs: attended(1) });
    const plan = planMilestones(snapshot, now);
    const [row] = milestonesOf(plan);
    expect((row?.due as DateTime | undefined)?.toMillis()).toBe(
      DateTime.fromISO(due, { zone: ZONE }).toMillis(),
    );
    expect(plan.send.map(() => 'sent')).toEqual(sent);
  });

  it('Quiet hours none: at once', () => {
    const now = DateTime.fromISO('2026-12-08T23:30', { zone: ZONE });
    const snapshot = sheet(
      { Members: [GRACE], Events: events([2]), RSVPs: attended(1) },
      { 'Quiet hours': 'none' },
    );
    expect(planMilestones(snapshot, now).send).toHaveLength(1);
  });
});

describe('the shout-out, as sent', () => {
  const rendered = (snapshot: Snapshot) => {
    const plan = planMilestones(snapshot, NOW);
    const view = withChanges(snapshot, plan.changes);
    const row = view.table('Outbox').rows.find((r) => r.values.kind === MILESTONE_KIND)?.values;
    if (!row) throw new Error('no milestone row');
    return renderOutbox(row, view);
  };

  it('mentions the member by Slack ID, and names the event', () => {
    const delivery = rendered(sheet({ Members: [GRACE], Events: events([2]), RSVPs: attended(1) }));
    expect(delivery).toMatchObject({ kind: 'post', to: '#introductions' });
    expect(delivery.kind === 'post' && delivery.message.text).toBe(
      '<@U0GRACE001> came to their first Leeds Hikers event, Walk 1! Great to have you with us. Say congratulations in the thread :raised_hands:',
    );
  });

  it('names a member Hearth knows no Slack ID of', () => {
    const member = { ...GRACE, 'Slack ID': '' };
    const delivery = rendered(sheet({ Members: [member], Events: events([2]), RSVPs: attended(1) }));
    expect(delivery.kind === 'post' && delivery.message.text).toContain('Grace Hopper came to their first');
  });

  it('is skipped when, by the time it is sent, the setting is off or the member said Celebrate No', () => {
    const snapshot = sheet({ Members: [GRACE], Events: events([2]), RSVPs: attended(1) });
    const plan = planMilestones(snapshot, NOW);
    const row = withChanges(snapshot, plan.changes).table('Outbox').rows[0]?.values;
    if (!row) throw new Error('no row');
    const off = sheet(
      { Members: [GRACE], Events: events([2]), RSVPs: attended(1) },
      { 'Celebrate milestones': 'No' },
    );
    expect(renderOutbox(row, off)).toEqual({ kind: 'skip', reason: 'Settings → Celebrate milestones is No' });
    const no = sheet({ Members: [{ ...GRACE, Celebrate: 'No' }], Events: events([2]), RSVPs: attended(1) });
    expect(renderOutbox(row, no)).toMatchObject({ kind: 'skip' });
  });
});
