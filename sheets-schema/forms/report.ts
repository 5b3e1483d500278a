import { z } from 'zod';
import { MAX_EMAIL } from '../emails.js';
import { SEVERITIES, type Severity } from '../tabs/incidents.js';
import {
  answer,
  answersOf,
  emailAnswer,
  type FormDefinition,
  field,
  optionalText,
  refuseAnswer,
  requiredText,
} from './fields.js';

/** Low/Medium/High/Critical in any case; an option label may explain itself ("High: needs action today"). */
function readUrgency(text: string | undefined): Severity {
  if (text === undefined) return 'Medium';
  const first = /^\p{L}+/u.exec(text)?.[0].toLowerCase();
  return (
    SEVERITIES.find((level) => level.toLowerCase() === first) ??
    refuseAnswer(text, `is not one of ${SEVERITIES.join(', ')}`, 'choose one of them.')
  );
}

export const REPORT_FIELDS = {
  // Optional: reports may be anonymous, and a mistyped email makes one (the report is kept, never discarded). "Email address" is the column Google adds when a form collects emails.
  reporterEmail: field(
    'Your email',
    ['Email', 'Email address', 'Reporter email', 'Your email (optional)'],
    emailAnswer(),
    { setAsideIfInvalid: 'the report is kept as anonymous' },
  ),
  about: field(
    'Who or what is this about?',
    ['About', 'Who is this about?', 'What is this about?', 'Who or what'],
    requiredText(500, 'Missing: say who or what this is about.'),
  ),
  where: field('Where did it happen?', ['Where', 'Location', 'Link'], optionalText(1000), {
    setAsideIfInvalid: 'it is left out',
  }),
  rule: field('Which ground rule?', ['Ground rule', 'Rule', 'Which rule?'], optionalText(500), {
    setAsideIfInvalid: 'it is left out',
  }),
  details: field(
    'What happened?',
    ['Details', 'Description', 'Tell us what happened'],
    requiredText(5000, 'Missing: describe what happened.'),
  ),
  urgency: field('How urgent is it?', ['Urgency', 'How urgent?', 'Severity'], answer(200, readUrgency), {
    setAsideIfInvalid: 'it is taken as Medium',
  }),
};

export const reportAnswers = answersOf(REPORT_FIELDS);

/** The answers once read, as the writer receives them. An answer set aside is absent. */
export const ReportAnswers = z.object({
  reporterEmail: z.string().max(MAX_EMAIL).optional(),
  about: z.string().min(1).max(500),
  where: z.string().max(1000).optional(),
  rule: z.string().max(500).optional(),
  details: z.string().min(1).max(5000),
  urgency: z.enum(SEVERITIES).optional(),
});
export type ReportAnswers = z.infer<typeof ReportAnswers>;

export const reportForm = {
  fields: REPORT_FIELDS,
  answers: reportAnswers,
  emailKey: 'reporterEmail',
  verifiedEmailWins: false,
  confidential: true,
} satisfies FormDefinition;
