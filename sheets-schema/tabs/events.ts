import { dateTime, decimal, integer, oneOf, text } from '../columns.js';
import { defineTab } from '../tab.js';

export const EVENT_STATUSES = ['Draft', 'Announced', 'Cancelled', 'Done'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export const EventsTab = defineTab({
  name: 'Events',
  idKey: 'eventId',
  idPrefix: 'EV-',
  problemsKey: 'problems',
  columns: {
    eventId: text('Event ID', { owner: 'system' }),
    title: text('Title', { needed: true }),
    starts: dateTime('Starts', { needed: true }),
    ends: dateTime('Ends'),
    location: text('Location', { headerRequired: true }),
    capacity: integer('Capacity', { headerRequired: true }),
    rsvpDeadline: dateTime('RSVP deadline', { headerRequired: true }),
    host: text('Host'),
    // Organizers set Draft, Announced or Cancelled; Hearth sets Done once an Announced event has ended.
    status: oneOf('Status', EVENT_STATUSES, { owner: 'shared', needed: true }),
    channel: text('Channel'),
    confirmed: integer('Confirmed', { owner: 'system' }),
    waitlisted: integer('Waitlisted', { owner: 'system' }),
    seatsLeft: integer('Seats left', { owner: 'system' }),
    slackMessage: text('Slack message', { owner: 'system' }),
    problems: text('Problems', { owner: 'system' }),
    // Added later, after the others as provision adds them to a sheet: optional, so a sheet not provisioned
    // since keeps working without them.
    rating: decimal('Rating', { owner: 'system', headerRequired: false }),
    ratings: integer('Ratings', { owner: 'system', headerRequired: false }),
    // Partner IDs or names, comma-separated: thanked after the event, their Last sponsored moved.
    partners: text('Partners', { headerRequired: false }),
  },
});
