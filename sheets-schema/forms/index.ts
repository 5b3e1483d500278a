import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { type Cell, cellText, normalizeHeader, serialToDateTime } from '../cells.js';
import { parseDateText } from '../columns.js';
import { MAX_EMAIL } from '../emails.js';
import type { Grid } from '../grid.js';
import { type FormDefinition, issueWithoutAnswer, quote, type RawAnswer, readEmail } from './fields.js';
import { JoinAnswers, joinForm } from './join.js';
import { ProjectAnswers, projectForm } from './project.js';
import { ReportAnswers, reportForm } from './report.js';
import { RsvpAnswers, rsvpForm } from './rsvp.js';

export type { Field, FormDefinition, RawAnswer } from './fields.js';
export { JOIN_FIELDS, JoinAnswers, joinAnswers } from './join.js';
export { PROJECT_FIELDS, ProjectAnswers, projectAnswers } from './project.js';
export { REPORT_FIELDS, ReportAnswers, reportAnswers } from './report.js';
export { eventIdIn, RSVP_FIELDS, RsvpAnswers, rsvpAnswers } from './rsvp.js';

export const FORMS = { join: joinForm, rsvp: rsvpForm, report: reportForm, project: projectForm } as const;
export type FormName = keyof typeof FORMS;
export const FORM_NAMES = Object.keys(FORMS) as FormName[];

/** What a submission's envelope carries to the writer, whatever the form. */
const envelope = {
  /** `form:<responseId>` or `form:<form>:<submittedAt to the second>:<hash of answers>`. */
  identity: z.string().min(1).max(500),
  /** ISO instant: the response's own timestamp. */
  submittedAt: z.string().min(1).max(40),
  /** The form's verified respondent email, when it collects them; wins over a typed Email. */
  respondentEmail: z.string().max(MAX_EMAIL).optional(),
};

/** Invalid answers by question title: what was wrong (a report's never quotes the answer). */
const problems = z.record(z.string().max(300), z.string().max(1000));

/**
 * The inputs a form submission becomes, one per form, each with its answers typed (see workflows/inputs.ts,
 * which holds them in the one union of inputs). The forms door and the sweep build them; the writer's door
 * checks them again with these schemas.
 */
export const FORM_INPUT_SCHEMAS = {
  join_form: z.object({
    kind: z.literal('join_form'),
    ...envelope,
    answers: JoinAnswers,
    /** Optional answers set aside, the join being kept (an Invited by that is not a Member ID). */
    setAside: problems.optional(),
  }),
  rsvp_form: z.object({ kind: z.literal('rsvp_form'), ...envelope, answers: RsvpAnswers }),
  report_form: z.object({
    kind: z.literal('report_form'),
    ...envelope,
    answers: ReportAnswers,
    /**
     * Optional answers that were set aside, the rest being used: question title -> what was wrong and what
     * follows, never the answer (`is not an email address, so the report is kept as anonymous`).
     */
    setAside: problems.optional(),
  }),
  /** A project proposed with the "Propose a project" form. */
  project_form: z.object({
    kind: z.literal('project_form'),
    ...envelope,
    answers: ProjectAnswers,
    /** A champion's email that is not one: set aside, the proposer champions it. */
    setAside: problems.optional(),
  }),
  /** A submission whose answers cannot be used: put on record (which questions, never a reporter's words). */
  unusable_form: z.discriminatedUnion('form', [
    unusable('join', JoinAnswers),
    unusable('rsvp', RsvpAnswers),
    unusable('report', ReportAnswers),
    unusable('project', ProjectAnswers),
  ]),
} as const;

function unusable<F extends FormName, S extends z.ZodRawShape>(form: F, answers: z.ZodObject<S>) {
  return z.object({
    kind: z.literal('unusable_form'),
    form: z.literal(form),
    ...envelope,
    /** The answers that were valid. */
    answers: answers.partial(),
    invalid: problems,
  });
}

type FormInputs = { [K in keyof typeof FORM_INPUT_SCHEMAS]: z.infer<(typeof FORM_INPUT_SCHEMAS)[K]> };
/** A form submission as the writer decides it. */
export type FormInput = FormInputs[keyof FormInputs];
export type UsableFormInput = Exclude<FormInput, { kind: 'unusable_form' }>;
export type UnusableFormInput = FormInputs['unusable_form'];

/** The input kind of each form's usable submissions. */
export const FORM_INPUT_KIND = {
  join: 'join_form',
  rsvp: 'rsvp_form',
  report: 'report_form',
  project: 'project_form',
} as const satisfies Record<FormName, UsableFormInput['kind']>;

/** Which form a submission came from. */
export function formOf(input: FormInput): FormName {
  return input.kind === 'unusable_form' ? input.form : (input.kind.slice(0, -'_form'.length) as FormName);
}

export type ParsedForm =
  | { ok: true; work: UsableFormInput }
  | { ok: false; status: 400; reason: string }
  | { ok: false; status: 422; errors: Record<string, string>; work: UnusableFormInput };

/** A value a body may carry for one question: `answers` values, or `namedValues` lists. */
export type AnswerValue = string | readonly string[] | number | boolean | null | undefined;

const MAX_QUESTIONS = 200;
const MAX_RESPONSE_ID = 200;
const EXAMPLE =
  '{"form": "join", "submittedAt": "2026-11-26T09:21:07Z", "answers": {"Name": "Ada Lovelace"}}';

/** Normalised title or alias -> field key and rank; rank 0 is the canonical title. */
type TitleIndex = Map<string, { key: string; rank: number }>;

function indexTitles(def: FormDefinition): TitleIndex {
  const index: TitleIndex = new Map();
  for (const [key, f] of Object.entries(def.fields)) {
    for (const [rank, title] of [f.title, ...f.aliases].entries()) {
      // An alias spelled like the title ("Attending" for "Attending?") must not take the title's rank.
      const normalized = normalizeHeader(title);
      if (!index.has(normalized)) index.set(normalized, { key, rank });
    }
  }
  return index;
}

const TITLES: Record<FormName, TitleIndex> = {
  join: indexTitles(joinForm),
  rsvp: indexTitles(rsvpForm),
  report: indexTitles(reportForm),
  project: indexTitles(projectForm),
};

function isBlank(value: RawAnswer): boolean {
  return Array.isArray(value) ? value.every((v) => v.trim() === '') : (value ?? '').trim() === '';
}

/** Answers by field key. Titles that are not this form's questions (the Timestamp, say) are ignored. */
function resolveAnswers(
  form: FormName,
  entries: Iterable<readonly [string, RawAnswer]>,
): Map<string, RawAnswer> {
  const best = new Map<string, { score: number; value: RawAnswer }>();
  for (const [title, value] of entries) {
    const hit = TITLES[form].get(normalizeHeader(title));
    if (!hit) continue;
    // Two spellings of one question (a typed "Email" and Google's "Email Address"): an answered one beats a
    // blank one, then the canonical title beats an alias. Deterministic whatever the key order.
    const score = (isBlank(value) ? 1000 : 0) + hit.rank;
    const seen = best.get(hit.key);
    if (!seen || score < seen.score) best.set(hit.key, { score, value });
  }
  return new Map([...best].map(([key, { value }]) => [key, value]));
}

/** A body value as a raw answer: numbers and booleans as text, null as unanswered. */
function toRaw(value: AnswerValue): RawAnswer {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : [...value];
}

/** An answer as the responses tab shows it (lists joined with ", "), trimmed; checkbox choices sorted. */
function canonical(value: RawAnswer, list: boolean): string | string[] | undefined {
  const text = (Array.isArray(value) ? value.join(', ') : (value ?? '')).trim();
  if (!list) return text === '' ? undefined : text;
  const items = text
    .split(', ')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .sort();
  return items.length === 0 ? undefined : items;
}

function toSecond(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** `form:<form>:<second>:<hash>`: what push (either shape) and the sweep of the responses tab agree on. */
function contentIdentity(
  form: FormName,
  submittedMs: number,
  raw: Map<string, RawAnswer>,
  respondentEmail?: string,
): string {
  const def: FormDefinition = FORMS[form];
  const entries = Object.entries(def.fields)
    .flatMap(([key, f]) => {
      let value = raw.get(key);
      // Where a form has no email question, Google's "Email Address" column (an alias) holds the verified
      // email: let the respondent email stand in for a blank one so a push without that column agrees.
      if (key === def.emailKey && isBlank(value) && respondentEmail) value = respondentEmail;
      const c = canonical(value, f.list);
      return c === undefined ? [] : [[normalizeHeader(f.title), c] as const];
    })
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const hash = createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 16);
  return `form:${form}:${toSecond(submittedMs)}:${hash}`;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Milliseconds of an ISO instant; undefined unless it has a time zone (a wall-clock time is ambiguous). */
function instantMs(text: string): number | undefined {
  if (text.length > 40 || !ISO_INSTANT.test(text)) return undefined;
  const parsed = DateTime.fromISO(text);
  return parsed.isValid ? parsed.toMillis() : undefined;
}

/**
 * A submission's identity: `form:<responseId>` when there is one, else `form:<form>:<second>:<hash of the
 * answers>`. `answers` are by question title, in either body shape.
 */
export function submissionIdentity(submission: {
  form: FormName;
  submittedAt: string;
  responseId?: string;
  respondentEmail?: string;
  answers: Readonly<Record<string, AnswerValue>>;
}): string {
  if (submission.responseId) return `form:${submission.responseId}`;
  const ms = instantMs(submission.submittedAt);
  if (ms === undefined) throw new Error(`submittedAt ${quote(submission.submittedAt)} is not an ISO instant`);
  const entries = Object.entries(submission.answers).map(([title, v]) => [title, toRaw(v)] as const);
  return contentIdentity(
    submission.form,
    ms,
    resolveAnswers(submission.form, entries),
    submission.respondentEmail,
  );
}

/**
 * The identity of a row of the form's linked "Form responses 1" tab, equal to the push's when the push had
 * no responseId. The Timestamp (first column) is a serial number or text in the spreadsheet's time zone.
 * Undefined when the Timestamp cannot be read (a row that is not a response).
 */
export function identityFromSheetRow(
  form: FormName,
  headerRow: readonly Cell[],
  row: readonly Cell[],
  timeZone: string,
): string | undefined {
  const found = rowBody(form, headerRow, row, timeZone);
  if (!found) return undefined;
  const parsed = parseFormBody(found.body);
  return parsed.ok || parsed.status === 422 ? parsed.work.identity : undefined;
}

/**
 * The title of a form's email column while the form collects *verified* emails (Google fills in the signed-in
 * account). scripts/apps-script/setup.gs gives the column this title when, and only while, the form says so;
 * under Google's own title ("Email Address") the address may have been typed by anyone, and it is read as a
 * typed answer. The relay and the sweep both go by this title, so they trust the same rows.
 */
export const VERIFIED_EMAIL_HEADER = 'Email Address (verified)';
const VERIFIED_EMAIL = normalizeHeader(VERIFIED_EMAIL_HEADER);

/** A responses row as the relay pushes it: namedValues by column title, the verified email column apart. */
function rowBody(form: FormName, headerRow: readonly Cell[], row: readonly Cell[], timeZone: string) {
  const when = rowTimestamp(headerRow, row, timeZone);
  if (!when) return undefined;
  const namedValues: Record<string, string[]> = {};
  let respondentEmail = '';
  headerRow.forEach((header, i) => {
    const title = cellText(header);
    if (!title || normalizeHeader(title) === 'timestamp') return;
    namedValues[title] = [cellText(row[i])];
    if (normalizeHeader(title) === VERIFIED_EMAIL) respondentEmail = cellText(row[i]).trim();
  });
  const body = {
    form,
    submittedAt: when.toUTC().toISO() as string,
    namedValues,
    ...(respondentEmail ? { respondentEmail } : {}),
  };
  return { when, body };
}

/** A responses row's Timestamp (the first column unless one is named so): a serial number or text in `zone`. */
function rowTimestamp(
  headerRow: readonly Cell[],
  row: readonly Cell[],
  timeZone: string,
): DateTime | undefined {
  const at = headerRow.findIndex((header) => normalizeHeader(header) === 'timestamp');
  const stamp = row[Math.max(at, 0)];
  const when =
    typeof stamp === 'number' ? serialToDateTime(stamp, timeZone) : parseDateText(cellText(stamp), timeZone);
  return when?.isValid ? when : undefined;
}

/** The tabs the group's forms write their responses to, as `scripts/apps-script/setup.gs` names them. */
export const RESPONSE_TABS: Readonly<Record<FormName, string>> = {
  join: 'Form responses (join)',
  rsvp: 'Form responses (rsvp)',
  report: 'Form responses (report)',
  project: 'Form responses (project)',
};

/**
 * The sweep: each response row of a form's linked tab since `since`, as the work the relay would have pushed
 * for it, with the same identity (form, Timestamp to the second, a hash of the answers) and the same trust
 * (the email column titled VERIFIED_EMAIL_HEADER as the respondent email; Google's "Email Address" as typed). The writer decides them like pushed work: what was handled already
 * is recognised and has no second effect, so a submission the relay missed is still handled, once.
 */
export function responseWorks(form: FormName, grid: Grid, timeZone: string, since: DateTime): FormInput[] {
  const [headerRow = [], ...rows] = grid;
  const works: FormInput[] = [];
  for (const row of rows) {
    const found = rowBody(form, headerRow, row, timeZone);
    if (!found || found.when < since) continue;
    const parsed = parseFormBody(found.body);
    if (parsed.ok || parsed.status === 422) works.push(parsed.work);
  }
  return works;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value named in a 400 reason, briefly. */
function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) {
    const odd = value.find((item) => typeof item !== 'string');
    return odd === undefined ? 'a list' : `a list containing ${describe(odd)}`;
  }
  if (typeof value === 'object') return 'an object';
  return typeof value === 'string' ? quote(value) : String(value);
}

function isAnswerValue(value: unknown): value is AnswerValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

type Entries = (readonly [string, RawAnswer])[];

function readAnswers(answers: unknown): Entries | string {
  if (!isObject(answers)) {
    return `"answers" must be an object of question title -> answer, like {"Name": "Ada Lovelace"}; got ${describe(answers)}.`;
  }
  const pairs = Object.entries(answers);
  if (pairs.length > MAX_QUESTIONS)
    return `"answers" has ${pairs.length} entries; send at most ${MAX_QUESTIONS}.`;
  const entries: Entries = [];
  for (const [title, value] of pairs) {
    if (!isAnswerValue(value)) {
      return `answers[${quote(title)}] must be text, a number, true/false or a list of text; got ${describe(value)}.`;
    }
    entries.push([title, toRaw(value)]);
  }
  return entries;
}

function readNamedValues(namedValues: unknown): Entries | string {
  if (!isObject(namedValues)) {
    return `"namedValues" must be an object of question title -> list of text, as Apps Script's onFormSubmit gives it; got ${describe(namedValues)}.`;
  }
  const pairs = Object.entries(namedValues);
  if (pairs.length > MAX_QUESTIONS)
    return `"namedValues" has ${pairs.length} entries; send at most ${MAX_QUESTIONS}.`;
  const entries: Entries = [];
  for (const [title, value] of pairs) {
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
      return `namedValues[${quote(title)}] must be a list of text, like ["Ada Lovelace"]; got ${describe(value)}.`;
    }
    // One item in practice; more are joined as the responses tab would show them.
    entries.push([title, value.join(', ')]);
  }
  return entries;
}

interface Envelope {
  form: FormName;
  submittedMs: number;
  responseId?: string;
  respondentEmail?: string;
  entries: Entries;
}

/** The body's envelope, or the reason it is malformed (a 400: the relay must be fixed, not the person). */
function readEnvelope(body: unknown): Envelope | string {
  if (!isObject(body)) return `The body must be a JSON object like ${EXAMPLE}; got ${describe(body)}.`;
  const { form, submittedAt, responseId, respondentEmail, answers, namedValues } = body;
  if (form === undefined || form === null)
    return `"form" is missing: set it to one of ${FORM_NAMES.join(', ')}.`;
  if (typeof form !== 'string' || !FORM_NAMES.includes(form as FormName)) {
    return `"form" must be one of ${FORM_NAMES.join(', ')}; got ${describe(form)}.`;
  }
  if (submittedAt === undefined || submittedAt === null) {
    return `"submittedAt" is missing: set it to the response's own timestamp, an ISO instant like 2026-11-26T09:21:07.455Z.`;
  }
  const submittedMs = typeof submittedAt === 'string' ? instantMs(submittedAt) : undefined;
  if (submittedMs === undefined) {
    return `"submittedAt" must be an ISO instant with a time zone, like 2026-11-26T09:21:07.455Z; got ${describe(submittedAt)}.`;
  }
  const hasId = responseId !== undefined && responseId !== null && responseId !== '';
  if (
    hasId &&
    (typeof responseId !== 'string' || responseId.length > MAX_RESPONSE_ID || /\s/.test(responseId))
  ) {
    return `"responseId" must be the response's ID (text without spaces, at most ${MAX_RESPONSE_ID} characters), or left out; got ${describe(responseId)}.`;
  }
  const hasEmail = respondentEmail !== undefined && respondentEmail !== null;
  if (hasEmail && typeof respondentEmail !== 'string') {
    return `"respondentEmail" must be text (the form's verified email), or left out; got ${describe(respondentEmail)}.`;
  }
  const hasAnswers = answers !== undefined && answers !== null;
  const hasNamed = namedValues !== undefined && namedValues !== null;
  if (hasAnswers && hasNamed) return 'Send either "answers" or "namedValues", not both.';
  if (!hasAnswers && !hasNamed) {
    return `The answers are missing: send "answers" (question title -> answer, like ${EXAMPLE}) or "namedValues" (as Apps Script's onFormSubmit gives them).`;
  }
  const entries = hasAnswers ? readAnswers(answers) : readNamedValues(namedValues);
  if (typeof entries === 'string') return entries;
  return {
    form: form as FormName,
    submittedMs,
    ...(hasId ? { responseId: responseId as string } : {}),
    ...(hasEmail && respondentEmail.trim() !== '' ? { respondentEmail: respondentEmail.trim() } : {}),
    entries,
  };
}

/**
 * A relayed submission, either body shape, checked and typed. Malformed bodies are 400s; well-formed ones
 * with invalid answers are 422s that still carry their work (with `invalid` set) so they are recorded.
 */
export function parseFormBody(body: unknown): ParsedForm {
  const envelope = readEnvelope(body);
  if (typeof envelope === 'string') return { ok: false, status: 400, reason: envelope };
  const { form, submittedMs } = envelope;
  const def: FormDefinition = FORMS[form];
  const raw = resolveAnswers(form, envelope.entries);
  const identity = envelope.responseId
    ? `form:${envelope.responseId}`
    : contentIdentity(form, submittedMs, raw, envelope.respondentEmail);

  // Only a valid verified email is used; anything else from the relay is ignored, not trusted.
  const respondentEmail =
    envelope.respondentEmail === undefined ? undefined : readEmail(envelope.respondentEmail);
  const verifiedWins = respondentEmail !== undefined && def.verifiedEmailWins;
  const typedEmail = raw.get(def.emailKey);
  if (verifiedWins) raw.set(def.emailKey, respondentEmail);

  const answers: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  const setAside: Record<string, string> = {};
  const setAsideErrors: Record<string, string> = {};
  for (const [key, f] of Object.entries(def.fields)) {
    const parsed = f.schema.safeParse(raw.get(key));
    if (parsed.success) {
      if (parsed.data !== undefined) answers[key] = parsed.data;
      continue;
    }
    const issue = parsed.error.issues[0];
    const plain = issueWithoutAnswer(issue);
    // A reporter's answers are never echoed: not in Audit, a log line, or the answer to the relay.
    const message = def.confidential ? plain.message : (issue?.message ?? plain.message);
    if (f.setAsideIfInvalid === undefined) errors[f.title] = message;
    else {
      setAside[f.title] = `${plain.problem}, so ${f.setAsideIfInvalid}`;
      setAsideErrors[f.title] = message;
    }
  }
  if (verifiedWins) {
    // The verified email is the one acted on; a different typed one is kept for organizers, not obeyed.
    const typed = def.fields[def.emailKey]?.schema.safeParse(typedEmail);
    if (typed?.success && typeof typed.data === 'string' && typed.data !== respondentEmail) {
      answers.typedEmail = typed.data;
    }
  }

  const common = {
    identity,
    submittedAt: new Date(submittedMs).toISOString(),
    ...(respondentEmail ? { respondentEmail } : {}),
  };
  if (Object.keys(errors).length === 0) {
    const work = checked({
      kind: FORM_INPUT_KIND[form],
      ...common,
      answers,
      ...(Object.keys(setAside).length > 0 ? { setAside } : {}),
    }) as UsableFormInput;
    return { ok: true, work };
  }
  // Unusable anyway: the answers that would have been set aside are among its problems.
  const all = { ...errors, ...setAsideErrors };
  const work = checked({
    kind: 'unusable_form',
    form,
    ...common,
    answers,
    invalid: all,
  }) as UnusableFormInput;
  return { ok: false, status: 422, errors: all, work };
}

/** The input as its schema reads it; one that does not fit is a fault of the reading above, not the person's. */
function checked(input: { kind: FormInput['kind'] } & Record<string, unknown>): FormInput {
  const parsed = (FORM_INPUT_SCHEMAS[input.kind] as z.ZodType<FormInput>).safeParse(input);
  if (parsed.success) return parsed.data;
  throw new Error(`a ${input.kind} input does not fit its schema: ${parsed.error.issues[0]?.message ?? ''}`);
}
