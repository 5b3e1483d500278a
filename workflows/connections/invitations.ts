import type { DateTime } from 'luxon';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import type { InputOf } from '../inputs.js';
import { memberAddress } from '../onboarding/decisions.js';
import { emptyPlan, type Plan } from '../plan.js';
import { hasOutbox, type Member, planMessage } from '../records.js';

/**
 * Invitations: the Invited by a join brings, and the inviter's thank-you.
 */

/** Outbox kinds of invitations. */
export const INVITATION_KINDS = {
  /** The inviter thanked once the person they invited is Active and welcomed (About: the invitee). */
  thanks: 'invite.thanks',
} as const;
export type InvitationKind = (typeof INVITATION_KINDS)[keyof typeof INVITATION_KINDS];

/**
 * Who invited a new member, from the join form's Invited by: kept only when such a member is in the Members
 * tab. What was set aside is said by its question only, never the answer.
 */
export function invitedByOf(
  work: InputOf<'join_form'>,
  snapshot: Snapshot,
): { invitedBy?: string; setAside: string[] } {
  const setAside = Object.entries(work.setAside ?? {}).map(([title, why]) => `"${title}" ${why}`);
  const id = work.answers.invitedBy;
  if (!id) return { setAside };
  const members = snapshot.table('Members');
  if (members.byId(id) || members.invalid.some((row) => row.id === id)) return { invitedBy: id, setAside };
  return {
    setAside: [
      ...setAside,
      '"Invited by" names no member of the Members tab, so the join is kept without it',
    ],
  };
}

/**
 * The thank-you to whoever invited `member`, planned when the member is welcomed (Active): once, keyed by the
 * invitee, and only to an inviter who is an Active member.
 */
export function planInviteThanks(member: Member, snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  const id = member.memberId;
  if (!id || !member.invitedBy) return plan;
  const inviter = snapshot.table('Members').byId(member.invitedBy)?.values;
  if (!inviter?.memberId || inviter.status !== 'Active') {
    plan.notes.push(`${id}: invited by ${member.invitedBy}, who is not an active member: no thank-you`);
    return plan;
  }
  const key = `invite-thanks:${id}`;
  if (hasOutbox(snapshot, key)) return plan;
  const message = planMessage(key, {
    kind: INVITATION_KINDS.thanks,
    to: memberAddress(inviter.memberId),
    about: id,
    due: now,
  });
  plan.changes.push(message.change);
  plan.send.push(message.id);
  plan.notes.push(`${id}: ${inviter.memberId} thanked for the invitation`);
  return plan;
}
