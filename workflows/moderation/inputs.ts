import type { Severity } from '../../sheets-schema/tabs/incidents.js';
import type { InputOf } from '../inputs.js';
import type { IncidentClick, ReportInput } from './decisions.js';
import { OTHER_RULE, URGENCIES } from './messages.js';

const given = (text: string | undefined) => text?.trim() || undefined;

/** The report form; it may be anonymous. */
export function reportFromForm(work: InputOf<'report_form'>): ReportInput {
  const a = work.answers;
  return {
    identity: work.identity,
    source: 'Form',
    reporter: given(a.reporterEmail),
    about: a.about.trim(),
    where: given(a.where),
    rule: given(a.rule),
    details: a.details.trim(),
    severity: a.urgency ?? 'Medium',
    ...(work.setAside ? { setAside: work.setAside } : {}),
  };
}

/** The `Report to moderators` modal, submitted: the reporter is who submitted it, the subject the message's author. */
export function reportFromView(view: InputOf<'report_view'>): ReportInput {
  const rule = view.rule.trim();
  const urgency = view.urgency.trim();
  const author = view.message.author.trim();
  return {
    identity: view.identity,
    source: 'Slack',
    reporter: view.user,
    about: author ? `<@${author}>` : 'a Slack message',
    ...(author ? { aboutSlackId: author } : {}),
    where: given(view.message.link),
    rule: rule && rule !== OTHER_RULE ? rule : undefined,
    details: view.details.trim(),
    excerpt: given(view.message.excerpt),
    severity: (URGENCIES as readonly string[]).includes(urgency) ? (urgency as Severity) : 'Medium',
  };
}

/** A leader's button on an incident, or the reason modal behind Resolve and Dismiss. */
export function incidentClickFrom(
  input: InputOf<'incident_click'> | InputOf<'incident_reason'>,
): IncidentClick {
  return {
    identity: input.identity,
    action: input.action,
    incidentId: input.incidentId,
    user: input.user,
    channel: input.channel,
    ...(input.kind === 'incident_reason' ? { reason: input.reason.trim() } : {}),
  };
}
