import type { DateTime } from 'luxon';
import { append } from '../sheets-schema/changes.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import type { FormWork, SlackWork, Work } from './inputs.js';
import { emptyPlan, type Plan, stableDigest } from './plan.js';

/** The Outbox row a cause makes has an ID derived from the cause: finding it is how a re-delivery is recognised. */
export function outboxIdFor(identity: string): string {
  return `MSG-${stableDigest(identity)}`;
}

/** True when the cause already made its row: in the sheet, or earlier in this batch. */
export function alreadyHandled(identity: string, snapshot: Snapshot, planned: ReadonlySet<string>): boolean {
  const id = outboxIdFor(identity);
  if (planned.has(id)) return true;
  const outbox = snapshot.table('Outbox');
  return outbox.byId(id) !== undefined || outbox.invalid.some((row) => row.id === id);
}

/**
 * The first workflow: every accepted cause is put on record (an Audit row keyed by its identity) and the
 * leaders are told in their channel (through the Outbox, so a crash cannot lose the message). A cause
 * delivered again is recognised by the Outbox row it made and has no second effect.
 */
export function recordReceived(work: Work, snapshot: Snapshot, now: DateTime, planned: Set<string>): Plan {
  const plan = emptyPlan();
  if (alreadyHandled(work.identity, snapshot, planned)) {
    plan.notes.push(`${work.identity}: already handled, nothing to do`);
    return plan;
  }
  const outboxId = outboxIdFor(work.identity);
  planned.add(outboxId);
  const { action, actor, target, details, summary } =
    work.kind === 'form' ? describeForm(work) : describeSlack(work);
  const to = snapshot.settings.leadersChannel;
  plan.changes.push(
    append('Audit', { when: now, actor, action, target, details, key: work.identity }),
    append('Outbox', {
      messageId: outboxId,
      kind: 'note',
      due: now,
      to,
      about: summary,
      status: 'Scheduled',
      attempts: 0,
    }),
  );
  plan.messages.push({ outboxId, message: { channel: to, text: summary } });
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
        summary: `RSVP for ${text(a.event)}: ${a.attending ? 'Yes' : 'No'}.`,
      };
    case 'report':
      return {
        action: 'form.report.received',
        actor: '(confidential)',
        target: text(a.about),
        details: `urgency: ${text(a.urgency)}`,
        summary: `A new report was filed (urgency ${text(a.urgency) || 'Medium'}); see the Incidents tab.`,
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
