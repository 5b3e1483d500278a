import type { DateTime } from 'luxon';
import { describeError } from '../../common/errors.js';
import { type Change, update } from '../../sheets-schema/changes.js';
import { withChanges } from '../../sheets-schema/overlay.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { WAITING_FOR_SLACK } from '../../workflows/onboarding/decisions.js';
import { type PersonRecipient, parsePermalink } from '../../workflows/outbox/delivery.js';
import { type DueSend, failureNotice, type SendOutcome, sendMark } from '../../workflows/outbox/outbox.js';
import type { Plan } from '../../workflows/plan.js';
import { renderOutbox } from '../../workflows/renderers.js';
import type { Chat } from '../chat.js';
import { errorFields, type Logger } from '../log.js';

/** What one batch has to say in Slack once its write is done. */
export interface Deliveries {
  sends: readonly DueSend[];
  ephemerals: Plan['ephemerals'];
  views: Plan['views'];
  /** The sheet as the batch's write left it: each Outbox row is rendered from it. */
  written: Snapshot;
  now: DateTime;
}

/**
 * The deliver step: a batch's Slack calls, after its write, in order. Each Outbox row is rendered from the
 * sheet as written, sent, and its mark (Sent, Skipped, due again, Failed; a permalink learnt; a member's Slack
 * ID found by email) returned, to ride in the next write. Replies only one person sees and modals go last.
 */
export async function deliver(
  batch: Deliveries,
  deps: { chat: Chat; log: Logger },
  /** Marks learnt since the batch was decided (by earlier batches' sends), which rendering must see. */
  learnt: () => readonly Change[],
  /** Each message's marks, as soon as it is sent. */
  mark: (changes: readonly Change[]) => void,
): Promise<void> {
  const { chat, log } = deps;
  const { now } = batch;
  let written = withChanges(batch.written, learnt());
  for (const send of batch.sends) {
    try {
      const changes = await sendOne(send, written, now, chat);
      mark(changes);
      // What a send learnt (a member's Slack ID found by email) serves the messages after it.
      written = withChanges(written, changes);
    } catch (error) {
      // What went wrong and how to fix it, as the Outbox's Last error and the leaders' notice say it.
      const text = describeError(error);
      log.log('WARNING', `Slack message ${send.id} not sent`, errorFields(error));
      // A post whose answer never came may have landed: it stays Sending, and is looked for before a new try.
      const outcome: SendOutcome = (error as { inDoubt?: boolean }).inDoubt
        ? { doubt: text }
        : { ok: false, error: text };
      const changes = [sendMark(send.id, send.attempts, now, outcome)];
      const row = written.table('Outbox').byId(send.id)?.values;
      const failed = changes[0]?.kind === 'update' && changes[0].set.status === 'Failed';
      if (row && failed) changes.push(...failureNotice(row, text, written, now));
      mark(changes);
    }
  }
  for (const { viewId, view } of batch.views) {
    await chat.updateView(viewId, view).catch((error: unknown) => {
      log.log('WARNING', 'modal not redrawn', errorFields(error));
    });
  }
  for (const reply of batch.ephemerals) {
    // A click from the App Home has no channel to answer in: the answer comes as a DM instead.
    const sent = reply.channel
      ? chat.postEphemeral(reply)
      : chat.post({ channel: reply.user, text: reply.text });
    await sent.catch((error: unknown) => {
      log.log('WARNING', 'ephemeral reply not delivered', errorFields(error));
    });
  }
}

/** One Outbox row, rendered from the sheet as written; its marks (and links it learnt) ride in the next write. */
async function sendOne(send: DueSend, view: Snapshot, now: DateTime, chat: Chat): Promise<Change[]> {
  const { id, attempts } = send;
  const row = view.table('Outbox').byId(id)?.values;
  if (row?.status !== 'Scheduled' && row?.status !== 'Sending') return [];
  const delivery = renderOutbox(row, view);
  if (delivery.kind === 'skip') return [sendMark(id, attempts, now, { skipped: delivery.reason })];
  if (delivery.kind === 'kick') {
    const outcome = await chat.kick(delivery.channel, delivery.user);
    return [sendMark(id, attempts, now, outcome.ok ? { ok: true } : { skipped: outcome.reason })];
  }
  if (delivery.kind === 'wait') return [sendMark(id, attempts, now, { ok: false, error: delivery.reason })];
  if (delivery.kind === 'channel') return makeChannel(send, delivery, row.due, now, chat);
  if (delivery.kind === 'update') {
    const target = parsePermalink(delivery.permalink);
    if (!target)
      return [sendMark(id, attempts, now, { skipped: `not a Slack message link: ${delivery.permalink}` })];
    await chat.update({ ...target, ...delivery.message });
    return [sendMark(id, attempts, now, { ok: true })];
  }
  const changes: Change[] = [];
  let channel: string;
  if (typeof delivery.to === 'string') channel = delivery.to;
  else if ('group' in delivery.to) channel = await chat.openGroup(delivery.to.group);
  else {
    // A member's DM: by Slack ID if known, else found by their email (and linked for next time).
    const member = delivery.to;
    const found = member.slackId ?? (await lookUp(chat, member))?.id;
    if (!found) {
      const who = member.confidential ? 'the reporter' : member.email;
      return [sendMark(id, attempts, now, { skipped: `${WAITING_FOR_SLACK}: sent when ${who} joins Slack` })];
    }
    if (!member.slackId && member.memberId)
      changes.push(update('Members', member.memberId, { slackId: found }));
    if (!member.slackId && member.rsvpId) changes.push(update('RSVPs', member.rsvpId, { slackId: found }));
    channel = found;
    // Invited before the post: the message says they are in the channel. Tried again with the post.
    if (delivery.inviteTo) {
      const invited = await chat.invite(delivery.inviteTo, found);
      if (!invited.ok) {
        const error = `could not add them to ${delivery.inviteTo}: ${invited.reason}`;
        return [...changes, sendMark(id, attempts, now, { ok: false, error })];
      }
    }
  }
  // Sent before, with no answer back: found in Slack by its Message ID, it is not posted again.
  const found = send.inDoubt && (await lookFor(chat, channel, id, send.inDoubt.since));
  const posted = found || (await chat.post({ ...delivery.message, channel, messageId: id }));
  changes.push(sendMark(id, attempts, now, { ok: true, permalink: posted.permalink }));
  if (delivery.aboutOnceSent !== undefined)
    changes.push(update('Outbox', id, { about: delivery.aboutOnceSent }));
  if (delivery.permalinkTo)
    changes.push(
      update(delivery.permalinkTo.tab, delivery.permalinkTo.id, { slackMessage: posted.permalink }),
    );
  return changes;
}

/**
 * A project's new channel: the first name Slack does not say is taken, its ID written to the project's
 * Channel with the row's Sent mark. Every name taken is an error like any other: tried again at the next tick.
 */
async function makeChannel(
  send: DueSend,
  delivery: { project: string; names: readonly string[] },
  due: DateTime | undefined,
  now: DateTime,
  chat: Chat,
): Promise<Change[]> {
  for (const name of delivery.names) {
    // One Hearth made for this row since it was due is that row's (a try whose answer was lost).
    const made = await chat.createChannel(name, due?.toJSDate());
    if (!made.ok) continue;
    return [
      sendMark(send.id, send.attempts, now, { ok: true }),
      update('Projects', delivery.project, { channel: made.id }),
    ];
  }
  const error = `every channel name from #${delivery.names[0] ?? ''} to #${delivery.names.at(-1) ?? ''} is taken: type a channel in the project's Channel cell, then set this row back to Scheduled`;
  return [sendMark(send.id, send.attempts, now, { ok: false, error })];
}

/** A post in doubt, looked for in Slack; a failed look stays in doubt (it is never a reason to post again). */
async function lookFor(chat: Chat, channel: string, messageId: string, since: DateTime) {
  try {
    return await chat.findPosted({ channel, messageId, since: since.toJSDate() });
  } catch (error) {
    throw Object.assign(new Error(`could not look for it in Slack: ${describeError(error)}`), {
      inDoubt: true,
    });
  }
}

/** A person found by email; a reporter's email never reaches an error or a log line. */
async function lookUp(chat: Chat, person: PersonRecipient) {
  try {
    return await chat.lookupUserByEmail(person.email);
  } catch (error) {
    if (!person.confidential) throw error;
    throw Object.assign(new Error('looking up the reporter in Slack failed'), {
      retryable: (error as { retryable?: boolean }).retryable ?? true,
    });
  }
}
