/**
 * Slack's IDs, recognised in one place: a letter for the kind (`U` or `W` a person; `C`, `G` or `D` a
 * conversation), then capitals and digits, 9 to 11 characters as Slack gives them today (longer ones exist).
 * An all-letter word (`WELLINGTON`, `#CHAPTERS`) is a name, not an ID.
 *
 * This is for what people typed (a Settings cell, a Leaders row, an incident's About) and for addresses
 * Hearth wrote itself. An ID that Slack returned (a post's channel, a click's user or channel) is used as it
 * is, never run through these again.
 */
const USER = /^[UW][A-Z0-9]{8,}$/;
const CONVERSATION = /^[CGD][A-Z0-9]{8,}$/;
const USERS_INSIDE = /(?<![A-Za-z0-9])[UW][A-Z0-9]{8,}(?![A-Za-z0-9])/g;

const hasDigit = (text: string) => /\d/.test(text);

/** A person: `U0ABCD1234` or an Enterprise Grid `W0ABCD1234`. */
export function isUserId(text: string | undefined | null): boolean {
  return typeof text === 'string' && USER.test(text) && hasDigit(text);
}

/** A channel, private channel or DM: `C0ABCD1234`, `G0ABCD1234`, `D0ABCD1234`. */
export function isChannelId(text: string | undefined | null): boolean {
  return typeof text === 'string' && CONVERSATION.test(text) && hasDigit(text);
}

export function isSlackId(text: string | undefined | null): boolean {
  return isUserId(text) || isChannelId(text);
}

/** Every user ID inside `text` (`<@U0ABCD1234>`, `Pat (U0ABCD1234)`), in order. */
export function userIdsIn(text: string | undefined | null): string[] {
  return [...(text ?? '').matchAll(USERS_INSIDE)].map((m) => m[0]).filter(hasDigit);
}

/** The first user ID inside `text`, if any. */
export function userIdIn(text: string | undefined | null): string | undefined {
  return userIdsIn(text)[0];
}
