import { FORM_INPUT_KIND, type FormName } from '../sheets-schema/forms/index.js';
import { type ParsedWork, parseWork } from './inputs.js';
import { CALLBACK_IDS, type CallbackId, clickInput, submissionInput } from './slack-inputs.js';

/**
 * What reached the writer by a queue or the journal, checked: today's inputs, or an older version's shapes read
 * as today's.
 */
export function readHandedOver(value: unknown): ParsedWork {
  return parseWork(upgradeLegacyWork(value));
}

/**
 * Work handed over by the version before inputs were one typed union (`{kind: 'form', form, answers}` and
 * `{kind: 'slack', type, payload}`) may still wait in the Cloud Tasks queue or the local journal when the new
 * version starts: it is read as today's input, so nothing accepted is lost across an upgrade. Anything else is
 * returned as it is, for the input schemas to judge. Can go once no queue or journal holds the old shapes.
 */
export function upgradeLegacyWork(value: unknown): unknown {
  if (!isRecord(value)) return value;
  if (value.kind === 'form') return fromLegacyForm(value);
  if (value.kind === 'slack' && isRecord(value.payload)) return fromLegacySlack(value, value.payload);
  return value;
}

function fromLegacyForm({ kind: _kind, form, invalid, setAside, ...rest }: Record<string, unknown>): unknown {
  if (typeof form !== 'string' || !Object.hasOwn(FORM_INPUT_KIND, form))
    return { kind: 'form', form, ...rest };
  if (invalid !== undefined) return { kind: 'unusable_form', form, ...rest, invalid };
  return {
    kind: FORM_INPUT_KIND[form as FormName],
    ...rest,
    ...(form === 'report' && setAside !== undefined ? { setAside } : {}),
  };
}

function fromLegacySlack(work: Record<string, unknown>, p: Record<string, unknown>): unknown {
  const common = { identity: text(work.identity), receivedAt: text(work.receivedAt) };
  const email = text(p.email) ? { email: text(p.email) } : {};
  switch (work.type) {
    case 'event':
      if (p.type === 'team_join')
        return {
          kind: 'team_join',
          ...common,
          user: text(p.user),
          ...email,
          ...(text(p.name) ? { name: text(p.name) } : {}),
        };
      if (p.type === 'user_deactivated')
        return { kind: 'user_deactivated', ...common, user: text(p.user), ...email };
      return work;
    case 'action': {
      const input = clickInput({
        ...common,
        actionId: text(p.actionId),
        value: text(p.value),
        user: text(p.user),
        channel: text(p.channel),
        ...(text(p.messageTs) ? { messageTs: text(p.messageTs) } : {}),
        ...(text(p.actionTs) ? { actionTs: text(p.actionTs) } : {}),
      });
      // The old door opened the reason modal itself and never handed these over (nor had feedback buttons).
      if ('asksReason' in input || 'asksFeedback' in input || 'asksDeclineReason' in input) return work;
      return { ...input, ...(input.kind === 'rsvp_click' ? email : {}) };
    }
    case 'shortcut':
      return { kind: 'report_shortcut', ...common, viewId: text(p.viewId), message: p.message };
    case 'view': {
      const callbackId = p.callbackId as CallbackId;
      if (!CALLBACK_IDS.includes(callbackId)) return work;
      // `message` was the modal's private_metadata, as it is now.
      const metadata = textsOf(p.message);
      const values = textsOf(p.values);
      return submissionInput(callbackId, {
        ...common,
        user: text(p.user),
        values,
        metadata,
      });
    }
    default:
      return work;
  }
}

function textsOf(value: unknown): Record<string, string> {
  return isRecord(value) ? Object.fromEntries(Object.entries(value).map(([key, v]) => [key, text(v)])) : {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');
