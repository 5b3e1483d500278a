import { dateTime, integer, text } from '../columns.js';
import { defineTab } from '../tab.js';

/**
 * What each Active leader did in the last 90 days (README "The leader team"), one row per leader, worked out
 * again by the daily step. Hearth writes every cell, and only those that change.
 */
export const LeaderLoadTab = defineTab({
  name: 'Leader load',
  idKey: 'slackId',
  columns: {
    leader: text('Leader', { owner: 'system' }),
    slackId: text('Slack ID', { owner: 'system' }),
    hosted: integer('Hosted', { owner: 'system' }),
    greeted: integer('Greeted', { owner: 'system' }),
    incidents: integer('Incidents', { owner: 'system' }),
    approvals: integer('Approvals', { owner: 'system' }),
    projects: integer('Projects', { owner: 'system' }),
    total: integer('Total', { owner: 'system' }),
    // The day of the latest thing counted, ever: blank when nothing was.
    lastActive: text('Last active', { owner: 'system' }),
    updated: dateTime('Updated', { owner: 'system' }),
  },
});
