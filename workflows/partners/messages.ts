/** The partners' messages: a next step for its owner. Short, with what is needed to act on it. */
import type { DateTime } from 'luxon';
import {
  type BlockMessage,
  context,
  formatDateTime,
  listOf,
  message,
  section,
  userText,
} from '../outbox/blocks.js';

export function nextStepMessage(a: {
  partner: string;
  nextStep: string;
  stage?: string;
  contact?: string;
  /** As typed in Owner, when Hearth could not find that leader: the message goes to the leaders channel. */
  unknownOwner?: string;
  on: DateTime;
  timeZone: string;
}): BlockMessage {
  const partner = userText(a.partner, 200) || 'a partner';
  const step = userText(a.nextStep, 1000);
  const day = formatDateTime(a.on, a.timeZone).split(',')[0] ?? '';
  const whose =
    a.unknownOwner !== undefined
      ? `Next step with *${partner}* for today (${day}); its owner ${a.unknownOwner.trim() ? `“${userText(a.unknownOwner, 100)}” is not` : 'is not set, or not'} found among the Leaders, so it comes here:`
      : `Your next step with *${partner}* for today (${day}):`;
  const details = [
    a.stage ? `Stage: ${userText(a.stage, 50)}` : '',
    a.contact?.trim() ? `Contact: ${userText(a.contact, 300)}` : '',
  ].filter(Boolean);
  return message(`Next step with ${partner}: ${userText(a.nextStep, 300)}`, [
    section(`:handshake: ${whose}\n>${step}`),
    ...(details.length > 0 ? [context(details.join(' · '))] : []),
    context('Done? Move `Next step` and `Next step on` in the Partners tab; each date is reminded once.'),
  ]);
}

/** Who sponsored an event, for its thank-you: `Thanks to our partners Acme and Globex.` */
export function partnersLine(names: readonly string[]): string {
  const shown = names.map((n) => `*${userText(n, 100)}*`);
  return shown.length === 0 ? '' : `:handshake: Made possible with ${listOf(shown)}: thank you!`;
}
