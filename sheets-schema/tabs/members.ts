import { dateTime, email, integer, oneOf, text, yesNo } from '../columns.js';
import { defineTab } from '../tab.js';

export const MEMBER_STATUSES = [
  'Pending',
  'Active',
  'Declined',
  'Inactive',
  'Left',
  'Suspended',
  'Banned',
] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const MembersTab = defineTab({
  name: 'Members',
  idKey: 'memberId',
  idPrefix: 'M-',
  problemsKey: 'problems',
  columns: {
    memberId: text('Member ID', { owner: 'system' }),
    name: text('Name', { headerRequired: true }),
    email: email('Email', { needed: true }),
    slackId: text('Slack ID', { owner: 'shared' }),
    status: oneOf('Status', MEMBER_STATUSES, { owner: 'shared' }),
    joined: dateTime('Joined', { owner: 'system' }),
    approvedBy: text('Approved by', { owner: 'system' }),
    greeter: text('Greeter', { owner: 'shared' }),
    source: text('Source'),
    interests: text('Interests'),
    intros: yesNo('Intros'),
    eventsAttended: integer('Events attended', { owner: 'system' }),
    lastActive: dateTime('Last active', { owner: 'system' }),
    notes: text('Notes'),
    problems: text('Problems', { owner: 'system' }),
  },
});
