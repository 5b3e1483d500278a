import type { DateTime } from 'luxon';
import { append } from '../sheets-schema/changes.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import type { InputOf } from './inputs.js';
import { NOTE_KIND } from './outbox/kinds.js';
import { emptyPlan, type Plan } from './plan.js';
import { hasOutbox, planMessage } from './records.js';

/** What no other workflow takes: a form answer that could not be used, a button Hearth has no decision for. */
export type UnusableInput = InputOf<'unusable_form'> | InputOf<'unknown_click'>;

/**
 * For causes no other workflow takes: the cause is put on record (an Audit row keyed by its identity) and the
 * leaders are told in their channel (through the Outbox, so a crash cannot lose the message). A cause
 * delivered again is recognised by the Outbox row it made and has no second effect.
 */
export function recordReceived(work: UnusableInput, snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  if (hasOutbox(snapshot, work.identity)) {
    plan.notes.push(`${work.identity}: already handled, nothing to do`);
    return plan;
  }
  const { action, actor, target, details, summary } = describe(work);
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

function describe(work: UnusableInput) {
  if (work.kind === 'unknown_click') {
    return {
      action: `slack.action.${work.actionId}`,
      actor: work.user,
      target: work.value,
      details: '',
      summary: `<@${work.user}> pressed ${work.actionId}.`,
    };
  }
  const errors = Object.entries(work.invalid).map(([field, message]) => `${field}: ${message}`);
  return {
    action: `form.${work.form}.invalid`,
    // A report's sender stays confidential even when their answers are unusable.
    actor: work.form === 'report' ? '(confidential)' : (work.respondentEmail ?? work.answers.email ?? ''),
    target: `${work.form} form`,
    details: errors.join('; '),
    summary: `A ${work.form} form submission could not be used (${errors.length} problem${errors.length === 1 ? '' : 's'}); see Audit.`,
  };
}
