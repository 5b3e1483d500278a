import type { DateTime } from 'luxon';
import { append } from '../sheets-schema/changes.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import type { FormWork, SlackWork, Work } from './inputs.js';
import { NOTE_KIND } from './outbox/kinds.js';
import { emptyPlan, type Plan } from './plan.js';
import { hasOutbox, planMessage } from './records.js';

/**
 * For causes no other workflow takes (yet): the cause is put on record (an Audit row keyed by its identity) and
 * the leaders are told in their channel (through the Outbox, so a crash cannot lose the message). A cause
 * delivered again is recognised by the Outbox row it made and has no second effect.
 */
export function recordReceived(work: Work, snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  if (hasOutbox(snapshot, work.identity)) {
    plan.notes.push(`${work.identity}: already handled, nothing to do`);
    return plan;
  }
  const { action, actor, target, details, summary } =
    work.kind === 'form' ? describeForm(work) : describeSlack(work);
  const to = snapshot.settings.leadersChannel;
  const message = planMessage(work.identity, { kind: NOTE_KIND, to, about: summary, due: now });
  plan.changes.push(
    append('Audit', { when: now, actor, action, target, details, key: work.identity }),
    message.change,
  );
  plan.send.push(message.id);
  plan.notes.push(`${work.identity}: ${action}, leaders told in ${to}`);
  return plan;
}

interface Description {
  action: string;
  actor: string;
  target: string;
  details: string;
  summary: string;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

function describeForm(work: FormWork): Description {
  const a = work.answers;
  if (work.invalid) {
    const errors = Object.entries(work.invalid).map(([field, message]) => `${field}: ${message}`);
    return {
      action: `form.${work.form}.invalid`,
      // A report's sender stays confidential even when their answers are unusable.
      actor: work.form === 'report' ? '(confidential)' : text(work.respondentEmail ?? a.email),
      target: `${work.form} form`,
      details: errors.join('; '),
      summary: `A ${work.form} form submission could not be used (${errors.length} problem${errors.length === 1 ? '' : 's'}); see Audit.`,
    };
  }
  switch (work.form) {
    case 'join':
      return {
        action: 'form.join.received',
        actor: text(a.email),
        target: text(a.email),
        details: `name: ${text(a.name)}`,
        summary: `New join form from ${text(a.name) || text(a.email)}.`,
      };
    case 'rsvp':
      return {
        action: 'form.rsvp.received',
        actor: text(a.email),
        target: text(a.event),
        details: `attending: ${a.attending ? 'Yes' : 'No'}, guests: ${text(a.guests) || '0'}`,
        summary: `RSVP from ${text(a.email)} for ${text(a.event)}: ${a.attending ? 'Yes' : 'No'}.`,
      };
    case 'report':
      // None of a reporter's answers is quoted outside the Incidents tab.
      return {
        action: 'form.report.received',
        actor: '(confidential)',
        target: 'report form',
        details: `urgency: ${text(a.urgency) || 'Medium'}`,
        summary: 'A new report was received; see the Incidents tab.',
      };
  }
}

function describeSlack(work: SlackWork): Description {
  const p = work.payload;
  const user = text(p.user);
  switch (work.type) {
    case 'event':
      return {
        action: `slack.event.${text(p.type)}`,
        actor: user,
        target: user,
        details: '',
        summary: `Slack: ${text(p.type).replaceAll('_', ' ')} by <@${user}>.`,
      };
    case 'action':
      return {
        action: `slack.action.${text(p.actionId)}`,
        actor: user,
        target: text(p.value),
        details: '',
        summary: `<@${user}> pressed ${text(p.actionId)}.`,
      };
    case 'shortcut':
    case 'view':
      return {
        action: `slack.${work.type}.${text(p.callbackId)}`,
        actor: work.type === 'view' ? '(confidential)' : user,
        target: text(p.callbackId),
        details: '',
        summary: `Slack: ${text(p.callbackId)} ${work.type === 'view' ? 'submitted' : 'used'}.`,
      };
  }
}
