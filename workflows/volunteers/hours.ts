/**
 * Shifts attended (README "Volunteers", point 6): who did each shift, as organizers ticked it, for engagement
 * (`volunteered`) and Members → Volunteer hours, which the daily step writes.
 */
import type { DateTime } from 'luxon';
import { update } from '../../sheets-schema/changes.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { eventOf } from '../events/records.js';
import { emptyPlan, type Plan } from '../plan.js';
import { memberList, roleView } from './roles-read.js';

/** One shift someone did: its event's start (for engagement's window) and its hours. */
export interface ShiftAttended {
  memberId: string;
  eventId: string;
  eventStatus: string | undefined;
  eventStarts: DateTime;
  hours: number;
}

/** `Yes`: every volunteer; else the Member IDs typed. A `No` or blank: nobody. */
export function attendedIds(attended: string | undefined, volunteers: readonly string[]): string[] {
  const text = (attended ?? '').trim();
  if (/^(yes|y|true|x|✓|✔)$/i.test(text)) return [...volunteers];
  if (/^(no|n|false)?$/i.test(text)) return [];
  return memberList(text);
}

/** Every shift attended, one per member and role. */
export function shiftsAttended(snapshot: Snapshot): ShiftAttended[] {
  if (!snapshot.has('Event roles')) return [];
  const done: ShiftAttended[] = [];
  for (const { values: row } of snapshot.table('Event roles').rows) {
    const event = eventOf(snapshot, row.eventId);
    if (!row.roleId || !event?.eventId) continue;
    const role = roleView(row, event);
    const hours = Math.max(0, Math.round(role.ends.diff(role.starts, 'hours').hours * 100) / 100);
    for (const memberId of attendedIds(row.attended, role.volunteers))
      done.push({
        memberId,
        eventId: event.eventId,
        eventStatus: event.status,
        eventStarts: event.starts,
        hours,
      });
  }
  return done;
}

/** The daily step's part: each member's Volunteer hours, of events that are Done; only cells that change. */
export function planVolunteerHours(snapshot: Snapshot): Plan {
  const plan = emptyPlan();
  const hours = new Map<string, number>();
  for (const s of shiftsAttended(snapshot))
    if (s.eventStatus === 'Done')
      hours.set(s.memberId, Math.round(((hours.get(s.memberId) ?? 0) + s.hours) * 100) / 100);
  for (const { values: m } of snapshot.table('Members').rows) {
    if (!m.memberId) continue;
    const total = hours.get(m.memberId);
    // Nobody gets a 0 written who never volunteered; a total that went (an Attended cleared) goes too.
    if (total === undefined ? m.volunteerHours === undefined : m.volunteerHours === total) continue;
    plan.changes.push(update('Members', m.memberId, { volunteerHours: total ?? 0 }));
  }
  if (plan.changes.length > 0) plan.notes.push(`volunteer hours: ${plan.changes.length} member(s)`);
  return plan;
}
