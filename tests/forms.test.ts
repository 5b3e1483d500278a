import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Work } from '../functions/work.js';
import { dateTimeToSerial, normalizeHeader } from '../sheets-schema/cells.js';
import {
  eventIdIn,
  FORM_INPUT_KIND,
  FORM_NAMES,
  FORMS,
  type FormName,
  identityFromSheetRow,
  joinAnswers,
  type ParsedForm,
  parseFormBody,
  responseWorks,
  submissionIdentity,
  VERIFIED_EMAIL_HEADER,
} from '../sheets-schema/forms/index.js';
import { parseWork } from '../workflows/inputs.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/forms/${name}`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;

interface ItemResponse {
  itemId: number;
  title: string;
  type: string;
  response: string | string[];
}
interface FormBoundEvent {
  response: { id: string; timestamp: string; respondentEmail: string; itemResponses: ItemResponse[] };
}
interface SheetBoundEvent {
  namedValues: Record<string, string[]>;
  values: string[];
}

const formBound = fixture('onFormSubmit.form-bound.forwarded.json') as unknown as FormBoundEvent;
const sheetBound = fixture('onFormSubmit.sheet-bound.json') as unknown as SheetBoundEvent;
/** The sheet-bound fixture's Timestamp ("5/14/2024 18:21:07") is the form-bound one's instant in Tokyo. */
const ZONE = 'Asia/Tokyo';
const SUBMITTED = formBound.response.timestamp; // 2024-05-14T09:21:07.455Z
const RESPONSE_ID = formBound.response.id;
const RESPONDENT = formBound.response.respondentEmail;

type Questions = Record<string, string | string[]>;

/** The form-bound fixture with this form's questions (lists are CHECKBOX items). */
function formBoundWith(questions: Questions): FormBoundEvent {
  const itemResponses = Object.entries(questions).map(([title, response], i) => ({
    itemId: 1000 + i,
    title,
    type: Array.isArray(response) ? 'CHECKBOX' : 'TEXT',
    response,
  }));
  return { response: { ...formBound.response, itemResponses } };
}

/** The sheet-bound fixture with this form's questions: checkbox choices joined with ", " as Apps Script does. */
function sheetBoundWith(questions: Questions): SheetBoundEvent {
  const timestamp = sheetBound.namedValues.Timestamp ?? [];
  const joined = Object.entries(questions).map(
    ([title, a]) => [title, Array.isArray(a) ? a.join(', ') : a] as const,
  );
  return {
    namedValues: { Timestamp: timestamp, ...Object.fromEntries(joined.map(([title, a]) => [title, [a]])) },
    values: [timestamp[0] ?? '', ...joined.map(([, a]) => a)],
  };
}

/** What the relay posts for a form-bound trigger. */
function relayFormBound(
  form: FormName,
  e: FormBoundEvent,
  opts: { responseId?: boolean; respondent?: boolean } = {},
) {
  const r = e.response;
  return {
    form,
    ...(opts.responseId ? { responseId: r.id } : {}),
    submittedAt: r.timestamp,
    ...(opts.respondent ? { respondentEmail: r.respondentEmail } : {}),
    answers: Object.fromEntries(r.itemResponses.map((item) => [item.title, item.response])),
  };
}

/** What the relay posts for a sheet-bound trigger. */
function relaySheetBound(form: FormName, e: SheetBoundEvent) {
  return { form, submittedAt: SUBMITTED, namedValues: e.namedValues };
}

/** The same response as a row of the linked "Form responses 1" tab. */
function sheetRow(e: SheetBoundEvent, questions: Questions): [string[], string[]] {
  return [['Timestamp', ...Object.keys(questions)], e.values];
}

/** A usable submission, its answers read as a plain record so one test can look at any form's. */
function ok(result: ParsedForm) {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result).slice(0, 500)}`);
  return result.work as typeof result.work & { answers: Record<string, unknown>; setAside?: unknown };
}

function invalid(result: ParsedForm) {
  if (result.ok || result.status !== 422)
    throw new Error(`expected 422, got ${JSON.stringify(result).slice(0, 500)}`);
  return result;
}

function malformed(result: ParsedForm): string {
  if (result.ok || result.status !== 400)
    throw new Error(`expected 400, got ${JSON.stringify(result).slice(0, 500)}`);
  return result.reason;
}

const VALID: Record<FormName, Questions> = {
  join: {
    Name: ' Ada Lovelace ',
    Email: 'Ada@Example.org',
    'How did you hear about us?': 'A friend',
    Interests: ['TypeScript', 'Events'],
    'Introduce me to other members': 'Yes',
    'I agree to the ground rules': 'Yes',
  },
  rsvp: {
    Email: 'ada@example.org',
    Event: 'Winter meetup — Dec 3 (EV-12)',
    'Attending?': 'Yes',
    Guests: '2',
  },
  report: {
    'Your email': 'ada@example.org',
    'Who or what is this about?': 'Someone in #general',
    'Where did it happen?': 'https://example.slack.com/archives/C1/p1',
    'Which ground rule?': 'Be kind',
    'What happened?': 'They were rude.\nTwice.',
    'How urgent is it?': 'high',
  },
  project: {
    'Project title': 'Community garden app!',
    'What and why': 'Share the tools.',
    'Who is it for?': 'Neighbours',
    Partner: 'PA-2',
    Champion: 'Grace@Example.org',
    'Roles needed': '2 developers, 1 designer',
    'Time it needs': '3 months',
    Email: 'Ada@Example.org',
  },
};

const TYPED: Record<FormName, Record<string, unknown>> = {
  join: {
    name: 'Ada Lovelace',
    email: 'ada@example.org',
    heardFrom: 'A friend',
    interests: ['TypeScript', 'Events'],
    intros: true,
    agreed: true,
  },
  rsvp: { email: 'ada@example.org', event: 'EV-12', attending: true, guests: 2 },
  report: {
    reporterEmail: 'ada@example.org',
    about: 'Someone in #general',
    where: 'https://example.slack.com/archives/C1/p1',
    rule: 'Be kind',
    details: 'They were rude.\nTwice.',
    urgency: 'High',
  },
  project: {
    title: 'Community garden app!',
    whatAndWhy: 'Share the tools.',
    forWhom: 'Neighbours',
    partner: 'PA-2',
    champion: 'grace@example.org',
    rolesNeeded: '2 developers, 1 designer',
    timeNeeded: '3 months',
    email: 'ada@example.org',
  },
};

/** A form's valid answers with one question replaced (under any title) or removed (value undefined). */
function withAnswer(form: FormName, title: string, value: unknown): Record<string, unknown> {
  const key = normalizeHeader(title);
  const field = Object.values(FORMS[form].fields).find((f) =>
    [f.title, ...f.aliases].some((t) => normalizeHeader(t) === key),
  );
  const rest = Object.entries(VALID[form]).filter(([t]) => t !== field?.title);
  return { ...Object.fromEntries(rest), ...(value === undefined ? {} : { [title]: value }) };
}

function body(form: FormName, answers: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { form, submittedAt: SUBMITTED, answers, ...extra };
}

describe('the forms registry', () => {
  it('has the four forms', () => {
    expect(FORM_NAMES).toEqual(['join', 'rsvp', 'report', 'project']);
  });

  it.each(FORM_NAMES)('%s: no spelling belongs to two questions', (form) => {
    const spellings = Object.values(FORMS[form].fields).flatMap((f) => [
      ...new Set([f.title, ...f.aliases].map(normalizeHeader)),
    ]);
    expect(new Set(spellings).size).toBe(spellings.length);
  });

  it('exports each form as a zod schema over answers by field key', () => {
    expect(joinAnswers.parse({ name: 'Ada', email: 'ADA@example.org', agreed: 'I agree' })).toEqual({
      name: 'Ada',
      email: 'ada@example.org',
      heardFrom: undefined,
      interests: [],
      intros: false,
      agreed: true,
    });
  });
});

describe('parseFormBody: happy paths, both shapes', () => {
  it.each(FORM_NAMES)('%s via answers (form-bound relay) and namedValues (sheet-bound relay)', (form) => {
    const viaAnswers = ok(parseFormBody(relayFormBound(form, formBoundWith(VALID[form]))));
    const viaNamed = ok(parseFormBody(relaySheetBound(form, sheetBoundWith(VALID[form]))));
    expect(viaAnswers.answers).toEqual(TYPED[form]);
    expect(viaNamed.answers).toEqual(TYPED[form]);
    expect(viaAnswers).toMatchObject({ kind: FORM_INPUT_KIND[form], submittedAt: SUBMITTED });
    expect(viaAnswers.identity).toMatch(new RegExp(`^form:${form}:2024-05-14T09:21:07Z:[0-9a-f]{16}$`));
    expect(viaNamed.identity).toBe(viaAnswers.identity);
    expect(viaAnswers).not.toHaveProperty('invalid');
  });

  it.each(FORM_NAMES)('%s: a responseId is the identity', (form) => {
    const work = ok(parseFormBody(relayFormBound(form, formBoundWith(VALID[form]), { responseId: true })));
    expect(work.identity).toBe(`form:${RESPONSE_ID}`);
  });

  it('defaults: join interests [] and intros No; rsvp 0 guests; report Medium and anonymous', () => {
    const join = ok(
      parseFormBody(body('join', { Name: 'Ada', Email: 'a@b.org', 'I agree to the ground rules': 'Yes' })),
    );
    expect(join.answers).toEqual({
      name: 'Ada',
      email: 'a@b.org',
      interests: [],
      intros: false,
      agreed: true,
    });
    const rsvp = ok(parseFormBody(body('rsvp', withAnswer('rsvp', 'Guests', undefined))));
    expect(rsvp.answers.guests).toBe(0);
    const report = ok(
      parseFormBody(
        body('report', { 'Who or what is this about?': 'x', 'What happened?': 'y', 'Your email': '' }),
      ),
    );
    expect(report.answers).toEqual({ about: 'x', details: 'y', urgency: 'Medium' });
  });

  it('the verbatim fixtures, read as a join, miss only the ground rules', () => {
    const r = formBound.response;
    const pushed = parseFormBody({
      form: 'join',
      submittedAt: r.timestamp,
      respondentEmail: r.respondentEmail,
      answers: Object.fromEntries(r.itemResponses.map((i) => [i.title, i.response])),
    });
    const relayed = parseFormBody({
      form: 'join',
      submittedAt: SUBMITTED,
      namedValues: sheetBound.namedValues,
    });
    for (const result of [invalid(pushed), invalid(relayed)]) {
      expect(Object.keys(result.errors)).toEqual(['I agree to the ground rules']);
      // "Topics" is an alias of Interests; Google's "Email Address" column one of Email.
      expect(result.work.answers).toMatchObject({
        name: 'Jane Doe',
        email: RESPONDENT,
        interests: ['Deploys', 'Oncall'],
      });
    }
    expect(invalid(pushed).work.identity).toBe(invalid(relayed).work.identity);
  });

  it('accepts numbers and booleans in answers', () => {
    const work = ok(parseFormBody(body('rsvp', { ...withAnswer('rsvp', 'Guests', 3), 'Attending?': false })));
    expect(work.answers).toMatchObject({ guests: 3, attending: false });
  });
});

describe('titles and aliases', () => {
  it.each([
    ['join', 'Full name', 'Ada', 'name', 'Ada'],
    ['join', 'YOUR NAME', 'Ada', 'name', 'Ada'],
    ['join', 'Email address', 'a@b.org', 'email', 'a@b.org'],
    ['join', 'your-email', 'a@b.org', 'email', 'a@b.org'],
    ['join', 'how did you hear about us', 'Meetup.com', 'heardFrom', 'Meetup.com'],
    ['join', 'Topics', ['A', 'B'], 'interests', ['A', 'B']],
    ['join', 'Intros', 'no', 'intros', false],
    ['join', 'Introduce me', 'Yes, please', 'intros', true],
    ['join', 'Ground rules', 'I agree', 'agreed', true],
    ['join', 'I agree', ['I accept the ground rules'], 'agreed', true],
    ['join', ' i agree to the ground-rules ', 'TRUE', 'agreed', true],
    ['join', 'Invited by', 'M-12', 'invitedBy', 'M-12'],
    ['join', 'Invited by (Member ID)', ' m-7 ', 'invitedBy', 'M-7'],
    ['join', 'Who invited you?', 'M - 012', 'invitedBy', 'M-12'],
    ['rsvp', 'Attending', 'no', 'attending', false],
    ['rsvp', 'Will you attend?', 'Yes', 'attending', true],
    ['rsvp', 'going', 'y', 'attending', true],
    ['rsvp', 'ATTENDING ?', 'No, sorry', 'attending', false],
    ['rsvp', 'Plus ones', '1', 'guests', 1],
    ['rsvp', 'Extra guests', ' 4 ', 'guests', 4],
    ['rsvp', 'Event ID', 'ev-3', 'event', 'EV-3'],
    ['report', 'Email address', 'R@x.org', 'reporterEmail', 'r@x.org'],
    ['report', 'Urgency', 'CRITICAL', 'urgency', 'Critical'],
    ['report', 'how urgent is it', 'Low: whenever', 'urgency', 'Low'],
    ['report', 'Details', 'it happened', 'details', 'it happened'],
  ] as const)('%s: %j answered %j gives %s = %j', (form, title, value, key, expected) => {
    const work = ok(parseFormBody(body(form, withAnswer(form, title, value))));
    expect(work.answers[key]).toEqual(expected);
  });

  it('ignores unknown questions and the Timestamp', () => {
    const answers = {
      ...VALID.rsvp,
      Timestamp: 'yesterday',
      'Dietary needs': 'none',
      constructor: 'x',
      toString: 'y',
    };
    expect(ok(parseFormBody(body('rsvp', answers))).answers).toEqual(TYPED.rsvp);
  });

  it.each([
    ['canonical first', { Email: 'typed@x.org', 'Email Address': 'other@x.org' }],
    ['alias first', { 'Email Address': 'other@x.org', Email: 'typed@x.org' }],
  ])('the canonical title beats an alias (%s)', (_, emails) => {
    const work = ok(parseFormBody(body('join', { ...withAnswer('join', 'Email', undefined), ...emails })));
    expect(work.answers.email).toBe('typed@x.org');
  });

  it('an answered alias beats a blank canonical title', () => {
    const answers = { ...withAnswer('join', 'Email', undefined), Email: ' ', 'Email Address': 'other@x.org' };
    expect(ok(parseFormBody(body('join', answers))).answers.email).toBe('other@x.org');
  });
});

describe('checkboxes', () => {
  it.each([
    ['a list', ['TypeScript', 'Events'], ['TypeScript', 'Events']],
    ['a ", "-joined string', 'TypeScript, Events', ['TypeScript', 'Events']],
    ['one choice', 'Events', ['Events']],
    ['nothing', '', []],
    ['a list with blanks', ['', ' Events '], ['Events']],
  ])('accepts %s', (_, value, expected) => {
    expect(ok(parseFormBody(body('join', withAnswer('join', 'Interests', value)))).answers.interests).toEqual(
      expected,
    );
  });

  it('namedValues lists come joined', () => {
    const namedValues = {
      ...sheetBoundWith(VALID.join).namedValues,
      Interests: ['TypeScript, Events, Food'],
    };
    const work = ok(parseFormBody({ form: 'join', submittedAt: SUBMITTED, namedValues }));
    expect(work.answers.interests).toEqual(['TypeScript', 'Events', 'Food']);
  });
});

describe('field errors (422, still recorded)', () => {
  const long = (n: number) => 'x'.repeat(n);
  it.each([
    ['join', 'Name', '   ', /^Missing: type your name/],
    ['join', 'Name', long(201), /Too long \(201 characters\): keep it to 200 at most/],
    ['join', 'Name', ['Ada', 'Lovelace'], /Expected one answer, got a list of 2/],
    ['join', 'Email', undefined, /^Missing: type your email/],
    [
      'join',
      'Email',
      'ada at example',
      /"ada at example" is not an email address: type it like name@example\.org/,
    ],
    ['join', 'Interests', Array.from({ length: 31 }, (_, i) => `T${i}`), /Too many choices \(31\)/],
    ['join', 'Interests', [long(101)], /A choice is too long/],
    ['join', 'How did you hear about us?', long(501), /Too long/],
    ['join', 'Introduce me to other members', 'maybe', /"maybe" is not Yes or No/],
    ['join', 'I agree to the ground rules', 'No', /"No" is not Yes: the ground rules must be accepted/],
    [
      'join',
      'I agree to the ground rules',
      undefined,
      /There was no answer: the ground rules must be accepted/,
    ],
    ['rsvp', 'Email', '', /^Missing: type your email/],
    ['rsvp', 'Event', undefined, /^Missing: choose the event/],
    ['rsvp', 'Event', 'Winter meetup — Dec 3', /has no Event ID: choose an event from the list/],
    ['rsvp', 'Attending?', undefined, /^Missing: answer Yes or No/],
    ['rsvp', 'Attending?', 'perhaps', /is not Yes or No/],
    ['rsvp', 'Guests', 'two', /"two" is not a whole number/],
    ['rsvp', 'Guests', '-1', /is not a whole number/],
    ['rsvp', 'Guests', '2.5', /is not a whole number/],
    ['rsvp', 'Guests', 1e21, /is not a whole number/],
    ['rsvp', 'Guests', '101', /101 guests is too many/],
    ['report', 'Who or what is this about?', '', /^Missing: say who or what/],
    ['report', 'What happened?', undefined, /^Missing: describe what happened/],
    [
      'report',
      'What happened?',
      long(5001),
      /^This answer is too long \(5001 characters\): keep it to 5000 at most/,
    ],
  ] as const)('%s %j = %j: %s', (form, title, value, message) => {
    const result = invalid(parseFormBody(body(form, withAnswer(form, title, value))));
    expect(Object.keys(result.errors)).toEqual([title]);
    expect(result.errors[title]).toMatch(message);
    expect(result.work.invalid).toEqual(result.errors);
    expect(result.work.identity).toMatch(new RegExp(`^form:${form}:`));
  });

  it('keeps the valid answers beside the errors, so the person can be told', () => {
    const result = invalid(parseFormBody(body('rsvp', withAnswer('rsvp', 'Event', 'no idea'))));
    expect(result.work.answers).toEqual({ email: 'ada@example.org', attending: true, guests: 2 });
  });

  it('reports every invalid field at once', () => {
    const result = invalid(parseFormBody(body('join', {})));
    expect(Object.keys(result.errors).sort()).toEqual(['Email', 'I agree to the ground rules', 'Name']);
  });
});

describe("a report's optional answers", () => {
  it.each([
    ['Your email', 'nope', 'reporterEmail', 'is not an email address, so the report is kept as anonymous'],
    ['Where did it happen?', 'x'.repeat(1001), 'where', 'is too long (1001 characters), so it is left out'],
    ['Which ground rule?', 'x'.repeat(501), 'rule', 'is too long (501 characters), so it is left out'],
    [
      'How urgent is it?',
      'asap',
      'urgency',
      'is not one of Low, Medium, High, Critical, so it is taken as Medium',
    ],
  ])('%j = %j is set aside: the report is kept, the answer quoted nowhere', (title, value, key, why) => {
    const work = ok(parseFormBody(body('report', withAnswer('report', title, value))));
    expect(work.setAside).toEqual({ [title]: why });
    expect(work.answers).not.toHaveProperty(key);
    expect(work.answers).toMatchObject({ about: expect.any(String), details: expect.any(String) });
    expect(JSON.stringify(work.setAside)).not.toContain(value.slice(0, 20));
  });

  it('are among the problems, unquoted, of a report that is unusable anyway', () => {
    const answers = { 'Your email': 'nope@nowhere', 'How urgent is it?': 'asap' };
    const result = invalid(parseFormBody(body('report', answers)));
    expect(result.errors).toEqual({
      'Who or what is this about?': 'Missing: say who or what this is about.',
      'What happened?': 'Missing: describe what happened.',
      'Your email': 'This answer is not an email address: type it like name@example.org.',
      'How urgent is it?': 'This answer is not one of Low, Medium, High, Critical: choose one of them.',
    });
    expect(result.work).not.toHaveProperty('setAside');
  });

  it('a join or RSVP answer is quoted back, so the person sees what to fix', () => {
    const result = invalid(parseFormBody(body('join', withAnswer('join', 'Email', 'nope'))));
    expect(result.errors.Email).toBe('"nope" is not an email address: type it like name@example.org.');
  });
});

describe("the join form's Invited by", () => {
  it.each([
    ['a name', 'Grace Hopper', 'is not a Member ID'],
    ['an ID of another tab', 'EV-3', 'is not a Member ID'],
    ['a prefix only', 'M-', 'is not a Member ID'],
    ['something long', `M-1 ${'x'.repeat(60)}`, 'is too long (64 characters)'],
  ])('%s is set aside: the join is kept, the answer quoted nowhere', (_case, value, problem) => {
    const work = ok(parseFormBody(body('join', { ...VALID.join, 'Invited by': value })));
    expect(work.setAside).toEqual({ 'Invited by': `${problem}, so the join is kept without it` });
    expect(work.answers).toEqual(TYPED.join);
    expect(JSON.stringify(work.setAside)).not.toContain(value.slice(0, 6));
    expect(parseWork(work)).toEqual({ ok: true, work });
  });

  it('left blank is no answer, and nothing set aside', () => {
    const work = ok(parseFormBody(body('join', { ...VALID.join, 'Invited by': ' ' })));
    expect(work.answers).toEqual(TYPED.join);
    expect(work).not.toHaveProperty('setAside');
  });

  it('is among the problems of a join that is unusable anyway, quoted so the person sees what to fix', () => {
    const result = invalid(parseFormBody(body('join', { Name: 'Ada', 'Invited by': 'Grace' })));
    expect(result.errors['Invited by']).toBe(
      '"Grace" is not a Member ID: it is filled in by a member’s invite link, like M-12.',
    );
    expect(result.work).not.toHaveProperty('setAside');
  });
});

describe('malformed bodies (400)', () => {
  const valid = body('join', VALID.join);
  it.each([
    ['null', null, /^The body must be a JSON object like \{"form": "join"/],
    ['a string', 'form=join', /must be a JSON object.*got "form=join"/],
    ['a list', [valid], /must be a JSON object.*got a list/],
    ['no form', { ...valid, form: undefined }, /^"form" is missing: set it to one of join, rsvp, report/],
    [
      'an unknown form',
      { ...valid, form: 'signup' },
      /^"form" must be one of join, rsvp, report, project; got "signup"/,
    ],
    ['an inherited name as form', { ...valid, form: 'constructor' }, /^"form" must be one of/],
    ['form as a number', { ...valid, form: 1 }, /^"form" must be one of join, rsvp, report, project; got 1/],
    [
      'no submittedAt',
      { ...valid, submittedAt: undefined },
      /^"submittedAt" is missing: set it to .* ISO instant/,
    ],
    [
      'submittedAt not a date',
      { ...valid, submittedAt: 'yesterday' },
      /^"submittedAt" must be an ISO instant.*"yesterday"/,
    ],
    ['submittedAt without zone', { ...valid, submittedAt: '2026-11-26T09:21:07' }, /with a time zone/],
    ['submittedAt invalid date', { ...valid, submittedAt: '2026-02-30T09:21:07Z' }, /must be an ISO instant/],
    [
      'submittedAt as a number',
      { ...valid, submittedAt: 1764148867 },
      /must be an ISO instant.*got 1764148867/,
    ],
    [
      'no answers',
      { form: 'join', submittedAt: SUBMITTED },
      /^The answers are missing: send "answers" .* or "namedValues"/,
    ],
    ['both shapes', { ...valid, namedValues: {} }, /^Send either "answers" or "namedValues", not both/],
    [
      'answers as a list',
      { ...valid, answers: [['Name', 'Ada']] },
      /^"answers" must be an object .* got a list/,
    ],
    ['answers as text', { ...valid, answers: 'Name=Ada' }, /^"answers" must be an object/],
    [
      'a nested object',
      { ...valid, answers: { Name: { first: 'Ada' } } },
      /^answers\["Name"\] must be text.*got an object/,
    ],
    [
      'a list with an object',
      { ...valid, answers: { Interests: ['A', { b: 1 }] } },
      /got a list containing an object/,
    ],
    ['a nested list', { ...valid, answers: { Interests: [['A']] } }, /got a list containing a list/],
    [
      'namedValues text',
      { form: 'join', submittedAt: SUBMITTED, namedValues: { Name: 'Ada' } },
      /^namedValues\["Name"\] must be a list of text, like \["Ada Lovelace"\]; got "Ada"/,
    ],
    [
      'namedValues numbers',
      { form: 'join', submittedAt: SUBMITTED, namedValues: { Guests: [2] } },
      /got a list containing 2/,
    ],
    [
      'namedValues a list',
      { form: 'join', submittedAt: SUBMITTED, namedValues: [] },
      /^"namedValues" must be an object/,
    ],
    ['responseId with spaces', { ...valid, responseId: 'a b' }, /^"responseId" must be the response's ID/],
    ['responseId huge', { ...valid, responseId: 'x'.repeat(201) }, /at most 200 characters/],
    ['responseId a number', { ...valid, responseId: 7 }, /^"responseId" must be.*got 7/],
    ['respondentEmail an object', { ...valid, respondentEmail: {} }, /^"respondentEmail" must be text/],
    [
      'too many answers',
      { ...valid, answers: Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`Q${i}`, 'x'])) },
      /has 201 entries; send at most 200/,
    ],
  ])('%s', (_, input, reason) => {
    expect(malformed(parseFormBody(input))).toMatch(reason);
  });
});

describe('the Event ID', () => {
  it.each([
    ['EV-12', 'EV-12'],
    [' ev-7 ', 'EV-7'],
    ['Winter meetup — Dec 3 (EV-12)', 'EV-12'],
    ['Talk (with pizza) — Jan 5 (EV-3)', 'EV-3'],
    ['Meetup ( ev-40 )', 'EV-40'],
    ['Winter meetup', undefined],
    ['EV-12 Winter meetup', undefined],
    ['Winter meetup (EV-)', undefined],
    ['EV12', undefined],
  ])('%j -> %s', (text, id) => {
    expect(eventIdIn(text)).toBe(id);
  });
});

describe('the respondent email', () => {
  it.each(['join', 'rsvp'] as const)(
    '%s: the verified one wins; a different typed one is kept, not obeyed',
    (form) => {
      const work = ok(
        parseFormBody(
          body(form, withAnswer(form, 'Email', ' Ada@Home.org '), { respondentEmail: 'Ada@Work.org' }),
        ),
      );
      expect(work.respondentEmail).toBe('ada@work.org');
      expect(work.answers.email).toBe('ada@work.org');
      expect(work.answers.typedEmail).toBe('ada@home.org');
    },
  );

  it.each([
    ['the same typed email', 'ADA@work.org'],
    ['no typed email', undefined],
    ['an invalid typed email', 'ada at home'],
  ])('join with %s: no mismatch is recorded', (_, typed) => {
    const work = ok(
      parseFormBody(body('join', withAnswer('join', 'Email', typed), { respondentEmail: 'ada@work.org' })),
    );
    expect(work.answers.email).toBe('ada@work.org');
    expect(work.answers).not.toHaveProperty('typedEmail');
  });

  it('a report keeps what was typed (or nothing: reports may be anonymous)', () => {
    const typed = ok(parseFormBody(body('report', VALID.report, { respondentEmail: 'r@x.org' })));
    expect(typed.answers.reporterEmail).toBe('ada@example.org');
    expect(typed.respondentEmail).toBe('r@x.org');
    const anonymous = ok(
      parseFormBody(
        body('report', withAnswer('report', 'Your email', undefined), { respondentEmail: 'r@x.org' }),
      ),
    );
    expect(anonymous.answers).not.toHaveProperty('reporterEmail');
  });

  it('an invalid respondent email is ignored', () => {
    const result = invalid(
      parseFormBody(
        body('join', withAnswer('join', 'Email', undefined), { respondentEmail: 'not an email' }),
      ),
    );
    expect(result.work).not.toHaveProperty('respondentEmail');
    expect(Object.keys(result.errors)).toEqual(['Email']);
  });
});

describe('hostile input is refused without throwing', () => {
  const huge = 'A'.repeat(1_000_000);
  const hostile: [string, unknown, 400 | 422 | 'ok'][] = [
    ['a huge name', body('join', withAnswer('join', 'Name', huge)), 422],
    ['a huge email', body('join', withAnswer('join', 'Email', `a@${huge}.org`)), 422],
    ['a huge event label', body('rsvp', withAnswer('rsvp', 'Event', `(${huge}`)), 422],
    ['huge guests', body('rsvp', withAnswer('rsvp', 'Guests', huge)), 422],
    ['a huge respondent email', body('join', VALID.join, { respondentEmail: huge }), 'ok'],
    ['a huge unknown answer', body('join', { ...VALID.join, Comments: huge }), 'ok'],
    ['a huge title', body('join', { ...VALID.join, [huge]: 'x' }), 'ok'],
    ['a huge submittedAt', { ...body('join', VALID.join), submittedAt: huge }, 400],
    ['a huge form', { ...body('join', VALID.join), form: huge }, 400],
    ['100 000 choices', body('join', withAnswer('join', 'Interests', Array(100_000).fill('x'))), 422],
    ['a huge joined checkbox', body('join', withAnswer('join', 'Interests', 'x, '.repeat(300_000))), 422],
    ['nested objects', body('join', { Name: { toString: 'Ada' } }), 400],
    ['deep nesting', body('join', { Name: [[[[['Ada']]]]] }), 400],
    [
      'an array where text is expected',
      body('report', withAnswer('report', 'What happened?', ['a', 'b', 'c'])),
      422,
    ],
    ['a top-level array', [], 400],
    ['a number', 42, 400],
    ['undefined', undefined, 400],
  ];
  it.each(hostile)('%s', (_, input, expected) => {
    let result: ParsedForm | undefined;
    expect(() => {
      result = parseFormBody(input);
    }).not.toThrow();
    if (expected === 'ok') expect(result?.ok).toBe(true);
    else expect(result).toMatchObject({ ok: false, status: expected });
    // Messages quote a cut version of what was sent, never all of it.
    expect(
      JSON.stringify(result?.ok === false ? ('reason' in result ? result.reason : result.work.invalid) : {})
        .length,
    ).toBeLessThan(500);
  });

  it('__proto__ keys are plain data: ignored as titles, never read as the envelope, no pollution', () => {
    const answers = `{"__proto__": "x", ${Object.entries(VALID.rsvp)
      .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
      .join(', ')}}`;
    const viaAnswers = JSON.parse(`{"form": "rsvp", "submittedAt": "${SUBMITTED}", "answers": ${answers}}`);
    expect(ok(parseFormBody(viaAnswers)).answers).toEqual(TYPED.rsvp);

    const objectProto = JSON.parse(
      `{"form": "rsvp", "submittedAt": "${SUBMITTED}", "answers": {"__proto__": {"a": 1}}}`,
    );
    expect(malformed(parseFormBody(objectProto))).toMatch(/^answers\["__proto__"\] must be text/);

    const envelopeInProto = JSON.parse(`{"__proto__": ${JSON.stringify(body('rsvp', VALID.rsvp))}}`);
    expect(malformed(parseFormBody(envelopeInProto))).toMatch(/^"form" is missing/);

    const named = JSON.parse(
      `{"form": "join", "submittedAt": "${SUBMITTED}", "namedValues": {"__proto__": ["x"]}}`,
    );
    expect(invalid(parseFormBody(named)).errors).toHaveProperty('Name');
    expect(({} as Record<string, unknown>).a).toBeUndefined();
  });
});

describe('identity', () => {
  const shapes = (form: FormName, questions: Questions) => {
    const sheet = sheetBoundWith(questions);
    const [header, row] = sheetRow(sheet, questions);
    return {
      answers: ok(parseFormBody(relayFormBound(form, formBoundWith(questions)))).identity,
      namedValues: ok(parseFormBody(relaySheetBound(form, sheet))).identity,
      sheetText: identityFromSheetRow(form, header, row, ZONE),
      sheetSerial: identityFromSheetRow(
        form,
        header,
        [dateTimeToSerial(DateTime.fromISO(SUBMITTED), ZONE), ...row.slice(1)] as never,
        ZONE,
      ),
    };
  };

  it.each(FORM_NAMES)(
    '%s: push via answers, via namedValues and the sweep of the responses tab agree',
    (form) => {
      const ids = shapes(form, VALID[form]);
      expect(new Set(Object.values(ids))).toEqual(new Set([ids.answers]));
      expect(ids.answers).toBe(
        submissionIdentity({
          form,
          submittedAt: SUBMITTED,
          answers: sheetBoundWith(VALID[form]).namedValues,
        }),
      );
    },
  );

  it.each(FORM_NAMES)('%s: a different answer is a different submission', (form) => {
    const title = {
      join: 'How did you hear about us?',
      rsvp: 'Event',
      report: 'What happened?',
      project: 'What and why',
    }[form];
    const changed = { ...VALID[form], [title]: `${VALID[form][title]} (edited)` };
    expect(shapes(form, changed).answers).not.toBe(shapes(form, VALID[form]).answers);
  });

  it('ignores choice order, surrounding spaces, question spelling, unknown questions and milliseconds', () => {
    const base = submissionIdentity({ form: 'join', submittedAt: SUBMITTED, answers: VALID.join });
    const variants = [
      { ...VALID.join, Interests: ['Events', 'TypeScript'] },
      { ...VALID.join, Interests: ' TypeScript, Events ', Name: 'Ada Lovelace' },
      { ...withAnswer('join', 'Full name', ' Ada Lovelace '), Comments: 'hello', Timestamp: 'x' },
    ];
    for (const answers of variants) {
      expect(submissionIdentity({ form: 'join', submittedAt: '2024-05-14T09:21:07.999Z', answers })).toBe(
        base,
      );
    }
    expect(
      submissionIdentity({ form: 'join', submittedAt: '2024-05-14T09:21:08Z', answers: VALID.join }),
    ).not.toBe(base);
    expect(submissionIdentity({ form: 'rsvp', submittedAt: SUBMITTED, answers: VALID.join })).not.toBe(base);
  });

  it('a verified email stands in for the verified email column', () => {
    const questions = withAnswer('rsvp', 'Email', undefined) as Questions;
    const pushed = ok(parseFormBody(body('rsvp', questions, { respondentEmail: RESPONDENT })));
    const header = ['Timestamp', VERIFIED_EMAIL_HEADER, ...Object.keys(questions)];
    const row = ['5/14/2024 18:21:07', RESPONDENT, ...Object.values(questions).map(String)];
    expect(identityFromSheetRow('rsvp', header, row, ZONE)).toBe(pushed.identity);
  });

  it.each([
    ['verified', VERIFIED_EMAIL_HEADER, RESPONDENT],
    ['typed (Google’s own title)', 'Email Address', undefined],
  ])(
    'the sweep trusts the email column only when it is titled %s, as the relay does',
    (_, title, trusted) => {
      const questions = VALID.rsvp;
      const header = ['Timestamp', title, ...Object.keys(questions)];
      const row = ['5/14/2024 18:21:07', RESPONDENT, ...Object.values(questions).map(String)];
      const [swept] = responseWorks('rsvp', [header, row], ZONE, DateTime.fromISO('2024-05-01T00:00:00Z'));
      expect(swept?.respondentEmail).toBe(trusted);
      // The relay sends the same row with respondentEmail exactly when it is trusted.
      const namedValues = Object.fromEntries(header.slice(1).map((h, i) => [h, [row[i + 1] as string]]));
      const pushed = ok(
        parseFormBody({
          form: 'rsvp',
          submittedAt: swept?.submittedAt,
          namedValues,
          ...(trusted ? { respondentEmail: trusted } : {}),
        }),
      );
      expect(swept).toEqual(pushed);
      expect(pushed.answers.email).toBe(trusted ?? 'ada@example.org');
    },
  );

  it('a row whose Timestamp cannot be read has no identity', () => {
    expect(identityFromSheetRow('join', ['Timestamp', 'Name'], ['', 'Ada'], ZONE)).toBeUndefined();
    expect(identityFromSheetRow('join', ['Timestamp', 'Name'], ['soon', 'Ada'], ZONE)).toBeUndefined();
  });

  it('submissionIdentity uses the responseId when present', () => {
    expect(
      submissionIdentity({ form: 'join', submittedAt: SUBMITTED, responseId: RESPONSE_ID, answers: {} }),
    ).toBe(`form:${RESPONSE_ID}`);
  });

  it.each(FORM_NAMES)('%s: the work is what the writer checks it against (usable or not)', (form) => {
    const usable: Work = ok(parseFormBody(body(form, VALID[form])));
    expect(usable.kind).toBe(FORM_INPUT_KIND[form]);
    expect(parseWork(usable)).toEqual({ ok: true, work: usable });
    const unusable: Work = invalid(parseFormBody(body(form, {}))).work;
    expect(unusable).toMatchObject({ kind: 'unusable_form', form });
    expect(parseWork(unusable)).toEqual({ ok: true, work: unusable });
  });
});
