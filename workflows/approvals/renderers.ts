import type { DateTime } from 'luxon';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { post, type Renderer, skip } from '../outbox/delivery.js';
import { PROJECT_DECLINE_ACTION, projectExpiredRule } from '../projects/proposal-messages.js';
import { type Approval, idList, type Member } from '../records.js';
import {
  approvalExpiredNotice,
  approvalOutcomeMessage,
  approvalReminderMessage,
  approvalRequestMessage,
} from './messages.js';

/** The Outbox kinds of approvals' messages. */
export const APPROVAL_MESSAGES = {
  request: 'approval.request',
  update: 'approval.update',
  reminder: 'approval.reminder',
  expired: 'approval.expired',
  /** A refusal shown once to the person who clicked (an ephemeral), kept in the Outbox as already Sent. */
  refused: 'approval.refused',
} as const;
export type ApprovalMessageKind = (typeof APPROVAL_MESSAGES)[keyof typeof APPROVAL_MESSAGES];

function memberOf(snapshot: Snapshot, id: string | undefined): Member | undefined {
  return id ? snapshot.table('Members').byId(id)?.values : undefined;
}

/** `Grace Hopper (M-3)`, or the Member ID alone when no such member is in the sheet any more. */
function inviterOf(snapshot: Snapshot, memberId: string): string {
  const inviter = memberOf(snapshot, memberId);
  return inviter?.name ? `${inviter.name} (${memberId})` : memberId;
}

function approvalOf(snapshot: Snapshot, id: string | undefined): Approval | undefined {
  return id ? snapshot.table('Approvals').byId(id)?.values : undefined;
}

/** Kinds whose Decline asks the leader for a reason (a modal the door opens), by the button's action_id. */
const DECLINE_ASKS_REASON: Readonly<Record<string, string>> = { project: PROJECT_DECLINE_ACTION };

/** The request's one-line title: who wants to join, or the first line of its Summary. */
export function approvalTitle(approval: Approval, snapshot: Snapshot): string {
  const member = approval.kind === 'join' ? memberOf(snapshot, approval.subject) : undefined;
  return member
    ? `${member.name || member.email} wants to join`
    : (approval.summary ?? '').split('\n')[0] || `${approval.kind} request`;
}

function approvalDetails(approval: Approval, snapshot: Snapshot) {
  if (approval.kind !== 'join') {
    // A Summary of several lines is its title (the first) and its details (a project's).
    const [first = '', ...rest] = (approval.summary ?? '').split('\n');
    return rest.length > 0
      ? [{ label: 'Details', value: rest.join('\n') }]
      : [{ label: 'Request', value: first }];
  }
  const member = memberOf(snapshot, approval.subject);
  if (!member) return [{ label: 'Request', value: approval.summary ?? '' }];
  return [
    { label: 'Email', value: member.email },
    ...(member.source ? [{ label: 'Heard about us', value: member.source }] : []),
    ...(member.interests ? [{ label: 'Interests', value: member.interests }] : []),
    ...(member.invitedBy ? [{ label: 'Invited by', value: inviterOf(snapshot, member.invitedBy) }] : []),
    { label: 'Introductions', value: member.intros?.want === 'yes' ? 'Yes' : 'No' },
  ];
}

export const APPROVAL_RENDERERS: Record<ApprovalMessageKind, Renderer> = {
  [APPROVAL_MESSAGES.request]: (row, snapshot) => {
    const approval = approvalOf(snapshot, row.about);
    if (!approval?.approvalId || !row.to) return skip(`no approval ${row.about ?? ''}`);
    if (approval.status !== 'Pending')
      return skip(`${approval.approvalId} was decided before its request went out`);
    return {
      ...post(
        row.to,
        approvalRequestMessage({
          approvalId: approval.approvalId,
          kind: approval.kind,
          title: approvalTitle(approval, snapshot),
          details: approvalDetails(approval, snapshot),
          needed: approval.needed ?? 1,
          approvedBy: idList(approval.approvedBy),
          expires: approval.expires ?? (row.due as DateTime),
          timeZone: snapshot.timeZone,
          ...(DECLINE_ASKS_REASON[approval.kind]
            ? { declineAsksReason: DECLINE_ASKS_REASON[approval.kind] }
            : {}),
        }),
      ),
      permalinkTo: { tab: 'Approvals', id: approval.approvalId },
    };
  },

  // The request message, edited in place: progress while Pending, then the outcome with the buttons gone.
  [APPROVAL_MESSAGES.update]: (row, snapshot) => {
    const approval = approvalOf(snapshot, row.about);
    if (!approval?.approvalId) return skip(`no approval ${row.about ?? ''}`);
    if (!approval.slackMessage) return skip(`the request for ${approval.approvalId} was never posted`);
    const common = {
      approvalId: approval.approvalId,
      kind: approval.kind,
      title: approvalTitle(approval, snapshot),
      details: approvalDetails(approval, snapshot),
      timeZone: snapshot.timeZone,
    };
    const built =
      approval.status === 'Pending'
        ? approvalRequestMessage({
            ...common,
            needed: approval.needed ?? 1,
            approvedBy: idList(approval.approvedBy),
            expires: approval.expires ?? (row.due as DateTime),
            ...(DECLINE_ASKS_REASON[approval.kind]
              ? { declineAsksReason: DECLINE_ASKS_REASON[approval.kind] }
              : {}),
          })
        : approvalOutcomeMessage({
            ...common,
            status: approval.status,
            deciders:
              approval.status === 'Declined' ? idList(approval.declinedBy) : idList(approval.approvedBy),
            decidedAt: approval.decided ?? (row.due as DateTime),
          });
    return { kind: 'update', permalink: approval.slackMessage, message: built };
  },

  [APPROVAL_MESSAGES.reminder]: (row, snapshot) => {
    const approval = approvalOf(snapshot, row.about);
    if (!approval?.approvalId || !row.to) return skip(`no approval ${row.about ?? ''}`);
    if (approval.status !== 'Pending') return skip(`${approval.approvalId} was decided meanwhile`);
    return post(
      row.to,
      approvalReminderMessage({
        approvalId: approval.approvalId,
        title: approvalTitle(approval, snapshot),
        expires: approval.expires ?? (row.due as DateTime),
        timeZone: snapshot.timeZone,
        ...(approval.slackMessage ? { link: approval.slackMessage } : {}),
      }),
    );
  },

  [APPROVAL_MESSAGES.expired]: (row, snapshot) => {
    const approval = approvalOf(snapshot, row.about);
    if (!approval?.approvalId || !row.to) return skip(`no approval ${row.about ?? ''}`);
    const member = approval.kind === 'join' ? memberOf(snapshot, approval.subject) : undefined;
    const who = member?.name || approval.subject || 'the member';
    const project =
      approval.kind === 'project' ? snapshot.table('Projects').byId(approval.subject ?? '') : undefined;
    return post(
      row.to,
      approvalExpiredNotice({
        title: approvalTitle(approval, snapshot),
        subjectRule:
          approval.kind === 'project'
            ? projectExpiredRule(project?.values.title || approval.subject || 'the project')
            : `${who} stays Pending: to let them in, set their Status to Active in Members (they are welcomed then).`,
        ...(approval.slackMessage ? { link: approval.slackMessage } : {}),
      }),
    );
  },

  // Shown once as an ephemeral when it was decided: set back to Scheduled by hand, there is nothing to post.
  [APPROVAL_MESSAGES.refused]: () => skip('a reply shown once to the person who clicked; it is not posted'),
};
