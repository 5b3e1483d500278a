import type { DateTime } from 'luxon';
import { type Change, update } from '../sheets-schema/changes.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import { type Delivery, post, type Renderer, recipient, skip } from './delivery.js';
import {
  approvalExpiredNotice,
  approvalOutcomeMessage,
  approvalReminderMessage,
  approvalRequestMessage,
} from './messages/approvals.js';
import { followUpMessage, greeterMessage, introductionPost, welcomeMessage } from './messages/onboarding.js';
import { EVENT_RENDERERS } from './outbox-events.js';
import { MODERATION_RENDERERS } from './outbox-moderation.js';
import { OUTDATED_KIND } from './outdated.js';
import {
  type Approval,
  hasOutbox,
  idList,
  leaderBySlackId,
  type Member,
  type OutboxRow,
  planMessage,
} from './records.js';
import { reminderSendCheck } from './reminders.js';

/** A message due later than this is no longer useful: it is Skipped with the reason, not sent. */
export const DEFAULT_MAX_LATE_HOURS = 24;
/**
 * A message Slack did not take is tried again on later ticks, this many times in all: the cause may pass (a
 * rate limit, an outage) or be fixed by an organizer (the channel created, the bot invited).
 */
export const MAX_ATTEMPTS = 5;

function memberOf(snapshot: Snapshot, id: string | undefined): Member | undefined {
  return id ? snapshot.table('Members').byId(id)?.values : undefined;
}

function approvalOf(snapshot: Snapshot, id: string | undefined): Approval | undefined {
  return id ? snapshot.table('Approvals').byId(id)?.values : undefined;
}

function greeterOf(snapshot: Snapshot, member: Member) {
  const leader = member.greeter ? leaderBySlackId(snapshot, member.greeter) : undefined;
  return leader ? { slackId: leader.slackId, name: leader.name || leader.slackId } : undefined;
}

function approvalTitle(approval: Approval, snapshot: Snapshot): string {
  const member = approval.kind === 'join' ? memberOf(snapshot, approval.subject) : undefined;
  return member
    ? `${member.name || member.email} wants to join`
    : (approval.summary ?? '').split('\n')[0] || `${approval.kind} request`;
}

function approvalDetails(approval: Approval, snapshot: Snapshot) {
  if (approval.kind !== 'join') return [{ label: 'Request', value: approval.summary ?? '' }];
  const member = memberOf(snapshot, approval.subject);
  if (!member) return [{ label: 'Request', value: approval.summary ?? '' }];
  return [
    { label: 'Email', value: member.email },
    ...(member.source ? [{ label: 'Heard about us', value: member.source }] : []),
    ...(member.interests ? [{ label: 'Interests', value: member.interests }] : []),
    { label: 'Introductions', value: member.intros ? 'Yes' : 'No' },
  ];
}

const RENDERERS: Record<string, Renderer> = {
  ...EVENT_RENDERERS,
  ...MODERATION_RENDERERS,

  // A message whose buttons are out of date, edited so they are gone: To is its channel, About its ts.
  [OUTDATED_KIND]: (row) => {
    const ts = row.about ?? '';
    if (!row.to || !/^\d{10}\.\d{6}$/.test(ts)) return skip('no message to edit');
    const text =
      ':no_entry_sign: This message is out of date: the sheet no longer has what it was about, or keeps a newer message for it. Its buttons were removed.';
    return {
      kind: 'update',
      permalink: `https://slack.com/archives/${row.to}/p${ts.replace('.', '')}`,
      message: { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] },
    };
  },

  // A note to a channel or person whose text is the row's About.
  note: (row) =>
    row.to && row.about
      ? { kind: 'post', to: row.to, message: { text: row.about } }
      : skip('no To or About to send'),

  'approval.request': (row, snapshot) => {
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
        }),
      ),
      permalinkTo: { tab: 'Approvals', id: approval.approvalId },
    };
  },

  // The request message, edited in place: progress while Pending, then the outcome with the buttons gone.
  'approval.update': (row, snapshot) => {
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

  'approval.reminder': (row, snapshot) => {
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

  'approval.expired': (row, snapshot) => {
    const approval = approvalOf(snapshot, row.about);
    if (!approval?.approvalId || !row.to) return skip(`no approval ${row.about ?? ''}`);
    const member = approval.kind === 'join' ? memberOf(snapshot, approval.subject) : undefined;
    const who = member?.name || approval.subject || 'the member';
    return post(
      row.to,
      approvalExpiredNotice({
        title: approvalTitle(approval, snapshot),
        subjectRule: `${who} stays Pending: to let them in, set their Status to Active in Members (they are welcomed then).`,
        ...(approval.slackMessage ? { link: approval.slackMessage } : {}),
      }),
    );
  },

  welcome: (row, snapshot) => {
    const member = memberOf(snapshot, row.about);
    if (!member?.memberId) return skip(`no member ${row.about ?? ''}`);
    const settings = snapshot.settings;
    const now = row.due as DateTime;
    const events = snapshot
      .table('Events')
      .rows.map((r) => r.values)
      .filter((e) => e.status === 'Announced' && e.starts > now)
      .sort((a, b) => a.starts.toMillis() - b.starts.toMillis())
      .slice(0, 3)
      .map((e) => ({ title: e.title, starts: e.starts, ...(e.location ? { location: e.location } : {}) }));
    const greeter = greeterOf(snapshot, member);
    return post(
      recipient(member),
      welcomeMessage({
        name: member.name || member.email,
        groupName: settings.groupName,
        template: settings.welcomeMessage,
        rulesLink: settings.groundRulesLink,
        rules: settings.groundRules,
        events,
        ...(greeter ? { greeter } : {}),
        timeZone: snapshot.timeZone,
      }),
    );
  },

  greeter: (row, snapshot) => {
    const member = memberOf(snapshot, row.about);
    if (!member?.memberId || !row.to) return skip(`no member ${row.about ?? ''}`);
    return post(
      row.to,
      greeterMessage({
        member: {
          name: member.name || member.email,
          email: member.email,
          ...(member.slackId ? { slackId: member.slackId } : {}),
          ...(member.interests ? { interests: member.interests } : {}),
          ...(member.source ? { heardFrom: member.source } : {}),
        },
        groupName: snapshot.settings.groupName,
      }),
    );
  },

  intro: (row, snapshot) => {
    const member = memberOf(snapshot, row.about);
    if (!member?.memberId || !row.to) return skip(`no member ${row.about ?? ''}`);
    return post(
      row.to,
      introductionPost({
        member: {
          name: member.name || member.email,
          ...(member.slackId ? { slackId: member.slackId } : {}),
          ...(member.interests ? { interests: member.interests } : {}),
        },
        groupName: snapshot.settings.groupName,
      }),
    );
  },

  followup: (row, snapshot) => {
    const member = memberOf(snapshot, row.about);
    if (!member?.memberId) return skip(`no member ${row.about ?? ''}`);
    if (member.status !== 'Active') return skip(`${member.memberId} is ${member.status ?? 'not active'}`);
    const greeter = greeterOf(snapshot, member);
    return post(
      recipient(member),
      followUpMessage({
        name: member.name || member.email,
        groupName: snapshot.settings.groupName,
        ...(greeter ? { greeter } : {}),
      }),
    );
  },
};

export function renderOutbox(row: OutboxRow, snapshot: Snapshot): Delivery {
  const render = RENDERERS[row.kind];
  return render ? render(row, snapshot) : skip(`Hearth has no message kind "${row.kind}"`);
}

/** A message the writer is to send now; `inDoubt`: it went out to Slack before and no answer came back. */
export interface DueSend {
  id: string;
  attempts: number;
  inDoubt?: { since: DateTime };
}

export interface DueMessages {
  send: DueSend[];
  /** Marks for rows skipped as stale. */
  changes: Change[];
}

/**
 * A message marked Sending longer than this without its Sent mark is in doubt: the writer that sent it died or
 * never heard back. It is looked for in Slack before it is sent again. Until then another writer may still be
 * sending it.
 */
export const IN_DOUBT_AFTER_MINUTES = 5;

/**
 * Scheduled Outbox rows that are due, oldest first, and Sending ones in doubt; rows being sent or already sent
 * by this writer (`inFlight`) are left out, so overlapping ticks never send one twice.
 */
export function dueMessages(snapshot: Snapshot, now: DateTime, inFlight: ReadonlySet<string>): DueMessages {
  const due: DueMessages = { send: [], changes: [] };
  const doubtful = now.minus({ minutes: IN_DOUBT_AFTER_MINUTES });
  const rows = snapshot
    .table('Outbox')
    .rows.filter(
      (r) =>
        r.values.messageId &&
        ((r.values.status === 'Scheduled' && r.values.due <= now) ||
          (r.values.status === 'Sending' && (r.values.sent ?? r.values.due) <= doubtful)),
    )
    .sort((a, b) => a.values.due.toMillis() - b.values.due.toMillis() || a.sheetRow - b.sheetRow);
  for (const { values } of rows) {
    const id = values.messageId as string;
    if (inFlight.has(id)) continue;
    if (values.status === 'Sending') {
      due.send.push({ id, attempts: values.attempts ?? 0, inDoubt: { since: values.sent ?? values.due } });
      continue;
    }
    // Reminders have their own rule: useful until half their offset late, and never into quiet hours.
    const reminder = reminderSendCheck(values, snapshot, now);
    if (reminder === 'wait') continue;
    if (typeof reminder === 'object') {
      due.changes.push(update('Outbox', id, { status: 'Skipped', lastError: reminder.skip }));
      continue;
    }
    if (reminder === undefined && now.diff(values.due, 'hours').hours > DEFAULT_MAX_LATE_HOURS) {
      due.changes.push(
        update('Outbox', id, {
          status: 'Skipped',
          lastError: `too late to be useful: due ${values.due.setZone(snapshot.timeZone).toFormat('yyyy-MM-dd HH:mm')}, more than ${DEFAULT_MAX_LATE_HOURS} hours ago`,
        }),
      );
      continue;
    }
    due.send.push({ id, attempts: values.attempts ?? 0 });
  }
  return due;
}

/** Written with the change set before the send: from here on, a crash leaves the message in doubt, not due. */
export function sendingMark(id: string, now: DateTime): Change {
  return update('Outbox', id, { status: 'Sending', sent: now });
}

export type SendOutcome =
  | { ok: true; permalink?: string }
  | { ok: false; error: string }
  /** The post may have landed (no answer came): looked for in Slack before any new try. */
  | { doubt: string }
  | { skipped: string };

/** The Outbox row after a try: Sent, Skipped with a reason, due again on a later tick, or Failed for good. */
export function sendMark(id: string, attemptsBefore: number, now: DateTime, outcome: SendOutcome): Change {
  const attempts = attemptsBefore + 1;
  if ('skipped' in outcome) return update('Outbox', id, { status: 'Skipped', lastError: outcome.skipped });
  if ('doubt' in outcome) {
    return update('Outbox', id, {
      status: attempts >= MAX_ATTEMPTS ? 'Failed' : 'Sending',
      attempts,
      lastError: `not sure it reached Slack (${outcome.doubt}); Hearth looks for it there before sending it again`,
    });
  }
  if (outcome.ok) {
    return update('Outbox', id, {
      status: 'Sent',
      sent: now,
      attempts,
      lastError: null,
      ...(outcome.permalink ? { slackMessage: outcome.permalink } : {}),
    });
  }
  // Any error is tried again: a channel_not_found or not_in_channel is fixed in Slack, not in the message.
  const givesUp = attempts >= MAX_ATTEMPTS;
  // Not sent: the time its send began is cleared (it stays only while a send is in doubt).
  return update('Outbox', id, {
    status: givesUp ? 'Failed' : 'Scheduled',
    sent: null,
    attempts,
    lastError: outcome.error,
  });
}

/** What a notice of a message that failed for good starts with: such a notice failing is not told again. */
const NOT_SENT = 'Not sent:';

/**
 * A message that failed for good is told to the leaders once (in their channel, through the Outbox), with
 * what to fix and how to send it again. Nothing about a reporter is in it: a reporter is addressed by incident.
 */
export function failureNotice(row: OutboxRow, error: string, snapshot: Snapshot, now: DateTime): Change[] {
  if (!row.messageId || (row.kind === 'note' && (row.about ?? '').startsWith(NOT_SENT))) return [];
  const key = `failed:${row.messageId}`;
  if (hasOutbox(snapshot, key)) return [];
  const what = row.kind === 'note' ? 'a note' : `the ${row.kind} message`;
  const about = row.kind === 'note' ? '' : ` about ${row.about}`;
  const message = planMessage(key, {
    kind: 'note',
    to: snapshot.settings.leadersChannel,
    about: `${NOT_SENT} ${what} to ${row.to}${about} (Outbox ${row.messageId}) failed ${MAX_ATTEMPTS} times: ${error}. Fix the cause (a channel name, the bot invited there), then set its Status back to Scheduled to send it again.`,
    due: now,
  });
  return [message.change];
}
