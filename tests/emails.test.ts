/** One form for every email Hearth stores or compares: trimmed, no mailto:, NFC, lower case. */
import { describe, expect, it } from 'vitest';
import { email } from '../sheets-schema/columns.js';
import { isEmailAddress, normalizeEmail, readEmail, sameEmail } from '../sheets-schema/emails.js';
import { parseFormBody } from '../sheets-schema/forms/index.js';

const COMPOSED = 'zo\u00eb@example.org';

describe('normalizeEmail', () => {
  it.each([
    ['zoe\u0308@example.org', COMPOSED],
    ['  ZOE\u0308@Example.ORG ', COMPOSED],
    ['mailto:Zo\u00cb@example.org', COMPOSED],
    ['ada@example.org', 'ada@example.org'],
  ])('%j -> %j', (typed, stored) => {
    expect(normalizeEmail(typed)).toBe(stored);
    expect(sameEmail(typed, stored)).toBe(true);
  });

  it('never matches a blank', () => {
    expect(sameEmail('', '')).toBe(false);
    expect(sameEmail(undefined, 'a@b.org')).toBe(false);
  });

  it('refuses what is not an address, and hostile lengths', () => {
    expect(readEmail('not an email')).toBeUndefined();
    expect(isEmailAddress(`${'a'.repeat(250)}@b.org`)).toBe(false);
  });
});

describe('every way an email comes in gives the same form', () => {
  it('a sheet cell of the email kind, a form answer and a verified respondent email', () => {
    const cell = email('Email').parser('UTC').parse('ZOE\u0308@example.org');
    const answer = parseFormBody({
      form: 'join',
      submittedAt: '2026-11-26T09:21:07Z',
      answers: { Name: 'Zoë', Email: 'Zoe\u0308@Example.org', 'I agree to the ground rules': 'Yes' },
    });
    const verified = parseFormBody({
      form: 'rsvp',
      submittedAt: '2026-11-26T09:21:07Z',
      respondentEmail: ' ZOE\u0308@EXAMPLE.ORG',
      answers: { Event: 'EV-1', 'Attending?': 'Yes' },
    });
    expect(cell).toBe(COMPOSED);
    expect(answer.ok && answer.work.answers).toMatchObject({ email: COMPOSED });
    expect(verified.ok && verified.work.respondentEmail).toBe(COMPOSED);
  });
});
