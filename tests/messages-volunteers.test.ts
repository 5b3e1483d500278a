/**
 * The volunteers' messages as Slack shows them: the confirmation and backup DMs, a drop-out's, the ask 3 days
 * before, the swap offer (open and taken), the reminders, and each refusal.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  askMessage,
  backupMessage,
  confirmedMessage,
  droppedMessage,
  helpButtonText,
  offerMessage,
  promotedMessage,
  releasedMessage,
  type ShiftRefusal,
  type ShiftWords,
  shiftRefusalText,
  shiftReminder,
  shiftStartMessage,
  takenMessage,
} from '../workflows/volunteers/messages.js';

const ZONE = 'Europe/London';
const W: ShiftWords = {
  title: 'Winter social & quiz',
  role: 'Door',
  starts: DateTime.fromISO('2026-12-12T18:30', { zone: ZONE }),
  ends: DateTime.fromISO('2026-12-12T19:30', { zone: ZONE }),
  timeZone: ZONE,
  link: 'https://leeds.slack.com/archives/C07EVENTS01/p1796230276063000',
};

describe('volunteers’ messages', () => {
  it.each([
    ['a volunteer confirmed', confirmedMessage('ER-1', W)],
    ['a backup promoted', promotedMessage('ER-1', W)],
    ['a swapped shift taken', takenMessage('ER-1', W)],
    ['backup #2', backupMessage('ER-1', W, 2)],
    ['dropped, a volunteer', droppedMessage(W, false)],
    ['dropped, a backup', droppedMessage(W, true)],
    ['released by a swap', releasedMessage(W, '<@U07KATJOHNS>')],
    ['the ask 3 days before', askMessage('ER-1', W, { name: 'Door', left: 1, needed: 2 })],
    [
      'an open offer',
      offerMessage({ roleId: 'ER-1', offerer: 'M-7', offererMention: '<@U07EDSGERD1>', w: W }),
    ],
    [
      'a taken offer',
      offerMessage({
        roleId: 'ER-1',
        offerer: 'M-7',
        offererMention: '<@U07EDSGERD1>',
        w: W,
        takenBy: '<@U07KATJOHNS>',
      }),
    ],
    ['the event reminder', shiftReminder(W, '1 day')],
    ['an hour before the shift', shiftStartMessage(W)],
  ])('%s', (_, built) => {
    expect(built).toMatchSnapshot();
    // The notification text never shows mrkdwn links or Slack escapes.
    expect(built.text).not.toMatch(/<https?:/);
  });

  it.each([
    [{ name: 'Door', left: 2, needed: 2 }, 'Help as Door (2 of 2 left)'],
    [{ name: 'Door', left: 0, needed: 2 }, 'Back up Door'],
  ])('the button for %j says %s', (role, text) => {
    expect(helpButtonText(role)).toBe(text);
  });

  it('says why a press changed nothing, for each reason', () => {
    const reasons: ShiftRefusal[] = [
      'not-a-member',
      'not-active',
      'no-such-role',
      'closed',
      'already-volunteer',
      'already-backup',
      'not-on-shift',
      'offered-already',
      'taken',
      'own-offer',
    ];
    const texts = reasons.map((reason) => shiftRefusalText(reason, 'Door', 1));
    expect(new Set(texts).size).toBe(reasons.length);
    expect(Object.fromEntries(reasons.map((r, i) => [r, texts[i]]))).toMatchSnapshot();
  });
});
