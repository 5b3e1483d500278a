import { dateTime, email, oneOf, text, yesNo } from '../columns.js';
import { defineTab } from '../tab.js';

export const LEADER_ROLES = ['Organizer', 'Moderator', 'Greeter', 'Host'] as const;
export type LeaderRole = (typeof LEADER_ROLES)[number];

/** Organizers own every cell; the system only reads it (who may approve is read at the moment of a click). */
export const LeadersTab = defineTab({
  name: 'Leaders',
  idKey: 'slackId',
  columns: {
    slackId: text('Slack ID', { needed: true, headerRequired: true }),
    name: text('Name', { headerRequired: true }),
    email: email('Email'),
    role: oneOf('Role', LEADER_ROLES, { needed: true }),
    canApprove: yesNo('Can approve', { headerRequired: true }),
    active: yesNo('Active', { headerRequired: true }),
    // Added later (optional): the channels this leader looks after, `#help, #events` or IDs; a question
    // nobody answers in one of them goes to them first.
    channels: text('Channels', { headerRequired: false }),
    // Added later (optional): the last day of their term (blank: no term), and who shares their role (a Slack
    // ID or name). README "The leader team".
    termEnds: dateTime('Term ends', { headerRequired: false }),
    coLead: text('Co-lead', { headerRequired: false }),
  },
});
