import { dateTime, decimal, email, integer, introsChoice, oneOf, text, yesNo } from '../columns.js';
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

/** Worked out once a day from the last 90 days (README "Presence"); blank for members who are not Active. */
export const ENGAGEMENT_LEVELS = ['Core', 'Regular', 'Casual', 'New', 'Quiet'] as const;
export type EngagementLevel = (typeof ENGAGEMENT_LEVELS)[number];

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
    // Yes/No from the join form; Paused or No also from a member's own buttons (the header predates that).
    intros: introsChoice('Intros', { owner: 'shared', headerRequired: false }),
    eventsAttended: integer('Events attended', { owner: 'system' }),
    lastActive: dateTime('Last active', { owner: 'system' }),
    notes: text('Notes'),
    problems: text('Problems', { owner: 'system' }),
    // Added later, after the others as provision adds them to a sheet: optional, so a sheet not provisioned
    // since keeps working without them.
    celebrate: yesNo('Celebrate', { headerRequired: false }),
    invitedBy: text('Invited by', { owner: 'shared', headerRequired: false }),
    engagement: oneOf('Engagement', ENGAGEMENT_LEVELS, { owner: 'system', headerRequired: false }),
    // The hours of the shifts they attended, of events that are Done (README "Volunteers").
    volunteerHours: decimal('Volunteer hours', { owner: 'system', headerRequired: false }),
  },
});
