import { DateTime } from 'luxon';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { GONE } from '../onboarding/decisions.js';
import {
  type Delivery,
  type PersonRecipient,
  personAt,
  post,
  type Renderer,
  skip,
} from '../outbox/delivery.js';
import { partnerNames } from '../partners/sponsors.js';
import { memberByEmail, type OutboxRow } from '../records.js';
import { withHelpButtons } from '../volunteers/announce.js';
import {
  eventAnnouncement,
  eventCancelledNotice,
  eventMovedNotice,
  promotionNotice,
  type RsvpRefusal,
  reminderMessage,
  reminderPost,
  rsvpNotice,
  rsvpRefusedNotice,
  thanksMessage,
} from './messages.js';
import {
  EVENT_KINDS,
  type Event,
  type EventKind,
  eventOf,
  eventView,
  joinHint,
  type ParsedAbout,
  parseEventAbout,
  type Rsvp,
  rsvpOf,
} from './records.js';

const memberOf = (snapshot: Snapshot, id: string | undefined) =>
  id ? snapshot.table('Members').byId(id)?.values : undefined;

interface Context {
  about: ParsedAbout;
  event: Event;
  link?: string;
}

/** The event a row is about, or why it cannot be rendered. */
function eventContext(row: OutboxRow, snapshot: Snapshot): Context | string {
  const about = parseEventAbout(row.about);
  const event = eventOf(snapshot, about?.eventId);
  if (!about || !event?.eventId) return `no event ${about?.eventId ?? row.about ?? ''}`;
  return { about, event, ...(event.slackMessage ? { link: event.slackMessage } : {}) };
}

/** A person's message about their RSVP: skipped when the RSVP is gone or its member has left the group. */
function personal(
  row: OutboxRow,
  snapshot: Snapshot,
  build: (c: Context, rsvp: Rsvp, view: ReturnType<typeof eventView>) => Delivery,
): Delivery {
  const context = eventContext(row, snapshot);
  if (typeof context === 'string') return skip(context);
  const rsvp = rsvpOf(snapshot, context.about.rsvpId);
  if (!rsvp?.rsvpId) return skip(`no RSVP ${context.about.rsvpId ?? ''}`);
  const member = rsvp.email ? memberByEmail(snapshot, rsvp.email) : undefined;
  if (member && GONE.has(member.status ?? '')) return skip(`${member.memberId} is ${member.status}`);
  return build(context, rsvp, eventView(context.event, snapshot.timeZone));
}

function to(row: OutboxRow, snapshot: Snapshot): string | PersonRecipient | undefined {
  return row.to ? personAt(row.to, snapshot) : undefined;
}

function dm(row: OutboxRow, snapshot: Snapshot, built: { text: string; blocks?: Record<string, unknown>[] }) {
  const recipient = to(row, snapshot);
  return recipient ? post(recipient, built) : skip(`nobody to send to (${row.to ?? 'no To'})`);
}

const guestsOf = (rsvp: Rsvp) => rsvp.guests ?? 0;

/** Renderers for the event workflows' Outbox kinds. */
export const EVENT_RENDERERS: Record<EventKind, Renderer> = {
  [EVENT_KINDS.announce]: (row, snapshot) => {
    const context = eventContext(row, snapshot);
    if (typeof context === 'string') return skip(context);
    if (!row.to) return skip('no channel to announce in');
    const built = withHelpButtons(
      eventAnnouncement(eventView(context.event, snapshot.timeZone), row.due),
      context.event,
      snapshot,
      row.due,
    );
    return { ...post(row.to, built), permalinkTo: { tab: 'Events', id: context.event.eventId as string } };
  },

  // The announcement edited in place, showing the sheet as it is now.
  [EVENT_KINDS.update]: (row, snapshot) => {
    const context = eventContext(row, snapshot);
    if (typeof context === 'string') return skip(context);
    if (!context.link) return skip(`the announcement of ${context.event.eventId} was never posted`);
    const { text, blocks } = withHelpButtons(
      eventAnnouncement(eventView(context.event, snapshot.timeZone), row.due),
      context.event,
      snapshot,
      row.due,
    );
    return { kind: 'update', permalink: context.link, message: { text, blocks } };
  },

  [EVENT_KINDS.notice]: (row, snapshot) =>
    personal(row, snapshot, ({ about, link }, rsvp, event) => {
      const capped = /^capped (\d+)$/.exec(about.rest)?.[1];
      const kept = /^kept (\d+)$/.exec(about.rest)?.[1];
      return dm(
        row,
        snapshot,
        rsvpNotice({
          event,
          status: rsvp.status ?? 'Waitlisted',
          guests: guestsOf(rsvp),
          ...(rsvp.position !== undefined ? { position: rsvp.position } : {}),
          ...(capped !== undefined ? { guestsCapped: Number(capped) } : {}),
          ...(kept !== undefined ? { guestsKept: Number(kept) } : {}),
          ...(link ? { link } : {}),
        }),
      );
    }),

  [EVENT_KINDS.promoted]: (row, snapshot) =>
    personal(row, snapshot, ({ link }, rsvp, event) =>
      rsvp.status === 'Confirmed'
        ? dm(row, snapshot, promotionNotice({ event, guests: guestsOf(rsvp), ...(link ? { link } : {}) }))
        : skip(`${rsvp.rsvpId} is ${rsvp.status ?? 'not Confirmed'} again`),
    ),

  [EVENT_KINDS.refused]: (row, snapshot) => {
    const [eventId = '', reason = ''] = (row.about ?? '').split(' ');
    const event = eventOf(snapshot, eventId);
    // Asked to join (or to wait for approval) and a member since: the refusal no longer says anything true.
    const recipient = to(row, snapshot);
    const member = typeof recipient === 'object' ? memberOf(snapshot, recipient.memberId) : undefined;
    if ((reason === 'not-joined' || reason === 'membership-pending') && member?.status === 'Active')
      return skip(`${member.memberId} is an Active member now`);
    return dm(
      row,
      snapshot,
      rsvpRefusedNotice({
        reason: reason as RsvpRefusal,
        eventId,
        ...(event?.eventId ? { event: eventView(event, snapshot.timeZone) } : {}),
        join: joinHint(snapshot),
      }),
    );
  },

  [EVENT_KINDS.moved]: (row, snapshot) =>
    personal(row, snapshot, ({ about, link }, rsvp, event) => {
      const from = DateTime.fromFormat(about.rest.replace(/^from /, ''), 'yyyy-MM-dd HH:mm', {
        zone: snapshot.timeZone,
      });
      if (rsvp.status !== 'Confirmed' && rsvp.status !== 'Waitlisted')
        return skip(`${rsvp.rsvpId} is ${rsvp.status ?? 'no longer going'}`);
      return dm(
        row,
        snapshot,
        eventMovedNotice({
          event,
          previousStarts: from.isValid ? from : event.starts,
          status: rsvp.status,
          ...(link ? { link } : {}),
        }),
      );
    }),

  [EVENT_KINDS.cancelled]: (row, snapshot) =>
    personal(row, snapshot, (_c, _rsvp, event) =>
      event.status === 'Cancelled'
        ? dm(row, snapshot, eventCancelledNotice({ event }))
        : skip('the event is no longer cancelled'),
    ),

  [EVENT_KINDS.reminder]: (row, snapshot) =>
    personal(row, snapshot, ({ about, link }, rsvp, event) => {
      if (rsvp.status !== 'Confirmed') return skip(`${rsvp.rsvpId} is ${rsvp.status ?? 'not Confirmed'}`);
      if (event.status !== 'Announced') return skip(`the event is ${event.status}`);
      const offsetLabel = about.rest;
      return dm(
        row,
        snapshot,
        reminderMessage({ event, offsetLabel, guests: guestsOf(rsvp), ...(link ? { link } : {}) }),
      );
    }),

  [EVENT_KINDS.reminderPost]: (row, snapshot) => {
    const context = eventContext(row, snapshot);
    if (typeof context === 'string') return skip(context);
    if (context.event.status !== 'Announced') return skip(`the event is ${context.event.status}`);
    if (!row.to) return skip('no channel to post in');
    const event = eventView(context.event, snapshot.timeZone);
    const offsetLabel = context.about.rest;
    return post(
      row.to,
      reminderPost({ event, offsetLabel, ...(context.link ? { link: context.link } : {}) }),
    );
  },

  [EVENT_KINDS.thanks]: (row, snapshot) =>
    personal(row, snapshot, (c, rsvp, event) =>
      dm(
        row,
        snapshot,
        thanksMessage({
          event,
          groupName: snapshot.settings.groupName,
          rsvpId: rsvp.rsvpId as string,
          partners: partnerNames(snapshot, c.event.partners),
        }),
      ),
    ),
};
