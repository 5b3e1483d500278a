import { dateTime, integer, text } from '../columns.js';
import { defineTab } from '../tab.js';

/**
 * The group at a glance: one row per week (Monday to Sunday in the group's time zone), the last 12 worked out
 * again every day, newest last. Hearth writes every cell; `Updated` is when it last did (once a day).
 */
export const DashboardTab = defineTab({
  name: 'Dashboard',
  idKey: 'week',
  columns: {
    // The week's Monday, e.g. 2026-11-30.
    week: text('Week', { owner: 'system' }),
    newMembers: integer('New members', { owner: 'system' }),
    // Of that week's new members, how many came to an event within 30 days of joining (blank until known).
    cameWithin30Days: integer('Came within 30 days', { owner: 'system' }),
    newcomerRetention: integer('Newcomer retention %', { owner: 'system' }),
    core: integer('Core', { owner: 'system' }),
    regular: integer('Regular', { owner: 'system' }),
    drifting: integer('Drifting', { owner: 'system' }),
    quiet: integer('Quiet', { owner: 'system' }),
    events: integer('Events', { owner: 'system' }),
    attended: integer('Attended', { owner: 'system' }),
    introGroups: integer('Intro groups', { owner: 'system' }),
    introsMet: integer('Intros met %', { owner: 'system' }),
    questions: integer('Questions', { owner: 'system' }),
    medianFirstReply: integer('Median minutes to first reply', { owner: 'system' }),
    incidents: integer('Incidents', { owner: 'system' }),
    openIncidents: integer('Open incidents', { owner: 'system' }),
    invitedJoins: integer('Invited joins', { owner: 'system' }),
    updated: dateTime('Updated', { owner: 'system' }),
  },
});
