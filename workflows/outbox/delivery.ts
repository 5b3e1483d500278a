import { isUserId } from '../../sheets-schema/slack-ids.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import type { Message } from '../plan.js';
import { type Member, memberByEmail, type OutboxRow } from '../records.js';

/**
 * A person as a recipient: their Slack ID when known, else found by email when the message is sent (and, for
 * a member, linked for next time).
 */
export interface PersonRecipient {
  memberId?: string | undefined;
  /** The RSVP the message is about: a Slack ID found by email is written there too. */
  rsvpId?: string | undefined;
  /** A reporter: who they are is never written outside the Incidents tab, not even in a reason or a log. */
  confidential?: boolean;
  email: string;
  slackId: string | undefined;
}

/** The people of a group DM (an intro), by Slack ID: the conversation is opened when the message is sent. */
export interface GroupRecipient {
  group: readonly string[];
}

/** What sending an Outbox row means, decided from the row and the sheet as it is when it is sent. */
export type Delivery =
  | {
      kind: 'post';
      /**
       * A channel or Slack ID as it is, a person found when sent, or the group DM of several people: the
       * channel the message goes to.
       */
      to: string | PersonRecipient | GroupRecipient;
      message: Omit<Message, 'channel'>;
      /** Where the posted message's permalink goes (a `Slack message` cell). */
      permalinkTo?: { tab: 'Approvals' | 'Events' | 'Incidents'; id: string };
      /** A channel (`#name` or ID) the person is invited to first (conversations.invite; already there is fine). */
      inviteTo?: string;
      /** What the row's About becomes once sent: words that are posted are kept only until then. */
      aboutOnceSent?: string;
    }
  /**
   * Not a message: a new public channel for a project, named by the first of `names` Slack does not say is
   * taken; its ID is written to the project's Channel.
   */
  | { kind: 'channel'; project: string; names: readonly string[] }
  /** Not yet: what it needs is not done (a project's channel not made yet); tried again at the next tick. */
  | { kind: 'wait'; reason: string }
  /** Not a message: a member taken out of a channel (conversations.kick). */
  | { kind: 'kick'; channel: string; user: string }
  | { kind: 'update'; permalink: string; message: Omit<Message, 'channel'> }
  | { kind: 'skip'; reason: string };

export type Renderer = (row: OutboxRow, snapshot: Snapshot) => Delivery;

export const skip = (reason: string): Delivery => ({ kind: 'skip', reason });

export const post = (
  to: string | PersonRecipient | GroupRecipient,
  built: { text: string; blocks?: Record<string, unknown>[]; threadTs?: string },
): Delivery => ({ kind: 'post', to, message: built });

export function recipient(member: Member): PersonRecipient {
  return { memberId: member.memberId as string, email: member.email, slackId: member.slackId || undefined };
}

/**
 * Who a person's address in the To column means: `member:M-1`, `rsvp:R-1` (the person who answered),
 * `email:a@b.org`, `reporter:IN-1` (read from the Incidents tab when sent); anything else is a channel or Slack ID, used as it is.
 */
export function personAt(address: string, snapshot: Snapshot): PersonRecipient | string | undefined {
  const [scheme, rest = ''] = address.split(/:(.*)/s);
  if (scheme === 'member') {
    const member = snapshot.table('Members').byId(rest)?.values;
    return member?.memberId ? recipient(member) : undefined;
  }
  if (scheme === 'rsvp') {
    const rsvp = snapshot.table('RSVPs').byId(rest)?.values;
    if (!rsvp?.rsvpId) return undefined;
    const member = rsvp.email ? memberByEmail(snapshot, rsvp.email) : undefined;
    return {
      ...(member?.memberId ? { memberId: member.memberId } : {}),
      rsvpId: rsvp.rsvpId,
      email: rsvp.email ?? member?.email ?? '',
      slackId: rsvp.slackId || member?.slackId || undefined,
    };
  }
  if (scheme === 'reporter') {
    const reporter = snapshot.table('Incidents').byId(rest)?.values.reporter?.trim();
    if (!reporter) return undefined;
    return isUserId(reporter)
      ? { email: '', slackId: reporter, confidential: true }
      : { email: reporter, slackId: undefined, confidential: true };
  }
  if (scheme === 'email') {
    const member = memberByEmail(snapshot, rest);
    return member?.memberId ? recipient(member) : { email: rest, slackId: undefined };
  }
  return address;
}

/** `https://x.slack.com/archives/C123/p1700000000000100` → channel C123, ts 1700000000.000100. */
export function parsePermalink(link: string): { channel: string; ts: string } | undefined {
  const match = /\/archives\/([A-Z0-9]+)\/p(\d{10})(\d{6})/.exec(link);
  return match ? { channel: match[1] as string, ts: `${match[2]}.${match[3]}` } : undefined;
}
