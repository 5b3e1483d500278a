/**
 * Volunteers' shifts as pure decisions (README "Volunteers"): backups in order, a drop-out promoting once, swap
 * races, hours, and when the asks go out across a DST change.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { withChanges } from '../sheets-schema/overlay.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import { decideWork } from '../workflows/decide.js';
import type { InputOf } from '../workflows/inputs.js';
import type { Plan } from '../workflows/plan.js';
import { attendedIds, planVolunteerHours } from '../workflows/volunteers/hours.js';
import { planShiftAsks } from '../workflows/volunteers/reminders.js';
import { memberList, shiftProblems } from '../workflows/volunteers/roles-read.js';
import { type Rows, sheetOf } from './fakes/sheet-of.js';

const ZONE = 'Europe/Berlin';
const NOW = DateTime.fromISO('2026-10-20T12:00:00', { zone: ZONE });
const slackOf = (i: number) => `U07MEMBER0${i}`;
const MEMBERS: Rows = [1, 2, 3, 4, 5, 6].map((i) => ({
  'Member ID': `M-${i}`,
  Name: `Member ${i}`,
  Email: `m${i}@example.org`,
  'Slack ID': slackOf(i),
  Status: 'Active',
  Engagement: i <= 2 ? 'Core' : i <= 4 ? 'Regular' : 'Casual',
}));
const EVENT = { 'Event ID': 'EV-1', Title: 'Meetup', Starts: '2026-10-27 18:30', Status: 'Announced' };

function sheet(role: Rows[number] = {}, event: Rows[number] = EVENT): Snapshot {
  return sheetOf(
    {
      Members: MEMBERS,
      Events: [event],
      'Event roles': [{ 'Role ID': 'ER-1', 'Event ID': 'EV-1', Role: 'door', Needed: 2, ...role }],
    },
    { 'Time zone': ZONE, 'Quiet hours': '21:00-08:00' },
  );
}

let seq = 0;
const click = (
  i: number,
  action: 'help' | 'cant' | 'swap' | 'take',
  value = 'ER-1',
): InputOf<'shift_click'> => ({
  kind: 'shift_click',
  identity: `slack:click-${++seq}`,
  receivedAt: NOW.toISO() as string,
  user: slackOf(i),
  channel: 'C07ANNOUNCE',
  action,
  value,
});

const applied = (snapshot: Snapshot, plan: Plan) => withChanges(snapshot, plan.changes);
const roleOf = (snapshot: Snapshot) => snapshot.table('Event roles').byId('ER-1')?.values;
const kinds = (plan: Plan) =>
  plan.changes
    .filter((c) => c.kind === 'append' && c.tab === 'Outbox')
    .map((c) => (c as { values: { kind: string } }).values.kind);

describe('Help as …', () => {
  it.each([
    { presses: [1], volunteers: 'M-1', backups: '' },
    { presses: [1, 2], volunteers: 'M-1, M-2', backups: '' },
    { presses: [1, 2, 3, 4], volunteers: 'M-1, M-2', backups: 'M-3, M-4' },
    { presses: [1, 1, 2], volunteers: 'M-1, M-2', backups: '' },
    { presses: [1, 2, 3, 3], volunteers: 'M-1, M-2', backups: 'M-3' },
  ])('presses $presses → volunteers $volunteers, backups $backups', ({ presses, volunteers, backups }) => {
    let s = sheet();
    for (const i of presses) s = applied(s, decideWork(click(i, 'help'), s, NOW));
    expect(roleOf(s)).toMatchObject({ volunteers, ...(backups ? { backups } : {}) });
  });

  it('the same click delivered twice has one effect', () => {
    const c = click(1, 'help');
    let s = sheet();
    s = applied(s, decideWork(c, s, NOW));
    expect(decideWork(c, s, NOW).changes).toEqual([]);
  });
});

describe("Can't make it", () => {
  it.each([
    { who: 1, volunteers: 'M-3, M-2', backups: 'M-4', promoted: 1 },
    { who: 2, volunteers: 'M-1, M-3', backups: 'M-4', promoted: 1 },
    { who: 3, volunteers: 'M-1, M-2', backups: 'M-4', promoted: 0 },
    { who: 5, volunteers: 'M-1, M-2', backups: 'M-3, M-4', promoted: 0 },
  ])('M-$who drops out → $volunteers / $backups', ({ who, volunteers, backups, promoted }) => {
    const s = sheet({ Volunteers: 'M-1, M-2', Backups: 'M-3, M-4' });
    const plan = decideWork(click(who, 'cant'), s, NOW);
    const after = applied(s, plan);
    expect(roleOf(after)).toMatchObject({ volunteers, backups });
    expect(kinds(plan).filter((k) => k === 'shift.promoted')).toHaveLength(promoted);
  });

  it("Can't go on the event drops the shift and promotes the first backup", () => {
    const s = sheet({ Volunteers: 'M-1, M-2', Backups: 'M-3' });
    const plan = decideWork(
      {
        kind: 'rsvp_click',
        identity: 'slack:rsvp-1',
        receivedAt: NOW.toISO() as string,
        user: slackOf(1),
        channel: 'C07ANNOUNCE',
        response: 'No',
        eventId: 'EV-1',
        email: 'm1@example.org',
      },
      s,
      NOW,
    );
    expect(roleOf(applied(s, plan))).toMatchObject({ volunteers: 'M-3, M-2' });
    expect(kinds(plan)).toContain('shift.promoted');
  });
});

describe('Swap', () => {
  it('two simultaneous accepts, decided one after the other: one change, the second told it is taken', () => {
    let s = sheet({ Volunteers: 'M-1, M-2' });
    s = applied(s, decideWork(click(1, 'swap'), s, NOW));
    const first = decideWork(click(5, 'take', 'ER-1 M-1'), s, NOW);
    s = applied(s, first);
    const second = decideWork(click(6, 'take', 'ER-1 M-1'), s, NOW);
    expect(roleOf(s)).toMatchObject({ volunteers: 'M-5, M-2' });
    expect(kinds(first)).toEqual(['shift.taken', 'shift.released', 'shift.offer-update']);
    expect(second.ephemerals[0]?.text).toContain('took this shift already');
    expect(roleOf(applied(s, second))).toMatchObject({ volunteers: 'M-5, M-2' });
  });

  it.each([
    { taker: 1, reason: 'own shift' },
    { taker: 2, reason: 'already helping' },
  ])('M-$taker cannot take it ($reason)', ({ taker }) => {
    let s = sheet({ Volunteers: 'M-1, M-2' });
    s = applied(s, decideWork(click(1, 'swap'), s, NOW));
    const plan = decideWork(click(taker, 'take', 'ER-1 M-1'), s, NOW);
    expect(roleOf(applied(s, plan))).toMatchObject({ volunteers: 'M-1, M-2' });
    expect(plan.ephemerals).toHaveLength(1);
  });
});

describe('hours and attendance', () => {
  it.each([
    { attended: 'Yes', ids: ['M-1', 'M-2'] },
    { attended: 'M-2', ids: ['M-2'] },
    { attended: '', ids: [] },
    { attended: 'No', ids: [] },
  ])('Attended "$attended" → $ids', ({ attended, ids }) => {
    expect(attendedIds(attended, ['M-1', 'M-2'])).toEqual(ids);
  });

  it('sums the shift hours of Done events; the event is 2 hours without Ends, a shift its own', () => {
    const s = sheet(
      { Volunteers: 'M-1, M-2', Attended: 'Yes', Starts: '2026-10-27 18:00', Ends: '2026-10-27 19:30' },
      { ...EVENT, Status: 'Done' },
    );
    const changes = planVolunteerHours(s).changes as unknown as { set: { volunteerHours?: number } }[];
    expect(changes.map((c) => c.set.volunteerHours)).toEqual([1.5, 1.5]);
  });

  it('reports extra volunteers and unknown Member IDs, removing nobody', () => {
    const s = sheet({ Volunteers: 'M-1, M-2, M-3', Backups: 'M-99' });
    const messages = shiftProblems(s).map((p) => p.message);
    expect(messages).toEqual([expect.stringContaining('M-99'), expect.stringContaining('M-3 is extra')]);
    expect(memberList('m-1,  M-2\nM-1')).toEqual(['M-1', 'M-2']);
  });
});

describe('asks 3 days before, across DST (Berlin falls back on 25 Oct 2026)', () => {
  // The shift is 27 Oct 18:30 (+01:00); 3 days before is 24 Oct 18:30 (+02:00): 73 real hours.
  it.each([
    { now: '2026-10-24T18:29', asked: 0 },
    { now: '2026-10-24T18:30', asked: 4 },
  ])('at $now: $asked asked (Core and Regular, not in the role)', ({ now, asked }) => {
    const s = sheet();
    const plan = planShiftAsks(s, DateTime.fromISO(now, { zone: ZONE }));
    expect(plan.send).toHaveLength(asked);
  });

  it('asks nobody in the role, nobody twice, and nobody once the role is full', () => {
    const at = DateTime.fromISO('2026-10-25T10:00', { zone: ZONE });
    let s = sheet({ Volunteers: 'M-1' });
    const plan = planShiftAsks(s, at);
    expect(plan.send).toHaveLength(3);
    s = applied(s, plan);
    expect(planShiftAsks(s, at).send).toHaveLength(0);
    expect(planShiftAsks(sheet({ Volunteers: 'M-5, M-6' }), at).send).toHaveLength(0);
  });

  it('a due time in quiet hours waits for their end', () => {
    const s = sheet({}, { ...EVENT, Starts: '2026-10-27 07:00' });
    expect(planShiftAsks(s, DateTime.fromISO('2026-10-24T07:30', { zone: ZONE })).send).toHaveLength(0);
    expect(planShiftAsks(s, DateTime.fromISO('2026-10-24T08:00', { zone: ZONE })).send).toHaveLength(4);
  });
});
