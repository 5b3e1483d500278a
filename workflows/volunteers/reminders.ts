/**
 * What the tick plans for volunteers (README "Volunteers", points 3 and 5): the event's reminders as if they
 * were Confirmed, one DM 1 hour before their shift, and 3 days before a shift still short of people the asks
 * to Core and Regular members. Each is an Outbox row keyed by what it is for, so it is planned once; the
 * reminders are planned a few days ahead and cancelled when no longer wanted, as the event's are.
 */
import type { DateTime } from 'luxon';
import { update } from '../../sheets-schema/changes.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { type Event, localMinute } from '../events/records.js';
import { lateReminder, reminderTime } from '../events/reminder-times.js';
import { REMINDER_HORIZON_DAYS } from '../events/reminders.js';
import { memberAddress } from '../onboarding/decisions.js';
import { emptyPlan, type Plan } from '../plan.js';
import { outboxIdFor, planMessage } from '../records.js';
import { SHIFT_KINDS, shiftAbout } from './kinds.js';
import { type RoleView, rolesByEvent } from './roles-read.js';

/** A volunteer's own reminder, this long before their shift starts. */
export const SHIFT_START_OFFSET = { label: '1 hour', days: 0, hours: 1, minutes: 0 } as const;
/** A role still short of people is asked for, this long before its shift (wall-clock days). */
export const ASK_OFFSET = { label: '3 days', days: 3, hours: 0, minutes: 0 } as const;
/** At most this many asks per role, and each member once per role. */
export const ASKS_PER_ROLE = 20;

const REMINDERS: ReadonlySet<string> = new Set([SHIFT_KINDS.reminder, SHIFT_KINDS.start]);

/** Confirmed on an RSVP of the event: the event's own reminder reaches them already. */
function confirmedMembers(snapshot: Snapshot, eventId: string): Set<string> {
  const ids = new Set<string>();
  const members = snapshot.table('Members').rows.map((r) => r.values);
  for (const { values: r } of snapshot.table('RSVPs').rows) {
    if (r.eventId !== eventId || r.status !== 'Confirmed') continue;
    const m = members.find((m) => (r.email && m.email === r.email) || (r.slackId && m.slackId === r.slackId));
    if (m?.memberId) ids.add(m.memberId);
  }
  return ids;
}

export function planShiftReminders(snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  if (!snapshot.has('Event roles')) return plan;
  const { reminderOffsets, quietHours } = snapshot.settings;
  const zone = snapshot.timeZone;
  const horizon = now.plus({ days: REMINDER_HORIZON_DAYS });
  const outbox = snapshot.table('Outbox');
  const wanted = new Set<string>();
  const want = (
    key: string,
    row: { kind: typeof SHIFT_KINDS.reminder | typeof SHIFT_KINDS.start; to: string; about: string },
    time: { nominal: DateTime; due: DateTime },
    starts: DateTime,
  ) => {
    if (time.due > horizon) return;
    // Missed while down, or volunteered after it: sent only while still useful, else never planned.
    if (time.due <= now && !lateReminder(time, starts, now, zone).send) return;
    const id = outboxIdFor(key);
    wanted.add(id);
    if (outbox.byId(id)) return;
    plan.changes.push(planMessage(key, { ...row, due: time.due }).change);
  };
  for (const [eventId, roles] of rolesByEvent(snapshot)) {
    const event = snapshot.table('Events').byId(eventId)?.values as Event;
    if (event.status !== 'Announced' || event.starts <= now) continue;
    const confirmed = confirmedMembers(snapshot, eventId);
    const starts = localMinute(event.starts, zone);
    // Each volunteer once per event for the event's reminders, by their first role.
    const firstRole = new Map<string, RoleView>();
    for (const role of roles)
      for (const id of role.volunteers) if (!firstRole.has(id)) firstRole.set(id, role);
    for (const [memberId, role] of firstRole) {
      if (confirmed.has(memberId)) continue;
      for (const offset of reminderOffsets) {
        const time = reminderTime(event.starts, offset, zone, quietHours);
        want(
          `shift-reminder:${eventId}:${offset.label}:${starts}:${memberId}`,
          {
            kind: SHIFT_KINDS.reminder,
            to: memberAddress(memberId),
            about: shiftAbout(role.roleId, memberId, offset.label),
          },
          time,
          event.starts,
        );
      }
    }
    for (const role of roles) {
      if (role.starts <= now) continue;
      const time = reminderTime(role.starts, SHIFT_START_OFFSET, zone, quietHours);
      const shiftStarts = localMinute(role.starts, zone);
      for (const memberId of role.volunteers)
        want(
          `shift-start:${role.roleId}:${shiftStarts}:${memberId}`,
          { kind: SHIFT_KINDS.start, to: memberAddress(memberId), about: shiftAbout(role.roleId, memberId) },
          time,
          role.starts,
        );
    }
  }
  for (const { values: row } of outbox.rows) {
    if (row.status !== 'Scheduled' || !REMINDERS.has(row.kind) || !row.messageId || wanted.has(row.messageId))
      continue;
    plan.changes.push(
      update('Outbox', row.messageId, {
        status: 'Cancelled',
        lastError: 'no longer on the shift, or the event or shift changed: re-planned',
      }),
    );
  }
  const planned = plan.changes.filter((c) => c.kind === 'append').length;
  if (planned > 0) plan.notes.push(`shifts: ${planned} reminder(s) planned`);
  return plan;
}

/**
 * 3 days before a shift still short of people (after quiet hours), Active Core and Regular members on Slack who
 * are not in the role are asked, Core first: at most 20 per role, each once per role.
 */
export function planShiftAsks(snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  if (!snapshot.has('Event roles')) return plan;
  const zone = snapshot.timeZone;
  const members = snapshot.table('Members').rows.map((r) => r.values);
  const rank = { Core: 0, Regular: 1 } as Record<string, number>;
  const candidates = members
    .filter((m) => m.memberId && m.status === 'Active' && m.slackId && m.engagement && m.engagement in rank)
    .sort((a, b) => (rank[a.engagement as string] ?? 9) - (rank[b.engagement as string] ?? 9));
  const outbox = snapshot.table('Outbox');
  for (const [eventId, roles] of rolesByEvent(snapshot)) {
    const event = snapshot.table('Events').byId(eventId)?.values as Event;
    if (event.status !== 'Announced') continue;
    for (const role of roles) {
      if (role.left === 0 || role.starts <= now) continue;
      const time = reminderTime(role.starts, ASK_OFFSET, zone, snapshot.settings.quietHours);
      if (time.due > now) continue;
      const asked = candidates.filter((m) =>
        outbox.byId(outboxIdFor(askKey(role, m.memberId as string))),
      ).length;
      const fresh = candidates.filter(
        (m) =>
          !role.volunteers.includes(m.memberId as string) &&
          !role.backups.includes(m.memberId as string) &&
          !outbox.byId(outboxIdFor(askKey(role, m.memberId as string))),
      );
      for (const m of fresh.slice(0, Math.max(0, ASKS_PER_ROLE - asked))) {
        const message = planMessage(askKey(role, m.memberId as string), {
          kind: SHIFT_KINDS.ask,
          to: memberAddress(m.memberId as string),
          about: shiftAbout(role.roleId, m.memberId as string),
          due: now,
        });
        plan.changes.push(message.change);
        plan.send.push(message.id);
      }
      const n = Math.min(fresh.length, Math.max(0, ASKS_PER_ROLE - asked));
      if (n > 0) plan.notes.push(`${role.roleId}: ${n} member(s) asked to help as ${role.name}`);
    }
  }
  return plan;
}

const askKey = (role: RoleView, memberId: string) => `shift-ask:${role.roleId}:${memberId}`;
