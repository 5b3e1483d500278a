import type { DateTime } from 'luxon';
import type { Settings } from '../../sheets-schema/settings.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import type { InputOf } from '../inputs.js';
import { memberAddress } from '../onboarding/decisions.js';
import { emptyPlan, type Plan } from '../plan.js';
import { hasOutbox, type Member, memberByEmail, memberBySlackId, planMessage } from '../records.js';

/**
 * Invitations: each Active member's personal invite link (the join form with its "Invited by" question filled
 * in with their Member ID), the Invited by a join brings, the inviter's thank-you, and the week's count.
 */

/** Outbox kinds of invitations. */
export const INVITATION_KINDS = {
  /** The answer to the `Invite someone` shortcut: the link, or why there is none (To: who asked). */
  link: 'invite.link',
  /** The inviter thanked once the person they invited is Active and welcomed (About: the invitee). */
  thanks: 'invite.thanks',
} as const;
export type InvitationKind = (typeof INVITATION_KINDS)[keyof typeof INVITATION_KINDS];

/** The About of an invite link's row when who asked is no member. */
export const NOT_A_MEMBER = '(not a member)';

/** What someone asking for their invite link is told: their link, or why there is none. */
export type InviteAnswer = 'link' | 'no-link' | 'not-a-member' | 'pending' | 'not-active';

export function inviteAnswer(member: Member | undefined, settings: Settings): InviteAnswer {
  if (!member?.memberId) return 'not-a-member';
  if (member.status === 'Pending') return 'pending';
  if (member.status !== 'Active') return 'not-active';
  return settings.inviteLink ? 'link' : 'no-link';
}

/** A member's personal invite link: Settings → Invite link (ending in `entry.…=`), then their Member ID. */
export function personalInviteLink(inviteLink: string, memberId: string): string {
  return `${inviteLink}${encodeURIComponent(memberId)}`;
}

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

/**
 * The `Invite someone` shortcut: whoever asked gets a DM, once per request: their personal link, or why there
 * is none and what to do. They are found by Slack ID, or else by their profile's email on a member row that
 * has no Slack ID yet. The answer is worked out again from the sheet when it is sent.
 */
export function planInviteLink(work: InputOf<'invite_shortcut'>, snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  const key = `invite-link:${work.identity}`;
  if (hasOutbox(snapshot, key)) {
    plan.notes.push(`${work.identity}: already answered`);
    return plan;
  }
  const byEmail = work.email ? memberByEmail(snapshot, work.email) : undefined;
  const member = memberBySlackId(snapshot, work.user) ?? (byEmail?.slackId ? undefined : byEmail);
  const message = planMessage(key, {
    kind: INVITATION_KINDS.link,
    to: work.user,
    about: member?.memberId ?? NOT_A_MEMBER,
    due: now,
  });
  plan.changes.push(message.change);
  plan.send.push(message.id);
  plan.notes.push(
    `${work.identity}: ${work.user} asked for an invite link: ${inviteAnswer(member, snapshot.settings)}`,
  );
  return plan;
}

/** How many joined in [from, to) through an invitation (Members whose Joined is then and Invited by is set). */
export function invitedJoins(snapshot: Snapshot, from: DateTime, to: DateTime): number {
  return snapshot
    .table('Members')
    .rows.filter(({ values: m }) => !!m.invitedBy?.trim() && !!m.joined && m.joined >= from && m.joined < to)
    .length;
}
