/**
 * The quiet check-in (README "Presence", point 3): one friendly DM to a member who has done nothing for 90
 * days, with what is coming up and a way out that needs no explaining; the goodbye when they take it, and the
 * check-in as it reads once answered. Warm and short: no guilt, no pressure.
 */
import type { DateTime } from 'luxon';
import {
  actions,
  type Block,
  type BlockMessage,
  button,
  confirmDialog,
  context,
  formatDateTime,
  link,
  message,
  section,
  userText,
} from '../outbox/blocks.js';

/** The button's action_id; its value is the Member ID of the person the check-in was sent to. */
export const NOT_INTERESTED_ACTION = 'quiet:not-interested';

/** How many of the next announced events the check-in lists. */
export const CHECK_IN_EVENTS = 3;

export interface ComingUp {
  title: string;
  starts: DateTime;
  location?: string;
  /** The announcement's link, where they can say they are going. */
  link?: string;
}

const groupOf = (name: string) => userText(name, 200) || 'the group';

/** `• *Winter walk*, Sat 12 Dec, 10:00 · Ilkley · <link|RSVP>`. */
function eventLine(e: ComingUp, timeZone: string): string {
  const where = e.location?.trim() ? ` · ${userText(e.location, 200)}` : '';
  const rsvp = e.link ? ` · ${link(e.link, 'RSVP', '')}` : '';
  return `• *${userText(e.title, 200) || 'Untitled event'}*, ${formatDateTime(e.starts, timeZone)}${where}${rsvp}`;
}

/** The check-in DM: we miss you, here is what is coming up, and Not interested any more (confirmed first). */
export function quietCheckIn(a: {
  name: string;
  groupName: string;
  memberId: string;
  events: readonly ComingUp[];
  timeZone: string;
}): BlockMessage {
  const name = userText(a.name, 200) || 'there';
  const group = groupOf(a.groupName);
  const hello = `Hi ${name}! It’s been a while since we saw you at ${group}, and we’d love to see you again. No pressure at all: here is what’s coming up, in case something catches your eye.`;
  const events = a.events.slice(0, CHECK_IN_EVENTS);
  const comingUp =
    events.length > 0
      ? `*Coming up*\n${events.map((e) => eventLine(e, a.timeZone)).join('\n')}`
      : 'Nothing is announced just now: new events are posted in the announcements channel.';
  const out = `If ${group} isn’t for you any more, that’s fine too: tell us below and we’ll stop messaging you.`;
  const blocks: Block[] = [
    section(`:wave: ${hello}`),
    section(comingUp),
    context(out),
    actions(
      [
        button({
          text: 'Not interested any more',
          actionId: NOT_INTERESTED_ACTION,
          value: a.memberId,
          confirm: confirmDialog({
            title: `Leave ${a.groupName.trim() || 'the group'}?`,
            text: `You’ll leave ${group}: your seats at upcoming events go to the waitlist and we stop messaging you. You can always join again.`,
            confirm: 'Yes, leave',
            deny: 'Stay',
            style: 'danger',
          }),
        }),
      ],
      NOT_INTERESTED_ACTION,
    ),
  ];
  const next =
    events.length > 0 ? ` Coming up: ${events.map((e) => userText(e.title, 200)).join(', ')}.` : '';
  return message(`${hello}${next}`, blocks);
}

/** The goodbye, once: what leaving did, and that the door stays open. */
export function quietGoodbye(a: { name: string; groupName: string; joinFormLink: string }): BlockMessage {
  const name = userText(a.name, 200) || 'there';
  const group = groupOf(a.groupName);
  const text = `Thanks for letting us know, ${name}. You’ve left ${group}: your seats at upcoming events went to the waitlist, and we won’t message you again. Thank you for having been part of it.`;
  const back = `If you ever want to come back, you’re always welcome: ${link(a.joinFormLink, 'join again', 'just join again')}.`;
  return message(`${text} If you ever want to come back, you’re always welcome.`, [
    section(`:wave: ${text}`),
    context(back),
  ]);
}

/** The check-in as it reads once answered: its button gone, so it cannot be pressed again. */
export function quietAnswered(a: { groupName: string }): BlockMessage {
  const text = `You told us you’re not interested any more, so you’ve left ${groupOf(a.groupName)}.`;
  return message(text, [section(`:white_check_mark: ${text}`)]);
}

/** Replies only the clicker sees, when the button changes nothing. */
export const QUIET_REFUSALS = {
  notYours: 'This button is for the person the message was sent to, so nothing changed.',
  notActive: 'You are not an active member any more, so there is nothing to change.',
} as const;
