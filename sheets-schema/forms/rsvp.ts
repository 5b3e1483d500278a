import { z } from 'zod';
import { MAX_EMAIL } from '../emails.js';
import {
  answer,
  answersOf,
  emailAnswer,
  type FormDefinition,
  field,
  refuse,
  refuseAnswer,
  yesNoAnswer,
} from './fields.js';

/** Sanity bound only: the group's own Max guests setting is applied by the writer. */
export const MAX_GUESTS_ANSWER = 100;

const EVENT_ID = /^EV-\d{1,9}$/i;
const EVENT_ID_IN_LABEL = /\(\s*(EV-\d{1,9})\s*\)/gi;

/**
 * The Event ID in an answer: the ID itself, or a dropdown label that carries it in parentheses
 * ("Winter meetup — Dec 3 (EV-12)"). The last one wins, since a title may itself contain parentheses.
 */
export function eventIdIn(text: string): string | undefined {
  const trimmed = text.trim();
  const id = EVENT_ID.test(trimmed) ? trimmed : [...trimmed.matchAll(EVENT_ID_IN_LABEL)].at(-1)?.[1];
  return id?.toUpperCase();
}

function readEvent(text: string | undefined): string {
  if (text === undefined) return refuse('Missing: choose the event you are answering for.');
  return (
    eventIdIn(text) ??
    refuseAnswer(text, 'has no Event ID', 'choose an event from the list (its label ends like "(EV-12)").')
  );
}

function readGuests(text: string | undefined): number {
  if (text === undefined) return 0;
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isNaN(n)) return refuseAnswer(text, 'is not a whole number', 'type a number like 0, 1 or 2.');
  if (n > MAX_GUESTS_ANSWER) return refuse(`${n} guests is too many: type at most ${MAX_GUESTS_ANSWER}.`);
  return n;
}

export const RSVP_FIELDS = {
  email: field(
    'Email',
    ['Email address', 'Your email', 'Your email address'],
    emailAnswer('Missing: type your email address.'),
  ),
  event: field('Event', ['Event ID', 'Which event?', 'Event name'], answer(300, readEvent)),
  attending: field(
    'Attending?',
    ['Attending', 'Will you attend?', 'Going?', 'Are you coming?'],
    yesNoAnswer({ required: 'Missing: answer Yes or No.' }),
  ),
  guests: field(
    'Guests',
    ['Plus ones', 'Extra guests', 'Number of guests', 'How many guests?'],
    answer(20, readGuests),
  ),
};

export const rsvpAnswers = answersOf(RSVP_FIELDS);

/** The answers once read, as the writer receives them; `typedEmail` as for a join. */
export const RsvpAnswers = z.object({
  email: z.string().min(1).max(MAX_EMAIL),
  event: z.string().regex(EVENT_ID),
  attending: z.boolean(),
  guests: z.number().int().min(0).max(MAX_GUESTS_ANSWER),
  typedEmail: z.string().max(MAX_EMAIL).optional(),
});
export type RsvpAnswers = z.infer<typeof RsvpAnswers>;

export const rsvpForm = {
  fields: RSVP_FIELDS,
  answers: rsvpAnswers,
  emailKey: 'email',
  verifiedEmailWins: true,
  confidential: false,
} satisfies FormDefinition;
