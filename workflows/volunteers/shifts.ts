/**
 * Help as …, Can't make it, and Can't go on the event (README "Volunteers", points 2 and 4): a member takes a
 * place or the next backup's; a volunteer who drops out is replaced by the first backup, who is told once.
 * Every click plans one Outbox row keyed by its identity (a DM, or a reply on record), so the same click
 * delivered again is recognised and has one effect.
 */
import type { DateTime } from 'luxon';
import { type Change, update } from '../../sheets-schema/changes.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import type { Event } from '../events/records.js';
import type { InputOf } from '../inputs.js';
import { memberAddress } from '../onboarding/decisions.js';
import { emptyPlan, type Plan } from '../plan.js';
import {
  audit,
  hasOutbox,
  type Member,
  memberByEmail,
  memberBySlackId,
  planMessage,
  replyOnRecord,
} from '../records.js';
import { SHIFT_KINDS, type ShiftKind, shiftAbout } from './kinds.js';
import { type ShiftRefusal, shiftRefusalText } from './messages.js';
import { listText, placeOf, type RoleView, roleById, rolesOfEvent } from './roles-read.js';

export type ShiftClick = InputOf<'shift_click'>;

/** The Outbox row every click of a shift button makes: finding it is how a repeat is recognised. */
export const clickKey = (click: { identity: string }) => `shift-click:${click.identity}`;

/** A shift can change hands until it starts, while its event is Announced. */
export const shiftOpen = (role: RoleView, event: Event, now: DateTime) =>
  event.status === 'Announced' && role.starts > now && event.starts > now;

/** A plan with a DM planned and sent after the write. */
export function send(
  plan: Plan,
  key: string,
  row: { kind: ShiftKind; to: string; about: string; due: DateTime },
): void {
  const message = planMessage(key, row);
  plan.changes.push(message.change);
  plan.send.push(message.id);
}

/** Said only to who pressed, and put on record so the same click is answered once. */
export function refuse(
  click: ShiftClick,
  now: DateTime,
  reason: ShiftRefusal,
  role = '',
  place?: number,
): Plan {
  const plan = emptyPlan();
  plan.changes.push(
    replyOnRecord(
      clickKey(click),
      { kind: SHIFT_KINDS.reply, to: click.user, about: `${click.value} ${reason}` },
      now,
    ),
  );
  plan.ephemerals.push({
    channel: click.channel,
    user: click.user,
    text: shiftRefusalText(reason, role, place),
  });
  plan.notes.push(
    `${click.identity}: ${click.action} ${click.value} by ${click.user} changed nothing (${reason})`,
  );
  return plan;
}

/** Who clicked, and the role, or why not. */
export function clickContext(
  click: ShiftClick,
  snapshot: Snapshot,
  roleId: string,
  now: DateTime,
): { member: Member & { memberId: string }; role: RoleView; event: Event } | ShiftRefusal {
  const member = memberBySlackId(snapshot, click.user);
  if (!member?.memberId) return 'not-a-member';
  if (member.status !== 'Active') return 'not-active';
  const found = roleById(snapshot, roleId);
  if (!found) return 'no-such-role';
  if (!shiftOpen(found.role, found.event, now)) return 'closed';
  return { member: member as Member & { memberId: string }, ...found };
}

/** Help as …: a place while one is left, else the next backup's. */
export function planShiftHelp(click: ShiftClick, snapshot: Snapshot, now: DateTime): Plan {
  if (hasOutbox(snapshot, clickKey(click))) return repeated(click);
  const context = clickContext(click, snapshot, click.value.trim(), now);
  if (typeof context === 'string') return refuse(click, now, context);
  const { member, role } = context;
  const place = placeOf(role, member.memberId);
  if (place === 'volunteer') return refuse(click, now, 'already-volunteer', role.name);
  // A backup presses Help again while a place is open: they take it (the first backup would have it already).
  if (place && role.left === 0) return refuse(click, now, 'already-backup', role.name, place.backup);
  const plan = emptyPlan();
  const backups = role.backups.filter((id) => id !== member.memberId);
  const volunteering = role.left > 0;
  const volunteers = volunteering ? [...role.volunteers, member.memberId] : role.volunteers;
  if (!volunteering) backups.push(member.memberId);
  plan.changes.push(
    update('Event roles', role.roleId, { volunteers: listText(volunteers), backups: listText(backups) }),
    audit(now, {
      actor: click.user,
      action: volunteering ? 'shift.volunteered' : 'shift.backup',
      target: role.roleId,
      details: volunteering ? member.memberId : `${member.memberId} backup #${backups.length}`,
      key: click.identity,
    }),
  );
  send(plan, clickKey(click), {
    kind: volunteering ? SHIFT_KINDS.confirmed : SHIFT_KINDS.backup,
    to: memberAddress(member.memberId),
    about: shiftAbout(role.roleId, member.memberId, volunteering ? undefined : `backup #${backups.length}`),
    due: now,
  });
  plan.notes.push(
    `${click.identity}: ${member.memberId} ${volunteering ? 'volunteers' : `is backup #${backups.length}`} as ${role.name} (${role.roleId})`,
  );
  return plan;
}

/**
 * `memberId` leaves the role: off Volunteers (the first backup takes the place while the role is short, and is
 * told, once for this cause) or off Backups. Nothing when they are in neither.
 */
export function dropFromRole(
  role: RoleView,
  memberId: string,
  cause: string,
  now: DateTime,
): { changes: Change[]; send: string[]; promoted?: string; was?: 'volunteer' | 'backup' } {
  const place = placeOf(role, memberId);
  if (!place) return { changes: [], send: [] };
  let volunteers = role.volunteers.filter((id) => id !== memberId);
  let backups = role.backups.filter((id) => id !== memberId);
  const changes: Change[] = [];
  const sent: string[] = [];
  let promoted: string | undefined;
  if (place === 'volunteer' && volunteers.length < role.needed && backups.length > 0) {
    promoted = backups[0] as string;
    // The backup takes the place of who dropped out, in their position.
    const at = role.volunteers.indexOf(memberId);
    volunteers = [...volunteers.slice(0, at), promoted, ...volunteers.slice(at)];
    backups = backups.slice(1);
    const message = planMessage(`shift-promoted:${role.roleId}:${promoted}:${cause}`, {
      kind: SHIFT_KINDS.promoted,
      to: memberAddress(promoted),
      about: shiftAbout(role.roleId, promoted),
      due: now,
    });
    changes.push(message.change);
    sent.push(message.id);
  }
  changes.unshift(
    update('Event roles', role.roleId, { volunteers: listText(volunteers), backups: listText(backups) }),
  );
  return {
    changes,
    send: sent,
    ...(promoted ? { promoted } : {}),
    was: place === 'volunteer' ? 'volunteer' : 'backup',
  };
}

/** Can't make it: off the shift (or the backups), the first backup promoted and told. */
export function planShiftCant(click: ShiftClick, snapshot: Snapshot, now: DateTime): Plan {
  if (hasOutbox(snapshot, clickKey(click))) return repeated(click);
  const context = clickContext(click, snapshot, click.value.trim(), now);
  // Someone no longer Active may still drop out: only who they are matters here.
  const member = memberBySlackId(snapshot, click.user);
  if (typeof context === 'string' && !(context === 'not-active' && member?.memberId))
    return refuse(click, now, context);
  const found = typeof context === 'string' ? roleById(snapshot, click.value.trim()) : context;
  if (!found || !member?.memberId) return refuse(click, now, 'no-such-role');
  if (!shiftOpen(found.role, found.event, now)) return refuse(click, now, 'closed');
  const dropped = dropFromRole(found.role, member.memberId, click.identity, now);
  if (!dropped.was) return refuse(click, now, 'not-on-shift', found.role.name);
  const plan = emptyPlan();
  plan.changes.push(
    ...dropped.changes,
    dropAudit(now, click.user, found.role, member.memberId, dropped, click.identity),
  );
  plan.send.push(...dropped.send);
  send(plan, clickKey(click), {
    kind: SHIFT_KINDS.dropped,
    to: memberAddress(member.memberId),
    about: shiftAbout(found.role.roleId, member.memberId, dropped.was),
    due: now,
  });
  plan.notes.push(
    `${click.identity}: ${member.memberId} off ${found.role.roleId}${dropped.promoted ? `, ${dropped.promoted} promoted` : ''}`,
  );
  return plan;
}

function dropAudit(
  now: DateTime,
  actor: string,
  role: RoleView,
  memberId: string,
  dropped: { promoted?: string; was?: string },
  key: string,
): Change {
  return audit(now, {
    actor,
    action: 'shift.dropped',
    target: role.roleId,
    details: `${memberId} (${dropped.was})${dropped.promoted ? `; ${dropped.promoted} moved up from the backups` : ''}`,
    key,
  });
}

/**
 * Can't go on the event (a click or the form): the member drops every shift of that event not started yet,
 * the first backups promoted. `after` is the sheet with the RSVP applied.
 */
export function planShiftsOfDecliner(
  rsvp: {
    identity: string;
    eventId: string;
    response: 'Yes' | 'No';
    slackId?: string | undefined;
    email?: string | undefined;
  },
  after: Snapshot,
  now: DateTime,
): Plan {
  const plan = emptyPlan();
  if (rsvp.response !== 'No') return plan;
  const member =
    (rsvp.slackId ? memberBySlackId(after, rsvp.slackId) : undefined) ??
    (rsvp.email ? memberByEmail(after, rsvp.email) : undefined);
  if (!member?.memberId) return plan;
  for (const role of rolesOfEvent(after, rsvp.eventId)) {
    const event = after.table('Events').byId(role.eventId)?.values;
    if (!event || !shiftOpen(role, event, now)) continue;
    const dropped = dropFromRole(role, member.memberId, rsvp.identity, now);
    if (!dropped.was) continue;
    plan.changes.push(
      ...dropped.changes,
      dropAudit(now, member.memberId, role, member.memberId, dropped, rsvp.identity),
    );
    plan.send.push(...dropped.send);
    send(plan, `shift-dropped:${role.roleId}:${member.memberId}:${rsvp.identity}`, {
      kind: SHIFT_KINDS.dropped,
      to: memberAddress(member.memberId),
      about: shiftAbout(role.roleId, member.memberId, dropped.was),
      due: now,
    });
    plan.notes.push(`${rsvp.identity}: ${member.memberId} can't go, so off ${role.roleId}`);
  }
  return plan;
}

function repeated(click: ShiftClick): Plan {
  const plan = emptyPlan();
  plan.notes.push(`${click.identity}: already taken into account`);
  return plan;
}

export { repeated };
