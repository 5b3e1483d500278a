/** Slack IDs are recognised in one place: realistic shapes only, so a word is never taken for an ID. */
import { describe, expect, it } from 'vitest';
import { parseChannel } from '../sheets-schema/settings.js';
import { isChannelId, isSlackId, isUserId, userIdIn, userIdsIn } from '../sheets-schema/slack-ids.js';

describe('isUserId and isChannelId', () => {
  it.each([
    ['U07ABCD1234', 'user'],
    ['W0123ABCDE', 'user'],
    ['U0ADA0001', 'user'],
    ['C0123ABCD', 'channel'],
    ['G0LEADERS1', 'channel'],
    ['D07ABCD1234', 'channel'],
    ['U0ORG', 'neither'], // too short to be Slack's
    ['WELLINGTON', 'neither'], // a word: no digit
    ['CHAPTERS1X', 'channel'],
    ['CHAPTERSXY', 'neither'],
    ['u07abcd1234', 'neither'], // Slack's IDs are capitals
    ['U07ABCD1234 ', 'neither'],
    ['#general', 'neither'],
    ['', 'neither'],
  ])('%j is %s', (text, kind) => {
    expect(isUserId(text)).toBe(kind === 'user');
    expect(isChannelId(text)).toBe(kind === 'channel');
    expect(isSlackId(text)).toBe(kind !== 'neither');
  });
});

describe('user IDs inside text', () => {
  it('finds mentions and IDs in parentheses, never words or parts of words', () => {
    expect(userIdsIn('<@U07ABCD1234> and Pat (W0123ABCDE), not WELLINGTON or XU07ABCD1234')).toEqual([
      'U07ABCD1234',
      'W0123ABCDE',
    ]);
    expect(userIdIn('Eve Example (U0EVE00001)')).toBe('U0EVE00001');
    expect(userIdIn('someone at the bar')).toBeUndefined();
  });
});

describe('a channel in Settings', () => {
  it.each([
    ['C0123ABCD', 'C0123ABCD'],
    ['https://acme.slack.com/archives/C0123ABCD', 'C0123ABCD'],
    ['CHAPTERS', '#chapters'],
    ['#Leaders', '#leaders'],
  ])('%j -> %j', (typed, parsed) => {
    expect(parseChannel(typed)).toBe(parsed);
  });
});
