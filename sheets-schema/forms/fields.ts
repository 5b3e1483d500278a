import { z } from 'zod';
import { parseYesNo } from '../columns.js';
import { MAX_EMAIL, readEmail } from '../emails.js';

export { MAX_EMAIL, readEmail };

/**
 * Building blocks shared by the three form definitions: a field is a question (canonical title plus the
 * spellings organizers use) and a zod schema from the raw answer to its typed value.
 */

/** One question's answer once the body's shape is undone: text, or a list of choices. */
const rawAnswer = z.union([z.string(), z.array(z.string())]).optional();
export type RawAnswer = z.input<typeof rawAnswer>;

export interface Field<T = unknown> {
  /** The title the form's question has by default; errors are keyed by it. */
  readonly title: string;
  /** Other spellings, matched like the title (ignoring case, spacing and punctuation). */
  readonly aliases: readonly string[];
  /** A checkbox question: Apps Script and the responses tab join its choices with ", ". */
  readonly list: boolean;
  readonly schema: z.ZodType<T, RawAnswer>;
  /**
   * An optional question whose bad answer is set aside (the rest of the submission is used), with what follows
   * from that, e.g. `the report is kept as anonymous`. Without it, a bad answer makes the submission unusable.
   */
  readonly setAsideIfInvalid?: string;
}

export type Fields = Record<string, Field>;

export interface FormDefinition {
  readonly fields: Fields;
  /** Every field's schema together: raw answers by field key -> typed answers. */
  readonly answers: z.ZodType;
  /** The field that holds the person's email; a verified respondent email stands in for it when blank. */
  readonly emailKey: string;
  /** join and rsvp act on the email, so the verified one wins; a report keeps what was typed. */
  readonly verifiedEmailWins: boolean;
  /** A reporter's answers: problems with them are told without quoting them (Audit, logs, the relay's answer). */
  readonly confidential: boolean;
}

export function field<T>(
  title: string,
  aliases: readonly string[],
  schema: z.ZodType<T, RawAnswer>,
  opts: { list?: boolean; setAsideIfInvalid?: string } = {},
): Field<T> {
  return {
    title,
    aliases,
    list: opts.list ?? false,
    schema,
    ...(opts.setAsideIfInvalid ? { setAsideIfInvalid: opts.setAsideIfInvalid } : {}),
  };
}

/** The object schema of a form's answers, keyed like its fields. */
export function answersOf<F extends Fields>(fields: F) {
  const shape = Object.fromEntries(Object.entries(fields).map(([key, f]) => [key, f.schema])) as {
    [K in keyof F]: F[K]['schema'];
  };
  return z.object(shape);
}

/**
 * Thrown by a reader to refuse an answer; `answer` turns it into a zod issue (the field's error). `problem` is
 * what is wrong without the answer itself, for the places that must not quote it.
 */
class Refusal extends Error {
  constructor(
    message: string,
    readonly problem: string,
    readonly withoutAnswer: string,
  ) {
    super(message);
  }
}

/** A refusal that quotes nothing the person typed, e.g. `Missing: type your name.` */
export function refuse(message: string): never {
  throw new Refusal(message, message.replace(/[.:].*$/s, '').toLowerCase(), message);
}

/**
 * A refusal of the answer `text`: `"ada@x" is not an email address: type it like …` for the person, and
 * `This answer is not an email address: …` where answers are confidential.
 */
export function refuseAnswer(text: string, problem: string, fix: string): never {
  throw new Refusal(`${quote(text)} ${problem}: ${fix}`, problem, `This answer ${problem}: ${fix}`);
}

/**
 * What a zod issue of `answer` says without quoting the answer. Other issues (a checkbox list's) never quote
 * one: their message is used as it is.
 */
export function issueWithoutAnswer(issue: z.core.$ZodIssue | undefined): {
  message: string;
  problem: string;
} {
  const params = (issue as { params?: { problem?: unknown; withoutAnswer?: unknown } } | undefined)?.params;
  return {
    message:
      typeof params?.withoutAnswer === 'string'
        ? params.withoutAnswer
        : (issue?.message ?? 'This answer is not valid.'),
    problem: typeof params?.problem === 'string' ? params.problem : 'is not valid',
  };
}

/** An answer quoted in a message, cut short: hostile answers must not make huge messages. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

/**
 * A single-answer field: its trimmed text (undefined when blank) goes to `read`, which returns the typed
 * value or refuses. A one-item list counts as its item (Forms sends some single answers as lists).
 */
export function answer<T>(max: number, read: (text: string | undefined) => T): z.ZodType<T, RawAnswer> {
  return rawAnswer.transform((value, ctx) => {
    try {
      if (Array.isArray(value) && value.length > 1) {
        const problem = `is a list of ${value.length} answers`;
        throw new Refusal(
          `Expected one answer, got a list of ${value.length}: choose one.`,
          problem,
          `This answer ${problem}: choose one.`,
        );
      }
      const text = (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();
      if (text.length > max) {
        const problem = `is too long (${text.length} characters)`;
        throw new Refusal(
          `Too long (${text.length} characters): keep it to ${max} at most.`,
          problem,
          `This answer ${problem}: keep it to ${max} at most.`,
        );
      }
      return read(text === '' ? undefined : text);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      ctx.addIssue({
        code: 'custom',
        message: error.message,
        params: { problem: error.problem, withoutAnswer: error.withoutAnswer },
      });
      return z.NEVER;
    }
  });
}

export function requiredText(max: number, missing: string) {
  return answer(max, (text) => text ?? refuse(missing));
}

export function optionalText(max: number) {
  return answer(max, (text) => text);
}

export function emailAnswer(missing?: string) {
  return answer(MAX_EMAIL, (text) => {
    if (text === undefined) return missing === undefined ? undefined : refuse(missing);
    return readEmail(text) ?? refuseAnswer(text, 'is not an email address', 'type it like name@example.org.');
  });
}

/** Yes/No words ("Yes", "no", "TRUE"), or an option label that starts with Yes or No ("Yes, please"). */
export function readYesNo(text: string): boolean | undefined {
  const exact = parseYesNo(text);
  if (exact !== undefined) return exact;
  const first = /^(yes|no)\b/i.exec(text)?.[1]?.toLowerCase();
  return first === undefined ? undefined : first === 'yes';
}

export function yesNoAnswer(missing: { default: boolean } | { required: string }) {
  return answer(100, (text) => {
    if (text === undefined) return 'default' in missing ? missing.default : refuse(missing.required);
    return readYesNo(text) ?? refuseAnswer(text, 'is not Yes or No', 'answer Yes or No.');
  });
}

/** A checkbox answer: a list, or the ", "-joined text Apps Script and the responses tab give. */
export function listAnswer(maxItems: number, maxLength: number): z.ZodType<string[], RawAnswer> {
  return rawAnswer.transform((value, ctx) => {
    const items = (typeof value === 'string' ? value.split(', ') : (value ?? []))
      .map((item) => item.trim())
      .filter((item) => item !== '');
    const long = items.find((item) => item.length > maxLength);
    const message =
      items.length > maxItems
        ? `Too many choices (${items.length}): choose at most ${maxItems}.`
        : long !== undefined
          ? `A choice is too long (${long.length} characters): keep each to ${maxLength} at most.`
          : undefined;
    if (message === undefined) return items;
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  });
}
