/**
 * Swap and Take this shift (README "Volunteers", point 4): a volunteer offers their shift where the event is
 * announced; the first Active member not already on it takes it, the offerer is released and both are told.
 * Clicks are decided one after another against the sheet as the ones before left it, so two people pressing
 * at once make one change: the second finds the offerer off the shift and is told it is taken.
 */
import type { DateTime } from 'luxon';
import { update } from '../../sheets-schema/changes.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { memberAddress } from '../onboarding/decisions.js';
import { emptyPlan, type Plan } from '../plan.js';
import { audit, hasOutbox } from '../records.js';
import { SHIFT_KINDS, shiftAbout } from './kinds.js';
import { listText } from './roles-read.js';
import { clickContext, clickKey, refuse, repeated, type ShiftClick, send } from './shifts.js';

/** How many offers of this volunteer's shift were posted, and how many of them were taken. */
function offers(snapshot: Snapshot, roleId: string, offerer: string): { posted: number; taken: number } {
  const about = shiftAbout(roleId, offerer);
  let posted = 0;
  let taken = 0;
  for (const { values } of snapshot.table('Outbox').rows) {
    if (values.kind === SHIFT_KINDS.offer && values.about === about) posted += 1;
    if (values.kind === SHIFT_KINDS.offerUpdate && values.about?.startsWith(`${about} `)) taken += 1;
  }
  return { posted, taken };
}

/** Swap: the volunteer's shift offered to the others, once while an offer is open. */
export function planShiftSwap(click: ShiftClick, snapshot: Snapshot, now: DateTime): Plan {
  if (hasOutbox(snapshot, clickKey(click))) return repeated(click);
  const context = clickContext(click, snapshot, click.value.trim(), now);
  if (typeof context === 'string') return refuse(click, now, context);
  const { member, role, event } = context;
  if (!role.volunteers.includes(member.memberId)) return refuse(click, now, 'not-on-shift', role.name);
  const { posted, taken } = offers(snapshot, role.roleId, member.memberId);
  if (posted > taken) return refuse(click, now, 'offered-already', role.name);
  const plan = emptyPlan();
  send(plan, clickKey(click), {
    kind: SHIFT_KINDS.offer,
    to: event.channel?.trim() || snapshot.settings.announcementsChannel,
    about: shiftAbout(role.roleId, member.memberId),
    due: now,
  });
  plan.changes.push(
    audit(now, {
      actor: click.user,
      action: 'shift.offered',
      target: role.roleId,
      details: member.memberId,
      key: click.identity,
    }),
  );
  plan.notes.push(`${click.identity}: ${member.memberId} offers their ${role.roleId} shift`);
  return plan;
}

/** Take this shift (value `ER-1 M-7`): the first taker replaces the offerer, in their place. */
export function planShiftTake(click: ShiftClick, snapshot: Snapshot, now: DateTime): Plan {
  if (hasOutbox(snapshot, clickKey(click))) return repeated(click);
  const [roleId = '', offerer = ''] = click.value.trim().split(/\s+/);
  const context = clickContext(click, snapshot, roleId, now);
  if (typeof context === 'string') return refuse(click, now, context);
  const { member, role } = context;
  if (member.memberId === offerer) return refuse(click, now, 'own-offer', role.name);
  const { posted, taken } = offers(snapshot, roleId, offerer);
  if (!role.volunteers.includes(offerer) || posted <= taken) return refuse(click, now, 'taken', role.name);
  if (role.volunteers.includes(member.memberId)) return refuse(click, now, 'already-volunteer', role.name);
  const plan = emptyPlan();
  const volunteers = role.volunteers.map((id) => (id === offerer ? member.memberId : id));
  const backups = role.backups.filter((id) => id !== member.memberId);
  plan.changes.push(
    update('Event roles', roleId, { volunteers: listText(volunteers), backups: listText(backups) }),
    audit(now, {
      actor: click.user,
      action: 'shift.swapped',
      target: roleId,
      details: `${offerer} → ${member.memberId}`,
      key: click.identity,
    }),
  );
  send(plan, clickKey(click), {
    kind: SHIFT_KINDS.taken,
    to: memberAddress(member.memberId),
    about: shiftAbout(roleId, member.memberId, `from ${offerer}`),
    due: now,
  });
  send(plan, `shift-released:${roleId}:${offerer}:${click.identity}`, {
    kind: SHIFT_KINDS.released,
    to: memberAddress(offerer),
    about: shiftAbout(roleId, offerer, `to ${member.memberId}`),
    due: now,
  });
  send(plan, `shift-offer-update:${click.identity}`, {
    kind: SHIFT_KINDS.offerUpdate,
    to: click.channel,
    about: shiftAbout(roleId, offerer, member.memberId),
    due: now,
  });
  plan.notes.push(`${click.identity}: ${member.memberId} took ${offerer}'s ${roleId} shift`);
  return plan;
}
