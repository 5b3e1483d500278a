import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  type EventView,
  eventAnnouncement,
  eventCancelledNotice,
  eventMovedNotice,
  promotionNotice,
  RSVP_NO_ACTION,
  RSVP_YES_ACTION,
  type RsvpRefusal,
  reminderMessage,
  reminderPost,
  rsvpNotice,
  rsvpRefusedNotice,
  thanksMessage,
} from '../workflows/events/messages.js';
import type { Block, BlockMessage } from '../workflows/outbox/blocks.js';

const ZONE = 'Europe/Berlin';
const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
const LINK = 'https://hearth.slack.com/archives/C1/p123';

const event: EventView = {
  eventId: 'EV-7',
  title: 'Winter meetup',
  starts: at('2026-12-03T18:30'),
  ends: at('2026-12-03T21:00'),
  location: 'The Hub, Room 2',
  host: 'U0HOST0001',
  capacity: 10,
  confirmed: 7,
  waitlisted: 0,
  seatsLeft: 3,
  rsvpDeadline: at('2026-12-02T18:00'),
  status: 'Announced',
  timeZone: ZONE,
};

const BEFORE = at('2026-12-01T12:00');
const AFTER_DEADLINE = at('2026-12-02T18:01');
const DURING = at('2026-12-03T19:00');
const AFTER = at('2026-12-03T22:00');

/** Every piece of text in a message's blocks, at any depth. */
function textsOf(blocks: readonly Block[]): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') found.push(value);
        else walk(value);
      }
    }
  };
  walk(blocks);
  return found;
}

const allText = (msg: BlockMessage) => [...textsOf(msg.blocks), msg.text].join('\n');

function buttonsOf(msg: BlockMessage): Block[] {
  return msg.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements as Block[]);
}

/** Every section text and field, every context element, and every button label, with its limit. */
function limited(msg: BlockMessage): { text: string; max: number }[] {
  const out: { text: string; max: number }[] = [];
  for (const b of msg.blocks) {
    if (b.type === 'section') {
      if (b.text) out.push({ text: (b.text as { text: string }).text, max: 3000 });
      for (const f of (b.fields as { text: string }[] | undefined) ?? [])
        out.push({ text: f.text, max: 2000 });
    }
    if (b.type === 'context')
      for (const el of b.elements as { text: string }[]) out.push({ text: el.text, max: 2000 });
    if (b.type === 'actions')
      for (const el of b.elements as { text: { text: string } }[]) out.push({ text: el.text.text, max: 75 });
  }
  out.push({ text: msg.text, max: 3000 });
  return out;
}

const REASONS: RsvpRefusal[] = [
  'unknown-event',
  'not-open',
  'cancelled',
  'done',
  'started',
  'deadline-passed',
  'not-a-member',
  'event-needs-fix',
  'not-joined',
  'membership-pending',
];

/** One of each builder, for the checks that apply to all of them. */
function everyMessage(e: EventView): BlockMessage[] {
  return [
    eventAnnouncement(e, BEFORE),
    eventAnnouncement(e, AFTER_DEADLINE),
    eventAnnouncement({ ...e, status: 'Cancelled' }, BEFORE),
    eventAnnouncement({ ...e, status: 'Done' }, AFTER),
    eventAnnouncement(e, DURING),
    eventAnnouncement({ ...e, status: 'Draft' }, BEFORE),
    rsvpNotice({ event: e, status: 'Confirmed', guests: 2, guestsCapped: 2, guestsKept: 1, link: LINK }),
    rsvpNotice({ event: e, status: 'Waitlisted', guests: 1, position: 3, link: LINK }),
    rsvpNotice({ event: e, status: 'Declined', guests: 0, link: LINK }),
    rsvpNotice({ event: e, status: 'Cancelled', guests: 0, link: LINK }),
    promotionNotice({ event: e, guests: 1, link: LINK }),
    ...REASONS.map((reason) => rsvpRefusedNotice({ reason, eventId: e.eventId, event: e })),
    eventMovedNotice({ event: e, previousStarts: at('2026-12-01T18:30'), status: 'Confirmed', link: LINK }),
    eventMovedNotice({ event: e, previousStarts: e.starts, status: 'Waitlisted', link: LINK }),
    eventCancelledNotice({ event: e }),
    reminderMessage({ event: e, offsetLabel: '2 hours', guests: 1, link: LINK }),
    reminderPost({ event: e, offsetLabel: '2 hours', link: LINK }),
    thanksMessage({ event: e, groupName: 'Berlin Knitters', rsvpId: 'R-12' }),
  ];
}

describe('event announcement', () => {
  it('open: snapshot; Going and Can’t go carry the event ID in the rsvp block', () => {
    const msg = eventAnnouncement(event, BEFORE);
    expect(msg).toMatchSnapshot();
    const actions = msg.blocks.filter((b) => b.type === 'actions');
    expect(actions).toHaveLength(1);
    expect(actions[0]?.block_id).toBe('rsvp:EV-7');
    const [going, cantGo] = buttonsOf(msg);
    expect(going).toMatchObject({
      action_id: RSVP_YES_ACTION,
      value: 'EV-7',
      style: 'primary',
      text: { text: 'Going' },
    });
    expect(cantGo).toMatchObject({ action_id: RSVP_NO_ACTION, value: 'EV-7' });
    expect(cantGo?.style).toBeUndefined();
    expect(RSVP_YES_ACTION).toBe('rsvp:yes');
    expect(RSVP_NO_ACTION).toBe('rsvp:no');

    const all = allText(msg);
    expect(all).toContain('Thu 3 Dec, 18:30–21:00');
    expect(all).toContain('The Hub, Room 2');
    expect(all).toContain('<@U0HOST0001>');
    expect(all).toContain('3 of 10 seats left');
    expect(all).toContain('RSVP by Wed 2 Dec, 18:00');
    expect(msg.text).toContain('Winter meetup');
    expect(msg.text).toContain('3 of 10 seats left');
    expect(msg.text).toContain('RSVP by Wed 2 Dec, 18:00');
  });

  it('seats: limited, full with a waitlist, unlimited', () => {
    const full = eventAnnouncement({ ...event, confirmed: 10, seatsLeft: 0, waitlisted: 4 }, BEFORE);
    expect(full).toMatchSnapshot();
    expect(allText(full)).toContain('Full: 4 on the waitlist');
    expect(allText(full)).toContain('join the waitlist');
    expect(buttonsOf(full).map((b) => b.action_id)).toEqual([RSVP_YES_ACTION, RSVP_NO_ACTION]);

    const unlimited = eventAnnouncement(
      { ...event, capacity: undefined, seatsLeft: undefined, confirmed: 12, rsvpDeadline: undefined },
      BEFORE,
    );
    expect(unlimited).toMatchSnapshot();
    expect(allText(unlimited)).toContain('No limit: 12 going');
    expect(allText(unlimited)).not.toContain('RSVP by');
    expect(allText(unlimited)).not.toContain('seats left');

    const limited = eventAnnouncement({ ...event, confirmed: 9, seatsLeft: undefined }, BEFORE);
    expect(allText(limited)).toContain('1 of 10 seats left');
  });

  it('after the RSVP deadline: no Going button, RSVPs closed, Can’t go stays', () => {
    const msg = eventAnnouncement(event, AFTER_DEADLINE);
    expect(msg).toMatchSnapshot();
    const buttons = buttonsOf(msg);
    expect(buttons.map((b) => b.action_id)).toEqual([RSVP_NO_ACTION]);
    expect(buttons[0]?.value).toBe('EV-7');
    expect(msg.blocks.find((b) => b.type === 'actions')?.block_id).toBe('rsvp:EV-7');
    expect(msg.text).toContain('RSVPs are closed');
    expect(allText(msg)).not.toContain('RSVP by');
    // At the deadline itself RSVPs are still open.
    expect(buttonsOf(eventAnnouncement(event, at('2026-12-02T18:00'))).map((b) => b.action_id)).toEqual([
      RSVP_YES_ACTION,
      RSVP_NO_ACTION,
    ]);
  });

  it('cancelled: struck-through title, no buttons', () => {
    const msg = eventAnnouncement({ ...event, status: 'Cancelled' }, BEFORE);
    expect(msg).toMatchSnapshot();
    expect(buttonsOf(msg)).toHaveLength(0);
    expect(textsOf(msg.blocks).join('\n')).toContain('~Winter meetup~');
    expect(msg.text).toContain('Cancelled');
    expect(msg.text).toContain('Winter meetup');
  });

  it('done or started: says so, no buttons', () => {
    const done = eventAnnouncement({ ...event, status: 'Done' }, AFTER);
    expect(done).toMatchSnapshot();
    expect(buttonsOf(done)).toHaveLength(0);
    expect(done.text).toContain('has taken place');

    const started = eventAnnouncement(event, DURING);
    expect(started).toMatchSnapshot();
    expect(buttonsOf(started)).toHaveLength(0);
    expect(started.text).toContain('has started');

    expect(buttonsOf(eventAnnouncement(event, event.starts))).toHaveLength(0);
    const endedNotDone = eventAnnouncement(event, AFTER);
    expect(buttonsOf(endedNotDone)).toHaveLength(0);
    expect(endedNotDone.text).toContain('has taken place');
    // Done wins even before the start (marked early by hand).
    expect(buttonsOf(eventAnnouncement({ ...event, status: 'Done' }, BEFORE))).toHaveLength(0);
  });

  it('draft: no buttons', () => {
    const draft = eventAnnouncement({ ...event, status: 'Draft' }, BEFORE);
    expect(buttonsOf(draft)).toHaveLength(0);
    expect(draft.text).toContain('not open for RSVPs yet');
  });

  it('a host that is not a Slack ID is shown as typed; times across midnight name both days', () => {
    const msg = eventAnnouncement(
      { ...event, host: 'Grace & Ada', starts: at('2026-12-03T22:00'), ends: at('2026-12-04T02:00') },
      BEFORE,
    );
    const all = allText(msg);
    expect(all).toContain('Grace &amp; Ada');
    expect(all).toContain('Thu 3 Dec, 22:00 to Fri 4 Dec, 02:00');
    const noEnd = eventAnnouncement({ ...event, ends: undefined, location: ' ', host: undefined }, BEFORE);
    expect(allText(noEnd)).toContain('Thu 3 Dec, 18:30');
    expect(allText(noEnd)).not.toContain('21:00');
    expect(allText(noEnd)).not.toContain('Where');
    expect(allText(noEnd)).not.toContain('Host');
  });
});

describe('RSVP notices', () => {
  it('confirmed: snapshot, you + guests, when and where', () => {
    const msg = rsvpNotice({ event, status: 'Confirmed', guests: 2, link: LINK });
    expect(msg).toMatchSnapshot();
    expect(msg.text).toContain('You’re going to Winter meetup');
    expect(msg.text).toContain('you + 2 guests');
    expect(msg.text).toContain('Thu 3 Dec, 18:30–21:00');
    expect(msg.text).toContain('The Hub, Room 2');
    expect(textsOf(msg.blocks).join('\n')).toContain(`<${LINK}|`);
    expect(rsvpNotice({ event, status: 'Confirmed', guests: 0 }).text).toContain('just you');
    expect(rsvpNotice({ event, status: 'Confirmed', guests: 1 }).text).toContain('you + 1 guest.');
    expect(allText(rsvpNotice({ event, status: 'Confirmed', guests: 1 }))).not.toContain('<http');
  });

  it('confirmed: capped and kept guests are explained', () => {
    const capped = rsvpNotice({ event, status: 'Confirmed', guests: 2, guestsCapped: 2 });
    expect(capped).toMatchSnapshot();
    expect(capped.text).toContain('up to 2 guests');
    const kept = rsvpNotice({ event, status: 'Confirmed', guests: 1, guestsKept: 1 });
    expect(kept).toMatchSnapshot();
    expect(kept.text).toContain('you keep your 1 guest');
    expect(rsvpNotice({ event, status: 'Confirmed', guests: 0, guestsCapped: 0 }).text).toContain(
      'not taking guests',
    );
  });

  it('waitlisted: position and a promise', () => {
    const msg = rsvpNotice({ event, status: 'Waitlisted', guests: 1, position: 3, link: LINK });
    expect(msg).toMatchSnapshot();
    expect(msg.text).toContain('You’re on the waitlist for Winter meetup at position 3');
    expect(msg.text).toContain('we’ll message you the moment a seat frees up');
    expect(rsvpNotice({ event, status: 'Waitlisted', guests: 0 }).text).not.toContain('position');
  });

  it('declined and cancelled', () => {
    const declined = rsvpNotice({ event, status: 'Declined', guests: 0 });
    expect(declined).toMatchSnapshot();
    expect(declined.text).toContain('Thanks for letting us know you can’t make it');
    const cancelled = rsvpNotice({ event, status: 'Cancelled', guests: 0, link: LINK });
    expect(cancelled).toMatchSnapshot();
    expect(cancelled.text).toContain('Your RSVP for Winter meetup');
    expect(cancelled.text).toContain('is cancelled');
  });

  it('promotion: snapshot', () => {
    const msg = promotionNotice({ event, guests: 1, link: LINK });
    expect(msg).toMatchSnapshot();
    expect(msg.text).toContain('a seat freed up');
    expect(msg.text).toContain('going to Winter meetup');
    expect(msg.text).toContain('you + 1 guest');
  });

  it('refusals: snapshot; every reason gives a distinct sentence', () => {
    const withEvent = Object.fromEntries(
      REASONS.map((reason) => [reason, rsvpRefusedNotice({ reason, eventId: 'EV-7', event }).text]),
    );
    expect(withEvent).toMatchSnapshot();
    expect(new Set(Object.values(withEvent)).size).toBe(REASONS.length);
    const bare = REASONS.map((reason) => rsvpRefusedNotice({ reason, eventId: 'EV-9' }).text);
    expect(bare).toMatchSnapshot();
    for (const text of bare) expect(text).toMatch(/^[A-Z]/);
    expect(new Set(bare).size).toBe(REASONS.length);
    for (const text of bare) expect(text).toContain('EV-9');
    expect(withEvent['deadline-passed']).toContain('Wed 2 Dec, 18:00');
    expect(withEvent.started).toContain('<@U0HOST0001>');
    expect(rsvpRefusedNotice({ reason: 'unknown-event', eventId: 'EV-9' })).toMatchSnapshot();
    // Someone who must join first is told how: the join form's link (a link in blocks, spelled out in text).
    const join = { groupName: 'Leeds TypeScript', joinFormLink: 'https://forms.gle/Join1' };
    const joinFirst = rsvpRefusedNotice({ reason: 'not-joined', eventId: 'EV-7', event, join });
    expect(joinFirst.text).toContain('members of Leeds TypeScript');
    expect(joinFirst.text).toContain('fill in the join form (https://forms.gle/Join1)');
    expect(JSON.stringify(joinFirst.blocks)).toContain('<https://forms.gle/Join1|the join form>');
    const noLink = rsvpRefusedNotice({
      reason: 'not-joined',
      eventId: 'EV-7',
      event,
      join: { ...join, joinFormLink: '' },
    });
    expect(noLink.text).toContain('Ask one of the organizers how to join');
    const nasty = rsvpRefusedNotice({ reason: 'unknown-event', eventId: '<!channel>' });
    expect(allText(nasty)).not.toContain('<!channel>');
  });
});

describe('moves, cancellations, reminders, thanks', () => {
  it('moved: snapshot for a new time, and for a new place at the same time', () => {
    const moved = eventMovedNotice({
      event,
      previousStarts: at('2026-12-01T18:30'),
      status: 'Confirmed',
      link: LINK,
    });
    expect(moved).toMatchSnapshot();
    expect(moved.text).toContain('it’s now Thu 3 Dec, 18:30–21:00');
    expect(moved.text).toContain('it was Tue 1 Dec, 18:30');
    expect(moved.text).toContain('Your seat is still saved');
    const place = eventMovedNotice({ event, previousStarts: event.starts, status: 'Waitlisted' });
    expect(place).toMatchSnapshot();
    expect(place.text).toContain('The Hub, Room 2');
    expect(place.text).toContain('still on the waitlist');
    expect(place.text).not.toContain('*');
  });

  it('cancelled: snapshot', () => {
    const msg = eventCancelledNotice({ event });
    expect(msg).toMatchSnapshot();
    expect(msg.text).toContain('Winter meetup');
    expect(msg.text).toContain('has been cancelled');
    expect(buttonsOf(msg)).toHaveLength(0);
  });

  it('reminder DM and channel post: snapshots', () => {
    const dm = reminderMessage({ event, offsetLabel: '1 day', guests: 2, link: LINK });
    expect(dm).toMatchSnapshot();
    expect(dm.text).toContain('Winter meetup starts in 1 day');
    expect(dm.text).toContain('you + 2 guests');
    const post = reminderPost({ event, offsetLabel: '2 hours', link: LINK });
    expect(post).toMatchSnapshot();
    expect(post.text).toContain('Winter meetup starts in 2 hours');
    expect(post.text).toContain('3 of 10 seats left');
    expect(post.text).toContain('The Hub, Room 2');
    const full = reminderPost({
      event: { ...event, seatsLeft: 0, confirmed: 10, waitlisted: 2 },
      offsetLabel: '2 hours',
    });
    expect(full.text).toContain('Full: 2 on the waitlist');
    expect(allText(full)).not.toContain('<http');
  });

  it('thanks: snapshot; asks for a tap on a rating, never a reply, which would reach nobody', () => {
    const msg = thanksMessage({ event, groupName: 'Berlin Knitters', rsvpId: 'R-12' });
    expect(msg).toMatchSnapshot();
    expect(msg.text).toContain('Thanks for coming to Winter meetup');
    expect(msg.text).toContain('Berlin Knitters');
    expect(allText(msg)).not.toMatch(/reply/i);
    expect(buttonsOf(msg).map((b) => [(b.text as { text: string }).text, b.action_id, b.value])).toEqual([
      ['Loved it', 'feedback:loved', 'R-12'],
      ['It was OK', 'feedback:ok', 'R-12'],
      ['Not for me', 'feedback:not-for-me', 'R-12'],
      ['Tell the organizers…', 'feedback:tell', 'R-12'],
    ]);
  });
});

describe('what organizers typed', () => {
  it('is escaped everywhere', () => {
    const nasty: EventView = {
      ...event,
      title: 'Party <script>& <!channel>',
      location: 'Room <@U0000000001> & co',
      host: 'Eve <https://evil.example|click>',
    };
    for (const msg of [
      ...everyMessage(nasty),
      thanksMessage({ event: nasty, groupName: '<!here> & co', rsvpId: 'R-12' }),
      reminderPost({ event: nasty, offsetLabel: '<!here>' }),
    ]) {
      const all = allText(msg);
      expect(all).not.toContain('<script>');
      expect(all).not.toContain('<!channel>');
      expect(all).not.toContain('<!here>');
      expect(all).not.toContain('<@U0000000001>');
      expect(all).not.toContain('<https://evil');
      expect(all).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
    const msg = eventAnnouncement(nasty, BEFORE);
    expect(allText(msg)).toContain('Party &lt;script&gt;&amp; &lt;!channel&gt;');
    expect(allText(msg)).toContain('Room &lt;@U0000000001&gt; &amp; co');
  });

  it('long titles, places and hosts stay under Slack’s limits', () => {
    const long: EventView = {
      ...event,
      title: 'T'.repeat(5000),
      location: 'L'.repeat(5000),
      host: 'H'.repeat(5000),
    };
    const messages = everyMessage(long);
    for (const msg of messages)
      for (const { text, max } of limited(msg)) expect(text.length).toBeLessThanOrEqual(max);
    const announcement = eventAnnouncement(long, BEFORE);
    expect(textsOf(announcement.blocks).some((t) => t.includes('T…'))).toBe(true);
    expect(buttonsOf(announcement)).toHaveLength(2);
  });
});
