/**
 * Messages about approvals, for the leaders channel: the request with its buttons, the same message after the
 * decision (buttons gone), the halfway reminder, the expiry notice, and the ephemeral refusals.
 */
import type { DateTime } from 'luxon';
import {
  actions,
  type Block,
  type BlockMessage,
  button,
  confirmDialog,
  context,
  fieldsSection,
  formatDateTime,
  LIMITS,
  link,
  listOf,
  mention,
  message,
  section,
  sentence,
  userText,
} from '../outbox/blocks.js';

/** The Approve button's action_id; its value is the Approval ID. */
export const APPROVE_ACTION = 'approval:approve';
/** The Decline button's action_id; its value is the Approval ID. */
export const DECLINE_ACTION = 'approval:decline';

/** One thing the person wrote, shown to leaders as a field. */
export interface ApprovalDetail {
  label: string;
  value: string;
}

export interface ApprovalRequest {
  approvalId: string;
  kind: string;
  /** e.g. "Ada Lovelace wants to join" */
  title: string;
  /** What they wrote. */
  details: ApprovalDetail[];
  /** How many leaders must approve. */
  needed: number;
  /** Slack IDs of the leaders who approved so far. */
  approvedBy: string[];
  expires: DateTime;
  timeZone: string;
  /**
   * Decline's own action_id when it asks for a reason: the door opens the reason modal at once (no confirm
   * dialog; the modal is the second thought).
   */
  declineAsksReason?: string;
}

export interface ApprovalOutcome {
  approvalId: string;
  kind: string;
  title: string;
  details: ApprovalDetail[];
  status: 'Approved' | 'Declined' | 'Expired';
  /** Slack IDs of who decided (for Expired: who had approved, if anyone). */
  deciders: string[];
  decidedAt: DateTime;
  timeZone: string;
}

const MAX_DETAILS = 30;

function mentions(ids: readonly string[]): string {
  return listOf(ids.map((id) => mention(id)));
}

/** The title line and the details: the part the request and the outcome share. */
function requestBody(a: { approvalId: string; kind: string; title: string; details: ApprovalDetail[] }): {
  blocks: Block[];
  lines: string[];
} {
  const title = userText(a.title, 500);
  const blocks: Block[] = [section(`*${title}*`)];
  const shown = a.details.slice(0, MAX_DETAILS);
  const fields = shown.map((d) => `*${userText(d.label, 100)}*\n${userText(d.value, 1800) || '—'}`);
  for (let i = 0; i < fields.length; i += LIMITS.fields) blocks.push(fieldsSection(fields.slice(i, i + 10)));
  const lines = shown.map((d) => {
    const label = userText(d.label, 100);
    return `${label}${/[?:]$/.test(label) ? '' : ':'} ${userText(d.value, 300) || '—'}`;
  });
  const more = a.details.length - shown.length;
  const meta = [`${userText(a.kind, 100) || 'Request'} · ${userText(a.approvalId, 100)}`];
  if (more > 0) meta.push(`${more} more answer${more === 1 ? '' : 's'} in the Approvals tab`);
  blocks.push(context(meta.join(' · ')));
  return { blocks, lines };
}

/** "1 of 2 approvals so far, from <@U1>", when more than one approval is needed. */
function progress(needed: number, approvedBy: readonly string[]): string | undefined {
  if (needed <= 1) return undefined;
  const count = `${approvedBy.length} of ${needed} approvals`;
  return approvedBy.length > 0 ? `${count} so far, from ${mentions(approvedBy)}` : `${count} so far`;
}

/** The request in the leaders channel, with Approve and Decline buttons. */
export function approvalRequestMessage(a: ApprovalRequest): BlockMessage {
  const body = requestBody(a);
  const title = userText(a.title, 500);
  const expires = formatDateTime(a.expires, a.timeZone);
  const count = progress(a.needed, a.approvedBy);
  const status = [`:hourglass_flowing_sand: Expires ${expires} if nobody decides`];
  if (count) status.unshift(`:busts_in_silhouette: ${count}`);
  const blocks: Block[] = [
    ...body.blocks,
    context(...status),
    actions(
      [
        button({ text: 'Approve', actionId: APPROVE_ACTION, value: a.approvalId, style: 'primary' }),
        a.declineAsksReason
          ? button({ text: 'Decline…', actionId: a.declineAsksReason, value: a.approvalId, style: 'danger' })
          : button({
              text: 'Decline',
              actionId: DECLINE_ACTION,
              value: a.approvalId,
              style: 'danger',
              confirm: confirmDialog({
                title: 'Decline this request?',
                text: `*${userText(a.title, 200)}*\nThis closes the request for every leader.`,
                confirm: 'Decline',
                deny: 'Go back',
                style: 'danger',
              }),
            }),
      ],
      'approval',
    ),
  ];
  let text = `Approval needed: ${sentence(title)}`;
  if (count) text += ` ${sentence(count)}`;
  text += ` Expires ${expires}.`;
  if (body.lines.length > 0) text += `\n${body.lines.join('\n')}`;
  return message(text, blocks);
}

const OUTCOME_ICON: Record<ApprovalOutcome['status'], string> = {
  Approved: ':white_check_mark:',
  Declined: ':no_entry_sign:',
  Expired: ':hourglass:',
};

/** The outcome after the status word: "by <@U1> and <@U2> at Thu 3 Dec, 18:30". */
function outcomeDetail(a: ApprovalOutcome): string {
  const when = formatDateTime(a.decidedAt, a.timeZone);
  if (a.status === 'Expired') {
    const partial = a.deciders.length > 0 ? ` (approved by ${mentions(a.deciders)}, not enough)` : '';
    return `at ${when} without a decision${partial}`;
  }
  const by = a.deciders.length > 0 ? `by ${mentions(a.deciders)} ` : '';
  return `${by}at ${when}`;
}

/** The request after the decision: who decided and when, and no buttons. */
export function approvalOutcomeMessage(a: ApprovalOutcome): BlockMessage {
  const body = requestBody(a);
  const detail = outcomeDetail(a);
  const blocks: Block[] = [...body.blocks, section(`${OUTCOME_ICON[a.status]} *${a.status}* ${detail}`)];
  const title = userText(a.title, 500);
  return message(`${a.status}: ${title}, ${detail}.`, blocks);
}

/** A nudge in the leaders channel, halfway to expiry. */
export function approvalReminderMessage(a: {
  approvalId: string;
  title: string;
  expires: DateTime;
  timeZone: string;
  /** Permalink of the request. */
  link?: string;
}): BlockMessage {
  const title = userText(a.title, 500);
  const expires = formatDateTime(a.expires, a.timeZone);
  const open = link(a.link, 'Open the request', '');
  const body = `:bell: Still waiting for a leader: *${title}*. It expires ${expires}.`;
  const blocks: Block[] = [
    section(open ? `${body} ${open}` : body),
    context(`Approval ${userText(a.approvalId, 100)}`),
  ];
  return message(`Still waiting for a leader: ${sentence(title)} It expires ${expires}.`, blocks);
}

/** Told to the leaders channel when a request expired without a decision. */
export function approvalExpiredNotice(a: {
  title: string;
  /** What happens to the subject now, e.g. "Ada stays Pending; approve her by setting Status to Active in Members". */
  subjectRule: string;
  link?: string;
}): BlockMessage {
  const title = userText(a.title, 500);
  const rule = sentence(userText(a.subjectRule, 1500));
  const open = link(a.link, 'See the request', '');
  const body = `:hourglass: *${title}* expired without a decision. ${rule}`;
  const blocks: Block[] = [section(open ? `${body} ${open}` : body)];
  return message(`Expired without a decision: ${sentence(title)} ${rule}`, blocks);
}

export type RefusalReason =
  | 'not-a-leader'
  | 'cannot-approve'
  | 'already-decided'
  | 'already-approved'
  | 'unknown-approval'
  /** The member the request is for was deleted from the Members tab. */
  | 'subject-missing'
  /** The member's row has a cell typed wrong, so it is skipped until fixed. */
  | 'subject-needs-fix';

/** The ephemeral reply for someone whose click changes nothing. */
export function refusalText(
  reason: RefusalReason,
  detail: { status?: string; by?: string[]; at?: DateTime; timeZone?: string; subject?: string } = {},
): string {
  switch (reason) {
    case 'not-a-leader':
      return 'Only active leaders listed in the Leaders tab can decide on this, so nothing changed.';
    case 'cannot-approve':
      return 'Only leaders with “Can approve” = Yes in the Leaders tab can approve this.';
    case 'already-approved':
      return 'You already approved this; it needs another leader.';
    case 'unknown-approval':
      return 'I can’t find this request in the Approvals tab any more, so nothing changed.';
    case 'subject-missing': {
      const id = userText(detail.subject ?? '', 50) || 'the member';
      return `Nobody was approved: ${id}, whom this request is for, is no longer in the Members tab. Put their row back (with Member ID ${id}) and click Approve again, or Decline the request.`;
    }
    case 'subject-needs-fix': {
      const id = userText(detail.subject ?? '', 50) || 'the member';
      return `Nobody was approved yet: ${id}’s row in Members has a cell to fix (its Problems cell says which). Fix it and click Approve again.`;
    }
    case 'already-decided': {
      const status = userText(detail.status ?? '', 50).toLowerCase();
      const by = detail.by && detail.by.length > 0 ? ` by ${mentions(detail.by)}` : '';
      const at = detail.at ? ` at ${formatDateTime(detail.at, detail.timeZone ?? 'UTC')}` : '';
      if (status === 'expired') return `This request already expired${at}.`;
      if (status === '' || status === 'pending') return `This was already decided${by}${at}.`;
      return `This was already ${status}${by}${at}.`;
    }
  }
}
