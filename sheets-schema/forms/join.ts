import { z } from 'zod';
import { MAX_EMAIL } from '../emails.js';
import {
  answer,
  answersOf,
  emailAnswer,
  type FormDefinition,
  field,
  listAnswer,
  optionalText,
  readYesNo,
  refuse,
  refuseAnswer,
  requiredText,
  yesNoAnswer,
} from './fields.js';

const AGREED_TITLE = 'I agree to the ground rules';

/** A ground-rules checkbox often reads "I agree" or "I accept …" rather than Yes. */
function readAgreed(text: string | undefined): true {
  if (text !== undefined && (readYesNo(text) === true || /^(i\s+)?(agree|accept)/i.test(text))) return true;
  const fix = `the ground rules must be accepted to join; answer Yes to "${AGREED_TITLE}".`;
  return text === undefined ? refuse(`There was no answer: ${fix}`) : refuseAnswer(text, 'is not Yes', fix);
}

export const JOIN_FIELDS = {
  name: field('Name', ['Full name', 'Your name'], requiredText(200, 'Missing: type your name.')),
  email: field(
    'Email',
    ['Email address', 'Your email', 'Your email address'],
    emailAnswer('Missing: type your email address.'),
  ),
  heardFrom: field(
    'How did you hear about us?',
    ['Heard about us', 'Heard from', 'Where did you hear about us?'],
    optionalText(500),
  ),
  interests: field(
    'Interests',
    ['Your interests', 'Topics', 'What are you interested in?'],
    listAnswer(30, 100),
    {
      list: true,
    },
  ),
  intros: field(
    'Introduce me to other members',
    ['Intros', 'Introduce me', 'Introductions'],
    yesNoAnswer({ default: false }),
  ),
  agreed: field(
    AGREED_TITLE,
    ['Ground rules', 'I agree', 'I accept the ground rules'],
    answer(200, readAgreed),
  ),
};

export const joinAnswers = answersOf(JOIN_FIELDS);

/**
 * The answers once read, as the writer receives them (and checks them again). `typedEmail`: an email typed
 * that differs from the form's verified one, kept for organizers, never acted on.
 */
export const JoinAnswers = z.object({
  name: z.string().min(1).max(200),
  email: z.string().min(1).max(MAX_EMAIL),
  heardFrom: z.string().max(500).optional(),
  interests: z.array(z.string().max(100)).max(30),
  intros: z.boolean(),
  agreed: z.literal(true),
  typedEmail: z.string().max(MAX_EMAIL).optional(),
});
export type JoinAnswers = z.infer<typeof JoinAnswers>;

export const joinForm = {
  fields: JOIN_FIELDS,
  answers: joinAnswers,
  emailKey: 'email',
  verifiedEmailWins: true,
  confidential: false,
} satisfies FormDefinition;
