/**
 * Reading the Event roles tab (README "Volunteers"): a role's shift, its volunteers and backups in order, how
 * many places are left, and what organizers typed that does not add up. Pure: the sheet in, views out.
 */
import type { DateTime } from 'luxon';
import { a1 } from '../../sheets-schema/cells.js';
import type { RecordOf } from '../../sheets-schema/changes.js';
import type { Problem } from '../../sheets-schema/problems.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { type Event, endsOf, eventOf } from '../events/records.js';
import { stableDigest } from '../plan.js';

export type EventRole = RecordOf<'Event roles'>;

/** `M-3, M-7` (commas, spaces or new lines) → `['M-3', 'M-7']`, each once, in order. */
export function memberList(text: string | undefined): string[] {
  const ids = (text ?? '')
    .split(/[\s,;]+/)
    .map((id) => id.trim().toUpperCase())
    .filter(Boolean);
  return [...new Set(ids)];
}

export const listText = (ids: readonly string[]) => ids.join(', ');

/** A role as its buttons and messages see it. */
export interface RoleView {
  roleId: string;
  eventId: string;
  name: string;
  needed: number;
  volunteers: string[];
  backups: string[];
  /** Places still open (0 when full or over). */
  left: number;
  starts: DateTime;
  ends: DateTime;
}

/** The shift's times: the role's own, else the event's (an event without Ends lasts two hours). */
export function shiftOf(role: EventRole, event: Event): { starts: DateTime; ends: DateTime } {
  const starts = role.starts ?? event.starts;
  const ends =
    role.ends ?? (role.starts && role.starts >= endsOf(event) ? starts.plus({ hours: 1 }) : endsOf(event));
  return { starts, ends };
}

export function roleView(role: EventRole, event: Event): RoleView {
  const volunteers = memberList(role.volunteers);
  return {
    roleId: role.roleId as string,
    eventId: role.eventId,
    name: role.role,
    needed: role.needed,
    volunteers,
    backups: memberList(role.backups).filter((id) => !volunteers.includes(id)),
    left: Math.max(0, role.needed - volunteers.length),
    ...shiftOf(role, event),
  };
}

const rolesTab = (snapshot: Snapshot) =>
  snapshot.has('Event roles') ? snapshot.table('Event roles') : undefined;

/** The role with this ID and its event, when both are in the sheet. */
export function roleById(snapshot: Snapshot, roleId: string): { role: RoleView; event: Event } | undefined {
  const row = rolesTab(snapshot)?.byId(roleId)?.values;
  const event = eventOf(snapshot, row?.eventId);
  return row?.roleId && event?.eventId ? { role: roleView(row, event), event } : undefined;
}

/** Every role of every event, by Event ID, in sheet order. */
export function rolesByEvent(snapshot: Snapshot): Map<string, RoleView[]> {
  // Asked once per event by the announcements' refresh: read once per snapshot (never changed in place).
  const cached = memo.get(snapshot);
  if (cached) return cached;
  const byEvent = new Map<string, RoleView[]>();
  for (const { values } of rolesTab(snapshot)?.rows ?? []) {
    const event = eventOf(snapshot, values.eventId);
    if (!values.roleId || !event?.eventId) continue;
    const list = byEvent.get(event.eventId) ?? [];
    list.push(roleView(values, event));
    byEvent.set(event.eventId, list);
  }
  memo.set(snapshot, byEvent);
  return byEvent;
}

const memo = new WeakMap<Snapshot, Map<string, RoleView[]>>();

export function rolesOfEvent(snapshot: Snapshot, eventId: string): RoleView[] {
  return rolesByEvent(snapshot).get(eventId) ?? [];
}

/**
 * What the announcement shows of an event's roles, as a short digest: a change (a place taken, a role typed)
 * changes it, and the announcement is redrawn. '' when the event has no roles, so it changes nothing else.
 */
export function shiftsDigest(snapshot: Snapshot, eventId: string): string {
  const roles = rolesOfEvent(snapshot, eventId);
  if (roles.length === 0) return '';
  return stableDigest(JSON.stringify(roles.map((r) => [r.roleId, r.name, r.needed, r.left]))).slice(0, 4);
}

/** A member's place in a role: a volunteer, the n-th backup, or none. */
export function placeOf(role: RoleView, memberId: string): 'volunteer' | { backup: number } | undefined {
  if (role.volunteers.includes(memberId)) return 'volunteer';
  const i = role.backups.indexOf(memberId);
  return i >= 0 ? { backup: i + 1 } : undefined;
}

/**
 * What organizers typed that does not add up, for the row's Problems cell: more volunteers than Needed (the
 * extra are named, none removed), a Member ID that is not in Members, an event that is not in Events.
 */
export function shiftProblems(snapshot: Snapshot): Problem[] {
  const tab = rolesTab(snapshot);
  if (!tab) return [];
  const members = snapshot.table('Members');
  const problems: Problem[] = [];
  const at = (
    sheetRow: number,
    key: 'eventId' | 'volunteers' | 'backups',
    header: string,
    message: string,
  ) => {
    const column = tab.headers.index[key];
    if (column !== undefined)
      problems.push({
        tab: tab.spec.name,
        row: sheetRow,
        a1: a1(tab.spec.name, sheetRow, column),
        header,
        message,
      });
  };
  for (const { values: row, sheetRow } of tab.rows) {
    if (!row.roleId || sheetRow === 0) continue;
    if (!eventOf(snapshot, row.eventId)?.eventId) {
      at(
        sheetRow,
        'eventId',
        'Event ID',
        `"${row.eventId}" is not an event in the Events tab: type its Event ID, like EV-3`,
      );
      continue;
    }
    const volunteers = memberList(row.volunteers);
    for (const [key, header, ids] of [
      ['volunteers', 'Volunteers', volunteers],
      ['backups', 'Backups', memberList(row.backups)],
    ] as const) {
      const unknown = ids.filter((id) => !members.byId(id));
      if (unknown.length > 0)
        at(
          sheetRow,
          key,
          header,
          `${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not in the Members tab: type Member IDs, like M-3`,
        );
    }
    if (volunteers.length > row.needed) {
      const extra = volunteers.slice(row.needed);
      at(
        sheetRow,
        'volunteers',
        'Volunteers',
        `has ${volunteers.length} people for ${row.needed} place(s): ${extra.join(', ')} ${extra.length === 1 ? 'is' : 'are'} extra (nobody is removed; raise Needed or move them to Backups)`,
      );
    }
  }
  return problems;
}
