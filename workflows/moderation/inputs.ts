import type { FormWork, ReportAnswers } from '../../sheets-schema/forms/index.js';
import type { Severity } from '../../sheets-schema/tabs/incidents.js';
import type { SlackWork } from '../inputs.js';
import type { IncidentAction, IncidentClick, ReportInput } from './decisions.js';
import {
  INCIDENT_ACTIONS,
  OTHER_RULE,
  REASON_CALLBACK_ID,
  REPORT_CALLBACK_ID,
  URGENCIES,
} from './messages.js';

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

/** The report form; it may be anonymous. */
export function reportFromForm(work: FormWork): ReportInput {
  const a = work.answers as Partial<ReportAnswers>;
  return {
    identity: work.identity,
    source: 'Form',
    reporter: text(a.reporterEmail) || undefined,
    about: text(a.about),
    where: text(a.where) || undefined,
    rule: text(a.rule) || undefined,
    details: text(a.details),
    severity: (a.urgency as Severity | undefined) ?? 'Medium',
    ...(work.setAside ? { setAside: work.setAside } : {}),
  };
}

/** The `Report to moderators` modal, submitted: the reporter is who submitted it, the subject the message's author. */
export function reportFromView(work: SlackWork): ReportInput {
  const p = work.payload;
  const values = record(p.values);
  const message = record(p.message);
  const rule = text(values.rule);
  const urgency = text(values.urgency);
  const author = text(message.author);
  return {
    identity: work.identity,
    source: 'Slack',
    reporter: text(p.user) || undefined,
    about: author ? `<@${author}>` : 'a Slack message',
    ...(author ? { aboutSlackId: author } : {}),
    where: text(message.link) || undefined,
    rule: rule && rule !== OTHER_RULE ? rule : undefined,
    details: text(values.details),
    excerpt: text(message.excerpt) || undefined,
    severity: (URGENCIES as readonly string[]).includes(urgency) ? (urgency as Severity) : 'Medium',
  };
}

const ACTION_OF = new Map<string, IncidentAction>(
  Object.entries(INCIDENT_ACTIONS).map(([action, id]) => [id, action as IncidentAction]),
);

/** A leader's button on an incident, or the reason modal behind Resolve and Dismiss. */
export function incidentClickFrom(work: SlackWork): IncidentClick | undefined {
  const p = work.payload;
  if (work.type === 'action') {
    const action = ACTION_OF.get(text(p.actionId));
    if (!action || action === 'resolve' || action === 'dismiss') return undefined;
    return {
      identity: work.identity,
      action,
      incidentId: text(p.value),
      user: text(p.user),
      channel: text(p.channel),
    };
  }
  if (work.type === 'view' && p.callbackId === REASON_CALLBACK_ID) {
    const meta = record(p.message);
    const action = text(meta.action);
    if (action !== 'resolve' && action !== 'dismiss') return undefined;
    return {
      identity: work.identity,
      action,
      incidentId: text(meta.incidentId),
      user: text(p.user),
      channel: text(meta.channel),
      reason: text(record(p.values).reason),
    };
  }
  return undefined;
}

export const isReportView = (work: SlackWork) =>
  work.type === 'view' && work.payload.callbackId === REPORT_CALLBACK_ID;
export const isReportShortcut = (work: SlackWork) =>
  work.type === 'shortcut' && work.payload.callbackId === REPORT_CALLBACK_ID;
