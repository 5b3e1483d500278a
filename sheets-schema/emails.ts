/**
 * Email addresses, in the one form Hearth stores and compares them: trimmed, without `mailto:`, in Unicode
 * NFC and lower case. The same address typed on two keyboards (a precomposed `ë`, or `e` and a combining
 * diaeresis) or in another case is one person. Every column of the email kind, every form answer and every
 * lookup by email goes through here.
 */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const MAX_EMAIL = 254;

const NOT_ASCII = /[^\x20-\x7e]/;

export function normalizeEmail(text: string): string {
  // Printable ASCII (nearly every address) has nothing to compose; the writer indexes every member's by it.
  if (!NOT_ASCII.test(text))
    return text
      .trim()
      .replace(/^mailto:/i, '')
      .toLowerCase();
  // NFC again after lower-casing: a few capitals lower-case to a decomposed form.
  return text
    .trim()
    .replace(/^mailto:/i, '')
    .normalize('NFC')
    .toLowerCase()
    .normalize('NFC');
}

/** The address in its stored form; undefined when it is not one. */
export function readEmail(text: string): string | undefined {
  const email = normalizeEmail(text);
  // Length first: the pattern backtracks on long hostile input.
  return email.length <= MAX_EMAIL && EMAIL.test(email) ? email : undefined;
}

export function isEmailAddress(text: string): boolean {
  return readEmail(text) !== undefined;
}

/** Whether two cells or answers name the same address (blank never matches). */
export function sameEmail(a: string | undefined | null, b: string | undefined | null): boolean {
  if (!a || !b) return false;
  const left = normalizeEmail(a);
  return left !== '' && left === normalizeEmail(b);
}
