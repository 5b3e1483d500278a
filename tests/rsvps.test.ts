/**
 * RSVPs decided from a snapshot: one row per person per event, updated in place; the tally settled and the
 * event's counts kept in step; notices and promotions planned once; answers that cannot be taken recorded
 * with their reason; re-deliveries, older answers and unchanged answers without effect.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Change } from '../sheets-schema/changes.js';
import { withChanges } from '../sheets-schema/overlay.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import type { TabName } from '../sheets-schema/tabs/index.js';
import { decideWork } from '../workflows/decide.js';
import { planRsvp, type RsvpInput } from '../workflows/events/rsvps.js';
import type { Work } from '../workflows/inputs.js';
import { clickOf, rsvpInput } from './fakes/inputs.js';
import { type Rows, sheetOf } from './fakes/sheet-of.js';

const NOW = DateTime.fromISO('2026-12-01T14:00:00Z', { zone: 'utc' });

/** The tally's rules hold whoever answers: these sheets take RSVPs from anyone unless a test says otherwise. */
function sheet(tabs: Partial<Record<TabName, Rows>>, settings: Record<string, string> = {}): Snapshot {
  return sheetOf(tabs, {
    'Time zone': 'Europe/Berlin',
    'Announcements channel': '#events',
    'RSVPs from': 'Anyone',
    ...settings,
  });
}

const event = (over: Record<string, string | number> = {}) => ({
  'Event ID': 'EV-1',
  Title: 'Winter meetup',
  Starts: '2026-12-10 18:30',
  Capacity: 3,
  Status: 'Announced',
  ...over,
});

const MEMBERS: Rows = [
  { 'Member ID': 'M-1', Name: 'Ada', Email: 'ada@example.org', 'Slack ID': 'U0ADA00001', Status: 'Active' },
  { 'Member ID': 'M-2', Name: 'Bob', Email: 'bob@example.org', Status: 'Active' },
  { 'Member ID': 'M-3', Name: 'Eve', Email: 'eve@example.org', Status: 'Banned' },
];

let seq = 0;
const input = (over: Partial<RsvpInput>): RsvpInput => ({
  identity: `form:${++seq}`,
  source: 'Form',
  eventId: 'EV-1',
  response: 'Yes',
  guests: 0,
  submitted: NOW.minus({ minutes: 1 }),
  ...over,
});

/** Applies answers one after another, as the writer does within a batch. */
function run(snapshot: Snapshot, inputs: RsvpInput[]) {
  let view = snapshot;
  const changes: Change[] = [];
  const plans = inputs.map((i) => {
    const plan = planRsvp(i, view, NOW);
    view = withChanges(view, plan.changes);
    changes.push(...plan.changes);
    return plan;
  });
  const rsvps = view.table('RSVPs').rows.map((r) => r.values);
  const ev = view.table('Events').byId('EV-1')?.values;
  return { view, plans, changes, rsvps, event: ev };
}

const kinds = (changes: Change[]) =>
  changes
    .filter((c) => c.kind === 'append' && c.tab === 'Outbox')
    .map((c) => (c as { values: { kind: string } }).values.kind);

describe('an RSVP from the form', () => {
  it('makes one row, Confirmed, and plans a confirmation DM; the event counts follow', () => {
    const {
      rsvps,
      event: ev,
      plans,
    } = run(sheet({ Events: [event()], Members: MEMBERS }), [input({ email: 'bob@example.org', guests: 1 })]);
    expect(rsvps).toMatchObject([
      {
        rsvpId: 'R-1',
        eventId: 'EV-1',
        email: 'bob@example.org',
        response: 'Yes',
        guests: 1,
        status: 'Confirmed',
        source: 'Form',
        notified: 'Confirmed',
      },
    ]);
    expect(ev).toMatchObject({ confirmed: 2, waitlisted: 0, seatsLeft: 1 });
    expect(kinds(plans[0]?.changes ?? [])).toEqual(['rsvp.notice']);
    expect(plans[0]?.send).toHaveLength(1);
  });

  it('fills the seats, then waitlists; a No promotes the first waiting and tells them at once', () => {
    const people = ['a', 'b', 'c', 'd', 'e'].map((p) => `${p}@example.org`);
    const {
      rsvps,
      event: ev,
      changes,
    } = run(sheet({ Events: [event()] }), [
      ...people.map((email) => input({ email })),
      input({ email: 'b@example.org', response: 'No' }),
    ]);
    expect(rsvps.map((r) => [r.email, r.status, r.position])).toEqual([
      ['a@example.org', 'Confirmed', undefined],
      ['b@example.org', 'Declined', undefined],
      ['c@example.org', 'Confirmed', undefined],
      ['d@example.org', 'Confirmed', undefined],
      ['e@example.org', 'Waitlisted', 1],
    ]);
    expect(ev).toMatchObject({ confirmed: 3, waitlisted: 1, seatsLeft: 0 });
    expect(kinds(changes).filter((k) => k === 'rsvp.promoted')).toHaveLength(1);
    expect(rsvps.find((r) => r.email === 'd@example.org')?.notified).toBe('Confirmed');
  });

  it('updates the same row when the person changes their answer', () => {
    const { rsvps } = run(sheet({ Events: [event()] }), [
      input({ email: 'a@example.org', guests: 2 }),
      input({ email: 'a@example.org', response: 'No', submitted: NOW }),
    ]);
    expect(rsvps).toHaveLength(1);
    expect(rsvps[0]).toMatchObject({ response: 'No', status: 'Declined' });
  });

  it('ignores an answer older than the one on record (a late relay)', () => {
    const first = run(sheet({ Events: [event()] }), [
      input({ email: 'a@example.org', response: 'No', submitted: NOW }),
    ]);
    const late = planRsvp(
      input({ email: 'a@example.org', submitted: NOW.minus({ hours: 1 }) }),
      first.view,
      NOW,
    );
    expect(late.changes).toEqual([]);
  });

  it.each([
    ['the same Yes again', { guests: 0 }],
    ['the same answer re-delivered (same identity)', { identity: 'form:same' }],
  ])('has no effect for %s', (_name, over) => {
    const first = run(sheet({ Events: [event()] }), [
      input({ email: 'a@example.org', identity: 'form:same' }),
    ]);
    expect(planRsvp(input({ email: 'a@example.org', ...over }), first.view, NOW).changes).toEqual([]);
  });

  it('caps guests at Settings → Max guests and says so in the notice', () => {
    const { rsvps, changes } = run(sheet({ Events: [event({ Capacity: 10 })] }, { 'Max guests': '1' }), [
      input({ email: 'a@example.org', guests: 4 }),
    ]);
    expect(rsvps[0]).toMatchObject({ guests: 1, status: 'Confirmed' });
    const notice = changes.find((c) => c.kind === 'append' && c.tab === 'Outbox') as {
      values: { about: string };
    };
    expect(notice.values.about).toBe('EV-1 R-1 capped 1');
  });

  it('records a typed email that differs from the verified one, and uses the verified one', () => {
    const { rsvps, changes } = run(sheet({ Events: [event()] }), [
      input({ email: 'ada@example.org', typedEmail: 'grace@example.org' }),
    ]);
    expect(rsvps[0]?.email).toBe('ada@example.org');
    const audit = changes.filter((c) => c.kind === 'append' && c.tab === 'Audit') as {
      values: { action: string; details: string };
    }[];
    expect(audit.map((a) => a.values.action)).toEqual(['rsvp.email-mismatch', 'rsvp.yes']);
    expect(audit[0]?.values.details).toContain('grace@example.org');
  });

  it.each([
    [
      'an unknown event',
      { eventId: 'EV-9' },
      [event()],
      'unknown-event',
      'no event EV-9 in the Events tab: check the Event ID',
    ],
    [
      'an event whose row has a typo',
      {},
      [event({ Capacity: 'twenty' })],
      'event-needs-fix',
      'EV-1 can’t take RSVPs until Events!F2 is fixed: Capacity "twenty" is not a whole number (0 or more): type a number like 20',
    ],
    [
      'a Draft event',
      {},
      [event({ Status: 'Draft' })],
      'not-open',
      'EV-1 is Draft: set its Status to Announced to open RSVPs',
    ],
    ['a Cancelled event', {}, [event({ Status: 'Cancelled' })], 'cancelled', 'EV-1 is Cancelled'],
    ['a Done event', {}, [event({ Status: 'Done' })], 'done', 'EV-1 is Done: it has taken place'],
    [
      'a past event',
      {},
      [event({ Starts: '2026-11-30 18:30' })],
      'started',
      'EV-1 started at 2026-11-30 18:30: RSVPs close when an event starts',
    ],
    [
      'after the deadline',
      {},
      [event({ 'RSVP deadline': '2026-12-01 12:00' })],
      'deadline-passed',
      'RSVPs for EV-1 closed at 2026-12-01 12:00 (its RSVP deadline): move the deadline to take more',
    ],
    [
      'a banned member',
      { email: 'eve@example.org' },
      [event()],
      'not-a-member',
      'M-3 is Banned in Members: only members take part',
    ],
  ])(
    'refuses %s: recorded with a sentence that says what to fix, the person told by DM, nothing else',
    (_name, over, events, reason, why) => {
      const { rsvps, changes, plans } = run(sheet({ Events: events, Members: MEMBERS }), [
        input({ email: 'ada@example.org', ...over }),
      ]);
      expect(rsvps).toEqual([]);
      const audit = changes.find((c) => c.kind === 'append' && c.tab === 'Audit') as {
        values: { action: string; details: string };
      };
      expect(audit.values).toMatchObject({ action: 'rsvp.refused' });
      expect(audit.values.details).toBe(`Yes by Form not taken: ${why}`);
      const dm = changes.find((c) => c.kind === 'append' && c.tab === 'Outbox') as {
        values: Record<string, unknown>;
      };
      expect(dm.values).toMatchObject({
        kind: 'rsvp.refused',
        about: `${(over as { eventId?: string }).eventId ?? 'EV-1'} ${reason}`,
      });
      expect(plans[0]?.send).toHaveLength(1);
    },
  );

  it('refuses the same delivery once', () => {
    const once = run(sheet({ Events: [event({ Status: 'Draft' })] }), [
      input({ email: 'a@example.org', identity: 'form:x' }),
    ]);
    expect(planRsvp(input({ email: 'a@example.org', identity: 'form:x' }), once.view, NOW).changes).toEqual(
      [],
    );
  });
});

/** A Going / Can’t go click under EV-1's announcement, as the door hands it over. */
const click = (user: string, actionId: 'rsvp:yes' | 'rsvp:no', extra: { email?: string } = {}): Work => ({
  ...clickOf({
    identity: `slack:action:1.1:${actionId}:${user}:${++seq}`,
    receivedAt: NOW.toISO() as string,
    actionId,
    value: 'EV-1',
    user,
    channel: 'C0EVENTS01',
    actionTs: String(NOW.toSeconds() - 30),
  }),
  // The Slack profile's email, which the writer adds for a clicker no member row knows by Slack ID.
  ...extra,
});

describe('an RSVP from the Slack buttons', () => {
  it('matches the member by Slack ID, and a later form answer updates the same row', () => {
    let view = sheet({ Events: [event()], Members: MEMBERS });
    const works: Work[] = [
      click('U0ADA00001', 'rsvp:yes'),
      rsvpInput(
        { identity: 'form:later', submittedAt: NOW.toISO() as string },
        { email: 'ada@example.org', event: 'EV-1', attending: true, guests: 1 },
      ),
    ];
    for (const work of works) view = withChanges(view, decideWork(work, view, NOW).changes);
    const rows = view.table('RSVPs').rows.map((r) => r.values);
    expect(rows).toMatchObject([
      { email: 'ada@example.org', slackId: 'U0ADA00001', guests: 1, source: 'Form' },
    ]);
  });

  it('matches by the profile email when no member has the Slack ID, and links it on the RSVP', () => {
    const view = sheet({ Events: [event()], Members: MEMBERS });
    const plan = decideWork(click('U0BOB00001', 'rsvp:yes', { email: 'bob@example.org' }), view, NOW);
    const after = withChanges(view, plan.changes)
      .table('RSVPs')
      .rows.map((r) => r.values);
    expect(after).toMatchObject([{ email: 'bob@example.org', slackId: 'U0BOB00001', source: 'Slack' }]);
  });

  it('a Going click keeps the guests a form answer asked for', () => {
    let view = sheet({ Events: [event()], Members: MEMBERS });
    view = withChanges(view, planRsvp(input({ email: 'ada@example.org', guests: 1 }), view, NOW).changes);
    const plan = decideWork(click('U0ADA00001', 'rsvp:yes'), view, NOW);
    expect(plan.changes).toEqual([]);
  });

  it('answers a refused click with a reply only the clicker sees, on record once', () => {
    const view = sheet({ Events: [event({ 'RSVP deadline': '2026-12-01 12:00' })], Members: MEMBERS });
    const work = click('U0ADA00001', 'rsvp:yes');
    const plan = decideWork(work, view, NOW);
    expect(plan.ephemerals).toMatchObject([{ channel: 'C0EVENTS01', user: 'U0ADA00001' }]);
    // The reply goes out with this write; its Outbox row, Sent, is how the same click delivered again is known.
    const outbox = plan.changes.filter((c) => c.kind === 'append' && c.tab === 'Outbox');
    expect(outbox).toMatchObject([
      { values: { kind: 'rsvp.refused', to: 'U0ADA00001', about: 'EV-1 deadline-passed', status: 'Sent' } },
    ]);
    expect(plan.send).toEqual([]);
    const again = decideWork(work, withChanges(view, plan.changes), NOW);
    expect(again).toMatchObject({ changes: [], ephemerals: [], send: [] });
  });
});

describe('who may take a seat (Settings → RSVPs from)', () => {
  const members: Rows = [
    ...MEMBERS,
    { 'Member ID': 'M-4', Name: 'Pam', Email: 'pam@example.org', Status: 'Pending' },
    { 'Member ID': 'M-5', Name: 'Hal', Email: 'hal@example.org' }, // added by hand: an existing member
    { 'Member ID': 'M-6', Name: 'Ina', Email: 'ina@example.org', Status: 'Inactive' },
  ];
  it.each([
    ['Members', 'ada@example.org', 'Yes', undefined],
    ['Members', 'hal@example.org', 'Yes', undefined],
    ['Members', 'ina@example.org', 'Yes', undefined],
    ['Members', 'stranger@example.org', 'Yes', 'not-joined'],
    ['Members', 'pam@example.org', 'Yes', 'membership-pending'],
    ['Members', 'stranger@example.org', 'No', undefined],
    ['Members', 'eve@example.org', 'Yes', 'not-a-member'],
    ['Anyone', 'stranger@example.org', 'Yes', undefined],
    ['Anyone', 'pam@example.org', 'Yes', undefined],
    ['Anyone', 'eve@example.org', 'Yes', 'not-a-member'],
  ] as const)('%s: %s answering %s is %s', (from, email, response, reason) => {
    const view = sheet({ Events: [event()], Members: members }, { 'RSVPs from': from });
    const plan = planRsvp(input({ email, response }), view, NOW);
    const outbox = plan.changes.find((c) => c.kind === 'append' && c.tab === 'Outbox') as {
      values: { kind: string; about: string };
    };
    if (reason === undefined) expect(outbox.values.kind).toBe('rsvp.notice');
    else expect(outbox.values).toMatchObject({ kind: 'rsvp.refused', about: `EV-1 ${reason}` });
  });

  it('a refusal says how to join: the join form when Settings has its link', () => {
    const view = sheet(
      { Events: [event()], Members: MEMBERS },
      { 'RSVPs from': 'Members', 'Join form link': 'https://forms.gle/Join1' },
    );
    const plan = decideWork(click('U0STRANGE1', 'rsvp:yes', { email: 'stranger@example.org' }), view, NOW);
    expect(plan.ephemerals[0]?.text).toBe(
      'RSVPs for Winter meetup are for members of Our Community, and I couldn’t find you among them. To join, fill in the join form (https://forms.gle/Join1), then RSVP again.',
    );
    const audit = plan.changes.find((c) => c.kind === 'append' && c.tab === 'Audit') as {
      values: { details: string };
    };
    expect(audit.values.details).toMatch(/^Yes by Slack not taken: nobody in Members has this email/);
  });
});

describe('an edited form response', () => {
  it('updates the RSVP it made and confirms the change in a new DM', () => {
    const first = run(sheet({ Events: [event()] }), [
      input({ email: 'a@example.org', identity: 'form:resp-1' }),
    ]);
    const edit = planRsvp(
      input({ email: 'a@example.org', identity: 'form:resp-1', response: 'No', submitted: NOW }),
      first.view,
      NOW,
    );
    const after = withChanges(first.view, edit.changes);
    expect(after.table('RSVPs').rows.map((r) => r.values.status)).toEqual(['Declined']);
    const ids = after.table('Outbox').rows.map((r) => r.values.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(kinds(edit.changes)).toEqual(['rsvp.notice']);
  });
});

describe('an answer decided again (the sweep of the form responses, a late re-delivery)', () => {
  it.each([
    ['after the event has started', NOW.plus({ days: 10 })],
    ['after the RSVP deadline', NOW.plus({ days: 1 })],
  ])('changes and tells nothing %s', (_name, later) => {
    const snapshot = sheet({ Events: [event({ 'RSVP deadline': '2026-12-02 12:00' })] });
    const same = input({ email: 'a@example.org', identity: 'form:swept', guests: 1 });
    const first = run(snapshot, [same]);
    expect(planRsvp(same, first.view, later)).toMatchObject({ changes: [], send: [], ephemerals: [] });
  });

  it('records a typed email that differs from the verified one once, not on every sweep', () => {
    const same = input({
      email: 'ada@example.org',
      typedEmail: 'grace@example.org',
      identity: 'form:mismatch',
    });
    const first = run(sheet({ Events: [event()] }), [same]);
    expect(planRsvp(same, first.view, NOW).changes).toEqual([]);
  });
});
