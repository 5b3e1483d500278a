import { dateTime, email, integer, oneOf, text, yesNo } from '../columns.js';
import { defineTab } from '../tab.js';

export const RSVP_STATUSES = ['Confirmed', 'Waitlisted', 'Declined', 'Cancelled'] as const;
export type RsvpStatus = (typeof RSVP_STATUSES)[number];
export const RSVP_SOURCES = ['Form', 'Slack'] as const;
/** What someone thought of an event (or of joining), best first; an event's Rating averages them as 3, 2, 1. */
export const RATINGS = ['Loved it', 'It was OK', 'Not for me'] as const;
export type RatingWord = (typeof RATINGS)[number];

export const RsvpsTab = defineTab({
  name: 'RSVPs',
  idKey: 'rsvpId',
  idPrefix: 'R-',
  columns: {
    rsvpId: text('RSVP ID', { owner: 'system' }),
    eventId: text('Event ID', { owner: 'system', needed: true }),
    email: email('Email', { owner: 'system' }),
    slackId: text('Slack ID', { owner: 'system' }),
    response: oneOf('Response', ['Yes', 'No'] as const, { owner: 'system', needed: true }),
    guests: integer('Guests', { owner: 'system' }),
    submitted: dateTime('Submitted', { owner: 'system' }),
    source: oneOf('Source', RSVP_SOURCES, { owner: 'system' }),
    status: oneOf('Status', RSVP_STATUSES, { owner: 'system' }),
    position: integer('Position', { owner: 'system', min: 1 }),
    notified: text('Notified', { owner: 'system' }),
    attended: yesNo('Attended'),
    // Added later: optional, so a sheet not provisioned since keeps working without it.
    rating: oneOf('Rating', RATINGS, { owner: 'system', headerRequired: false }),
  },
});
