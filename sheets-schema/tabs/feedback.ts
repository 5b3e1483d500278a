import { dateTime, oneOf, text } from '../columns.js';
import { defineTab } from '../tab.js';
import { RATINGS } from './rsvps.js';

/**
 * What members tell the organizers after an event or after joining. Who wrote it is not kept, unless they said
 * the organizers may contact them (then `Contact` has their Slack ID).
 */
export const FeedbackTab = defineTab({
  name: 'Feedback',
  idKey: 'feedbackId',
  idPrefix: 'FB-',
  columns: {
    feedbackId: text('Feedback ID', { owner: 'system' }),
    received: dateTime('Received', { owner: 'system' }),
    // An Event ID, or Joining.
    about: text('About', { owner: 'system', needed: true }),
    rating: oneOf('Rating', RATINGS, { owner: 'system' }),
    feedback: text('Feedback', { owner: 'system' }),
    contact: text('Contact', { owner: 'system' }),
    notes: text('Notes'),
  },
});
