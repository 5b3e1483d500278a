import { dateTime, integer, oneOf, text } from '../columns.js';
import { defineTab } from '../tab.js';

/** `Sending`: marked before the post, so a post whose answer never came is looked for, never sent twice. */
export const OUTBOX_STATUSES = ['Scheduled', 'Sending', 'Sent', 'Skipped', 'Failed', 'Cancelled'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const OutboxTab = defineTab({
  name: 'Outbox',
  idKey: 'messageId',
  idPrefix: 'MSG-',
  columns: {
    messageId: text('Message ID', { owner: 'system' }),
    kind: text('Kind', { owner: 'system', needed: true }),
    due: dateTime('Due', { owner: 'system', needed: true }),
    to: text('To', { owner: 'system' }),
    about: text('About', { owner: 'system' }),
    // Organizers may set Cancelled by hand.
    status: oneOf('Status', OUTBOX_STATUSES, { owner: 'shared', needed: true }),
    sent: dateTime('Sent', { owner: 'system' }),
    attempts: integer('Attempts', { owner: 'system' }),
    lastError: text('Last error', { owner: 'system' }),
    // Added after the first release: a sheet without it keeps working until provision adds it.
    slackMessage: text('Slack message', { owner: 'system', headerRequired: false }),
  },
});
