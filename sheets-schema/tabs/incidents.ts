import { dateTime, integer, oneOf, text } from '../columns.js';
import { defineTab } from '../tab.js';

export const SEVERITIES = ['Low', 'Medium', 'High', 'Critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const INCIDENT_STATUSES = ['Open', 'Acknowledged', 'Resolved', 'Dismissed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** `Reporter` is confidential: it never leaves this tab (Slack, logs and Audit show `(confidential)`). */
export const IncidentsTab = defineTab({
  name: 'Incidents',
  idKey: 'incidentId',
  idPrefix: 'IN-',
  columns: {
    incidentId: text('Incident ID', { owner: 'system' }),
    reported: dateTime('Reported', { owner: 'system' }),
    reporter: text('Reporter', { owner: 'system' }),
    about: text('About', { owner: 'system' }),
    where: text('Where', { owner: 'system' }),
    rule: text('Rule', { owner: 'system' }),
    details: text('Details', { owner: 'system' }),
    severity: oneOf('Severity', SEVERITIES, { owner: 'shared' }),
    status: oneOf('Status', INCIDENT_STATUSES, { owner: 'shared' }),
    assignee: text('Assignee', { owner: 'shared' }),
    level: integer('Level', { owner: 'system', min: 1 }),
    acknowledgedAt: dateTime('Acknowledged at', { owner: 'system' }),
    repeat: text('Repeat', { owner: 'system' }),
    decision: text('Decision', { owner: 'system' }),
    decidedBy: text('Decided by', { owner: 'system' }),
    decidedAt: dateTime('Decided at', { owner: 'system' }),
    slackMessage: text('Slack message', { owner: 'system' }),
  },
});
