/**
 * Messages about events: the announcement in the event's channel (edited in place as seats change), the DMs
 * that tell people what Hearth took from their RSVP, promotions off the waitlist, refusals, moves and
 * cancellations, reminders, and the thank-you afterwards. Titles, places and hosts were typed by organizers:
 * they always go through `userText` (or `mention`).
 */
import type { DateTime } from 'luxon';
import { feedbackButtons } from '../feedback/messages.js';
import {
  actions,
  type Block,
  type BlockMessage,
  button,
  context,
  count,
  fieldsSection,
  formatDateTime,
  link,
  mention,
  message,
  section,
  sentence,
  userText,
} from '../outbox/blocks.js';
import { partnersLine } from '../partners/messages.js';

/** The Going button's action_id; its value is the Event ID. */
export const RSVP_YES_ACTION = 'rsvp:yes';
/** The Can’t go button's action_id; its value is the Event ID. */
export const RSVP_NO_ACTION = 'rsvp:no';

export interface EventView {
  eventId: string;
  title: string;
  starts: DateTime;
  ends?: DateTime;
  location?: string;
  /** Free text typed by organizers; a Slack user ID (U123…) is mentioned. */
  host?: string;
  /** Undefined: no limit. */
  capacity?: number;
  /** Seats taken, guests included. */
  confirmed: number;
  /** People waiting, guests included. */
  waitlisted: number;
  /** Undefined when there is no limit. */
  seatsLeft?: number;
  rsvpDeadline?: DateTime;
  status: 'Draft' | 'Announced' | 'Cancelled' | 'Done';
  timeZone: string;
}

const TITLE_MAX = 500;
const PLACE_MAX = 500;

// ---------------------------------------------------------------------------------------------------------
// Shared pieces

export function titleOf(e: EventView): string {
  return userText(e.title, TITLE_MAX) || 'Untitled event';
}

function placeOf(e: EventView): string | undefined {
  return e.location?.trim() ? userText(e.location, PLACE_MAX) : undefined;
}

function hostOf(e: EventView): string | undefined {
  return e.host?.trim() ? mention(e.host) : undefined;
}

const ms = (d: DateTime | undefined): number => (d?.isValid ? d.toMillis() : Number.NaN);

/** `Thu 3 Dec, 18:30–21:00`, or `Thu 3 Dec, 22:00 to Fri 4 Dec, 02:00`, or just the start. */
function whenOf(e: EventView): string {
  const start = formatDateTime(e.starts, e.timeZone);
  if (!e.ends || !(ms(e.ends) > ms(e.starts))) return start;
  const end = formatDateTime(e.ends, e.timeZone);
  const cut = (s: string) => {
    const at = s.lastIndexOf(', ');
    return [s.slice(0, at), s.slice(at + 2)] as const;
  };
  const [startDay, startTime] = cut(start);
  const [endDay, endTime] = cut(end);
  if (startDay === endDay) return `${startDay}, ${startTime.replace(/ UTC$/, '')}–${endTime}`;
  return `${start} to ${end}`;
}

/** `Thu 3 Dec, 18:30–21:00 · The Hub, Room 2`. */
export function whenWhere(e: EventView): string {
  const place = placeOf(e);
  return place ? `${whenOf(e)} · ${place}` : whenOf(e);
}

function wholeOrZero(n: number | undefined): number {
  return n !== undefined && Number.isFinite(n) ? Math.max(0, Math.floor(n)) : 0;
}

/** `just you`, `you + 1 guest`, `you + 3 guests`. */
function party(guests: number): string {
  const n = wholeOrZero(guests);
  return n === 0 ? 'just you' : `you + ${count(n, 'guest')}`;
}

function seatsLeftOf(e: EventView): number | undefined {
  if (e.capacity === undefined) return undefined;
  return e.seatsLeft ?? Math.max(0, wholeOrZero(e.capacity) - wholeOrZero(e.confirmed));
}

/** `3 of 10 seats left`, `Full: 4 on the waitlist`, `No limit: 12 going`. */
export function seatsOf(e: EventView): string {
  const left = seatsLeftOf(e);
  const waiting = wholeOrZero(e.waitlisted);
  if (left === undefined) {
    const going = wholeOrZero(e.confirmed);
    return going === 0 ? 'No limit: be the first to say you’re going' : `No limit: ${going} going`;
  }
  if (left > 0) return `${left} of ${count(wholeOrZero(e.capacity), 'seat')} left`;
  return waiting > 0 ? `Full: ${waiting} on the waitlist` : 'Full: the waitlist is open';
}

/** The When / Where / Host fields, and the same as one line for the fallback text. */
function details(e: EventView, extra: { label: string; value: string }[] = []) {
  const items = [{ label: 'When', value: whenOf(e) }];
  const place = placeOf(e);
  if (place) items.push({ label: 'Where', value: place });
  const host = hostOf(e);
  if (host) items.push({ label: 'Host', value: host });
  items.push(...extra);
  return {
    block: fieldsSection(items.map((i) => `*${i.label}*\n${i.value}`)),
    line: items.map((i) => (i.label === 'Host' ? `hosted by ${i.value}` : i.value)).join(' · '),
  };
}

function announcementLink(url: string | undefined, label = 'See the announcement'): string {
  return link(url, label, '');
}

/** Appends a context line with the link to the announcement, when there is one. */
function withLink(blocks: Block[], url: string | undefined): Block[] {
  const open = announcementLink(url);
  return open ? [...blocks, context(`:link: ${open}`)] : blocks;
}

// ---------------------------------------------------------------------------------------------------------
// The announcement

type Phase = 'cancelled' | 'over' | 'started' | 'draft' | 'closed' | 'open';

function phaseOf(e: EventView, now: DateTime): Phase {
  if (e.status === 'Cancelled') return 'cancelled';
  if (e.status === 'Done') return 'over';
  if (ms(now) >= ms(e.starts)) return e.ends && ms(now) >= ms(e.ends) ? 'over' : 'started';
  if (e.status === 'Draft') return 'draft';
  if (e.rsvpDeadline && ms(now) > ms(e.rsvpDeadline)) return 'closed';
  return 'open';
}

/**
 * The announcement in a channel, edited in place as the tally changes. Announced and not yet started: the
 * details, the seats, the RSVP deadline and the Going / Can’t go buttons (Going left out once the deadline has
 * passed). Cancelled, started or done: says so, without buttons.
 */
export function eventAnnouncement(e: EventView, now: DateTime): BlockMessage {
  const title = titleOf(e);
  const phase = phaseOf(e, now);

  if (phase === 'cancelled') {
    const was = `It was planned for ${whenWhere(e)}.`;
    const blocks: Block[] = [
      section(`:no_entry_sign: ~${title}~ is cancelled.`),
      context(`${was} Sorry to everyone who was looking forward to it.`),
    ];
    return message(`Cancelled: ${title}. ${was}`, blocks);
  }

  if (phase === 'over' || phase === 'started') {
    const headline =
      phase === 'over'
        ? `:sparkles: *${title}* has taken place. Thank you to everyone who came!`
        : `:clock1: *${title}* has started, so RSVPs are closed.`;
    const plain =
      phase === 'over' ? `${title} has taken place.` : `${title} has started, so RSVPs are closed.`;
    const info = details(e);
    return message(`${plain} ${sentence(info.line)}`, [section(headline), info.block]);
  }

  const seats = seatsOf(e);
  const info = details(e, [{ label: 'Seats', value: seats }]);
  const blocks: Block[] = [section(`:calendar: *${title}*`), info.block];
  let text = `${title}: ${sentence(info.line)}`;

  if (phase === 'draft') {
    blocks.push(context(':pencil2: Draft: not open for RSVPs yet.'));
    return message(`Draft, not open for RSVPs yet. ${text}`, blocks);
  }

  const full = seatsLeftOf(e) === 0;
  const notes: string[] = [];
  if (phase === 'closed') {
    const closedAt = e.rsvpDeadline ? ` on ${formatDateTime(e.rsvpDeadline, e.timeZone)}` : '';
    notes.push(`:lock: RSVPs closed${closedAt}. Can’t make it after all? Tap *Can’t go* to free your seat.`);
    text += ` RSVPs are closed.`;
  } else {
    if (e.rsvpDeadline) {
      const by = formatDateTime(e.rsvpDeadline, e.timeZone);
      notes.push(`:hourglass_flowing_sand: RSVP by ${by}`);
      text += ` RSVP by ${by}.`;
    }
    notes.push(
      full
        ? 'Tap *Going* to join the waitlist; I’ll confirm by DM.'
        : 'Tap *Going* to save your seat; I’ll confirm by DM.',
    );
  }
  blocks.push(context(...notes));

  const buttons: Block[] = [];
  if (phase === 'open')
    buttons.push(button({ text: 'Going', actionId: RSVP_YES_ACTION, value: e.eventId, style: 'primary' }));
  buttons.push(button({ text: 'Can’t go', actionId: RSVP_NO_ACTION, value: e.eventId }));
  blocks.push(actions(buttons, `rsvp:${e.eventId}`));
  return message(text, blocks);
}

// ---------------------------------------------------------------------------------------------------------
// DMs about one person's RSVP

function cappedNote(capped: number | undefined): string {
  if (capped === undefined) return '';
  const n = wholeOrZero(capped);
  return n === 0
    ? 'We’re not taking guests at the moment, so it’s just you this time.'
    : `You can bring up to ${count(n, 'guest')}, so we’ve put you down for ${n}.`;
}

function keptNote(kept: number | undefined): string {
  if (kept === undefined) return '';
  const n = wholeOrZero(kept);
  return n === 0
    ? 'There weren’t enough seats left for more guests, so your own seat stays as it was.'
    : `There weren’t enough seats left for more guests, so you keep your ${count(n, 'guest')}.`;
}

const CHANGE_OF_PLANS =
  'Can’t make it after all? Tap *Can’t go* on the announcement so someone else can have your seat.';

/** DM to the person who answered: what Hearth took from their answer. */
export function rsvpNotice(a: {
  event: EventView;
  status: 'Confirmed' | 'Waitlisted' | 'Declined' | 'Cancelled';
  guests: number;
  /** Waitlist position when Waitlisted. */
  position?: number;
  /** Set when they asked for more guests than Settings → Max guests allows: the max taken. */
  guestsCapped?: number;
  /** Set when a Confirmed person asked for more guests than seats left: they keep this many. */
  guestsKept?: number;
  /** Permalink of the announcement. */
  link?: string;
}): BlockMessage {
  const e = a.event;
  const title = titleOf(e);
  const notes = [cappedNote(a.guestsCapped), a.status === 'Confirmed' ? keptNote(a.guestsKept) : '']
    .filter((n) => n !== '')
    .join(' ');

  switch (a.status) {
    case 'Confirmed': {
      const head = `You’re going to *${title}*! We’ve saved your place: ${party(a.guests)}.`;
      const plain = `You’re going to ${title}, ${whenWhere(e)}: ${party(a.guests)}.`;
      const blocks: Block[] = [section(`:white_check_mark: ${head}`), details(e).block];
      if (notes) blocks.push(section(notes));
      blocks.push(context(CHANGE_OF_PLANS));
      return message(notes ? `${plain} ${notes}` : plain, withLink(blocks, a.link));
    }
    case 'Waitlisted': {
      const position = a.position !== undefined ? ` at position ${wholeOrZero(a.position)}` : '';
      const room = wholeOrZero(a.guests) > 0 ? ` for ${party(a.guests)}` : '';
      const body = `You’re on the waitlist for *${title}*${position}; we’ll message you the moment a seat frees up${room}.`;
      const plain = `You’re on the waitlist for ${title}${position}; we’ll message you the moment a seat frees up${room}.`;
      const blocks: Block[] = [section(`:hourglass_flowing_sand: ${body}`), details(e).block];
      if (notes) blocks.push(section(notes));
      blocks.push(context('Changed your mind? Tap *Can’t go* on the announcement to leave the waitlist.'));
      return message(notes ? `${plain} ${notes}` : plain, withLink(blocks, a.link));
    }
    case 'Declined': {
      const body = `Thanks for letting us know you can’t make it to *${title}*.`;
      const again = 'If your plans change, tap *Going* on the announcement.';
      const blocks: Block[] = [section(`:wave: ${body} ${again}`)];
      return message(
        `Thanks for letting us know you can’t make it to ${title}. If your plans change, tap Going on the announcement.`,
        withLink(blocks, a.link),
      );
    }
    case 'Cancelled': {
      const body = `Your RSVP for *${title}* (${whenOf(e)}) is cancelled.`;
      const again = 'If you’d like to come after all, tap *Going* on the announcement.';
      const blocks: Block[] = [section(`:information_source: ${body} ${again}`)];
      return message(
        `Your RSVP for ${title} (${whenOf(e)}) is cancelled. If you’d like to come after all, tap Going on the announcement.`,
        withLink(blocks, a.link),
      );
    }
  }
}

/** DM: a seat freed up and the person moved from the waitlist to Confirmed. */
export function promotionNotice(a: { event: EventView; guests: number; link?: string }): BlockMessage {
  const e = a.event;
  const title = titleOf(e);
  const body = `Good news: a seat freed up, so you’re off the waitlist and going to *${title}*! We’ve saved your place: ${party(a.guests)}.`;
  const blocks: Block[] = [section(`:tada: ${body}`), details(e).block, context(CHANGE_OF_PLANS)];
  return message(
    `Good news: a seat freed up, so you’re going to ${title}, ${whenWhere(e)}: ${party(a.guests)}.`,
    withLink(blocks, a.link),
  );
}

/** Why an RSVP could not be taken. */
export type RsvpRefusal =
  | 'unknown-event'
  /** Draft. */
  | 'not-open'
  | 'cancelled'
  | 'done'
  | 'started'
  | 'deadline-passed'
  /** Left, Suspended, Banned or Declined. */
  | 'not-a-member'
  /** A cell of the event's row needs fixing (a Capacity typed `twenty`, say). */
  | 'event-needs-fix'
  /** Settings → RSVPs from is Members, and the person is not in the Members tab. */
  | 'not-joined'
  /** Their membership waits for a leader's approval. */
  | 'membership-pending';

/** How to join, for someone who must before they RSVP: the join form's link, or an organizer. */
export interface JoinHint {
  groupName: string;
  /** '' when Settings → Join form link is empty. */
  joinFormLink: string;
}

/**
 * The sentence for one refusal: what happened and what to do. `name` is already escaped mrkdwn; `rich` says
 * whether the sentence is mrkdwn (a link can be a link) or plain text (the address is spelled out).
 */
function refusalSentence(
  reason: RsvpRefusal,
  name: string,
  e: EventView | undefined,
  id: string,
  join: JoinHint | undefined,
  rich: boolean,
): string {
  switch (reason) {
    case 'unknown-event':
      return `I couldn’t find ${e ? name : `an event with the ID ${id}`}, so I couldn’t take your RSVP. It may have been removed or the ID mistyped: please check the latest announcement, or ask an organizer.`;
    case 'not-open':
      return `${name} isn’t open for RSVPs yet. Once it’s announced you’ll be able to say you’re going.`;
    case 'cancelled':
      return `${name} has been cancelled, so there’s nothing to RSVP to any more. Sorry! We hope to see you at the next one.`;
    case 'done':
      return `${name} has already taken place, so RSVPs are closed. Keep an eye out for the next one!`;
    case 'started': {
      const host = e && hostOf(e);
      const ask = host ? `have a word with ${host}` : 'ask one of the organizers';
      return `${name} has already started, so RSVPs are closed. If you’d still like to join in, ${ask}.`;
    }
    case 'deadline-passed': {
      const at = e?.rsvpDeadline ? ` on ${formatDateTime(e.rsvpDeadline, e.timeZone)}` : '';
      return `RSVPs for ${name} closed${at}, so I couldn’t add you. If you’d still like to come, please ask one of the organizers.`;
    }
    case 'not-a-member':
      return `I couldn’t take your RSVP for ${name}: your membership of the group isn’t active at the moment. If you think that’s a mistake, please get in touch with one of the organizers.`;
    case 'event-needs-fix':
      return `${name} isn’t taking RSVPs just now: the organizers are fixing its details. Please try again a little later.`;
    case 'not-joined': {
      const group = userText(join?.groupName ?? '', 200) || 'the group';
      const url = join?.joinFormLink ?? '';
      const how = !url
        ? 'Ask one of the organizers how to join, then RSVP again.'
        : rich
          ? `To join, fill in ${link(url, 'the join form')}, then RSVP again.`
          : `To join, fill in the join form (${url}), then RSVP again.`;
      return `RSVPs for ${name} are for members of ${group}, and I couldn’t find you among them. ${how}`;
    }
    case 'membership-pending':
      return `I couldn’t take your RSVP for ${name} yet: your membership is waiting for approval. Once a leader has approved it, please RSVP again.`;
  }
}

const REFUSAL_ICON: Record<RsvpRefusal, string> = {
  'unknown-event': ':mag:',
  'not-open': ':pencil2:',
  cancelled: ':no_entry_sign:',
  done: ':sparkles:',
  started: ':clock1:',
  'deadline-passed': ':lock:',
  'not-a-member': ':information_source:',
  'event-needs-fix': ':wrench:',
  'not-joined': ':wave:',
  'membership-pending': ':hourglass_flowing_sand:',
};

/** DM when an RSVP could not be taken: why, kindly, and what to do. */
export function rsvpRefusedNotice(a: {
  reason: RsvpRefusal;
  eventId: string;
  event?: EventView;
  /** For `not-joined`: how to join. */
  join?: JoinHint;
}): BlockMessage {
  const id = userText(a.eventId, 100) || 'unknown';
  const bold = a.event ? `*${titleOf(a.event)}*` : `event ${id}`;
  const plain = a.event ? titleOf(a.event) : `event ${id}`;
  const sentence = refusalSentence(a.reason, bold, a.event, id, a.join, true);
  const body = a.event ? sentence : sentence.replace(/^event /, 'Event ');
  const blocks: Block[] = [section(`${REFUSAL_ICON[a.reason]} ${body}`)];
  if (a.event && a.reason !== 'unknown-event') blocks.push(context(`Event ${id} · ${whenOf(a.event)}`));
  const text = refusalSentence(a.reason, plain, a.event, id, a.join, false);
  return message(a.event ? text : text.replace(/^event /, 'Event '), blocks);
}

// ---------------------------------------------------------------------------------------------------------
// DMs to everyone going or waiting

/** DM to everyone Confirmed or Waitlisted when organizers moved the event (new time and/or place). */
export function eventMovedNotice(a: {
  event: EventView;
  previousStarts: DateTime;
  status: 'Confirmed' | 'Waitlisted';
  link?: string;
}): BlockMessage {
  const e = a.event;
  const title = titleOf(e);
  const moved = ms(a.previousStarts) !== ms(e.starts);
  const was = formatDateTime(a.previousStarts, e.timeZone);
  const head = moved
    ? `*${title}* has moved: it’s now ${whenOf(e)} (it was ${was}).`
    : `The details of *${title}* have changed. Here’s where and when it is now.`;
  const plainHead = moved
    ? `${title} has moved: it’s now ${whenWhere(e)} (it was ${was}).`
    : `The details of ${title} have changed: it’s now ${whenWhere(e)}.`;
  const keep =
    a.status === 'Confirmed'
      ? 'Your seat is still saved. If the new plan doesn’t work for you, tap *Can’t go* on the announcement so someone else can have it.'
      : 'You’re still on the waitlist, and we’ll message you the moment a seat frees up. If the new plan doesn’t work for you, tap *Can’t go* on the announcement.';
  const blocks: Block[] = [section(`:pushpin: ${head}`), details(e).block, section(keep)];
  return message(`${plainHead} ${keep.replace(/\*/g, '')}`, withLink(blocks, a.link));
}

/** DM to everyone Confirmed or Waitlisted when organizers cancelled the event. */
export function eventCancelledNotice(a: { event: EventView }): BlockMessage {
  const e = a.event;
  const title = titleOf(e);
  const when = whenWhere(e);
  const rest = 'There’s nothing you need to do, and we hope to see you at the next one.';
  return message(`Sorry: ${title} (${when}) has been cancelled. ${rest}`, [
    section(`:no_entry_sign: Sorry: *${title}* (${when}) has been cancelled. ${rest}`),
  ]);
}

// ---------------------------------------------------------------------------------------------------------
// Reminders and afterwards

/** DM reminder to a Confirmed person; `offsetLabel` like "1 day" or "2 hours". */
export function reminderMessage(a: {
  event: EventView;
  offsetLabel: string;
  guests: number;
  link?: string;
}): BlockMessage {
  const e = a.event;
  const title = titleOf(e);
  const offset = userText(a.offsetLabel, 50) || 'a little while';
  const head = `Reminder: *${title}* starts in ${offset}, and you’re going (${party(a.guests)}).`;
  const blocks: Block[] = [section(`:alarm_clock: ${head}`), details(e).block, context(CHANGE_OF_PLANS)];
  return message(
    `Reminder: ${title} starts in ${offset}, ${whenWhere(e)}. You’re going (${party(a.guests)}).`,
    withLink(blocks, a.link),
  );
}

/** The once-per-offset post in the event's channel: "<title> starts in 2 hours" with when/where and seats left. */
export function reminderPost(a: { event: EventView; offsetLabel: string; link?: string }): BlockMessage {
  const e = a.event;
  const title = titleOf(e);
  const offset = userText(a.offsetLabel, 50) || 'a little while';
  const seats = seatsOf(e);
  const info = details(e, [{ label: 'Seats', value: seats }]);
  const open = announcementLink(a.link);
  const blocks: Block[] = [section(`:alarm_clock: *${title}* starts in ${offset}`), info.block];
  if (open) blocks.push(context(`:point_right: ${open}`));
  return message(`${title} starts in ${offset}: ${sentence(info.line)}`, blocks);
}

/**
 * After the event, to those Confirmed: thanks, and how was it? It asks for a tap, never a reply: a reply to the
 * bot's DM reaches nobody (the app's Messages tab is read-only). The buttons carry the RSVP ID.
 */
export function thanksMessage(a: {
  event: EventView;
  groupName: string;
  rsvpId: string;
  /** The partners who made it possible (the event's Partners cell), thanked by name. */
  partners?: readonly string[];
}): BlockMessage {
  const title = titleOf(a.event);
  const group = userText(a.groupName, 200) || 'the group';
  const partners = partnersLine(a.partners ?? []);
  return message(`Thanks for coming to ${title}, and for being part of ${group}! How was it?`, [
    section(`:heart: Thanks for coming to *${title}*, and for being part of ${group}! How was it?`),
    ...(partners ? [context(partners)] : []),
    feedbackButtons(a.rsvpId),
    context(
      ':lock: Your rating is kept with your RSVP. What you write under *Tell the organizers…* reaches them without your name, unless you say they may contact you.',
    ),
  ]);
}
