import { dateTime, integer, oneOf, text } from '../columns.js';
import { defineTab } from '../tab.js';

export const PROJECT_STATUSES = ['Proposed', 'Active', 'Paused', 'Done', 'Declined'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/**
 * The group's projects, from proposal to showcase (README "Projects and partnerships"). Organizers may edit any
 * row: a Channel typed before approval is used instead of a new one; a Status typed by hand takes effect at the
 * next tick (Done posts the showcase).
 */
export const ProjectsTab = defineTab({
  name: 'Projects',
  idKey: 'projectId',
  idPrefix: 'P-',
  problemsKey: 'problems',
  columns: {
    projectId: text('Project ID', { owner: 'system' }),
    title: text('Title', { owner: 'shared', needed: true }),
    // What and why, who it is for, the time it needs.
    summary: text('Summary', { owner: 'shared' }),
    // A Member ID (an email typed by hand is read as the member with that email).
    champion: text('Champion', { owner: 'shared' }),
    // A Partner ID or a partner's name.
    partner: text('Partner', { owner: 'shared' }),
    // `2 developers, 1 designer`.
    rolesNeeded: text('Roles needed', { owner: 'shared' }),
    status: oneOf('Status', PROJECT_STATUSES, { owner: 'shared', needed: true }),
    // `#name` or a channel ID.
    channel: text('Channel', { owner: 'shared' }),
    // The team's Member IDs, comma-separated (from Project members).
    members: text('Members', { owner: 'system' }),
    started: dateTime('Started', { owner: 'system' }),
    lastUpdate: dateTime('Last update', { owner: 'system' }),
    nextCheckIn: dateTime('Next check-in', { owner: 'shared' }),
    missedCheckIns: integer('Missed check-ins', { owner: 'system', min: 0 }),
    link: text('Link', { owner: 'shared' }),
    problems: text('Problems', { owner: 'system' }),
  },
});
