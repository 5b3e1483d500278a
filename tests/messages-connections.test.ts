/** The intro rounds' Block Kit, as snapshots, and what a person can rely on in each message. */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  CONVERSATION_STARTERS,
  checkInMessage,
  INTRO_ACTIONS,
  introMessage,
  introReply,
  pausedMessage,
  starterFor,
} from '../workflows/connections/messages.js';

const buttonsOf = (blocks: readonly Record<string, unknown>[]) =>
  blocks.flatMap((b) => (b.type === 'actions' ? (b.elements as { action_id: string; value: string }[]) : []));

describe('the intro messages', () => {
  const people = [
    { slackId: 'U07ADALOVEL', name: 'Ada' },
    { slackId: 'U07GRACEHOP', name: 'Grace' },
  ];

  it('introduces the group, names what they share, asks a question and offers Pause and Stop', () => {
    const built = introMessage({
      introId: 'IR-4',
      people,
      sharedInterests: ['Hiking', 'Chess <3'],
      groupName: 'Leeds Hikers',
      everyDays: 14,
    });
    expect(built.text).toBe('Meet each other: Ada and Grace. You’re this round’s intro in Leeds Hikers.');
    expect(JSON.stringify(built.blocks)).toContain('You both like *Hiking* and *Chess &lt;3*');
    expect(JSON.stringify(built.blocks)).toContain('in the next 2 weeks');
    expect(buttonsOf(built.blocks)).toEqual([
      expect.objectContaining({ action_id: INTRO_ACTIONS.pause, value: 'IR-4' }),
      expect.objectContaining({ action_id: INTRO_ACTIONS.stop, value: 'IR-4' }),
    ]);
    expect(built).toMatchSnapshot();
  });

  it('picks the same question for an intro every time, and different ones across intros', () => {
    expect(starterFor('IR-4')).toBe(starterFor('IR-4'));
    const asked = new Set(Array.from({ length: 50 }, (_, i) => starterFor(`IR-${i}`)));
    expect(asked.size).toBeGreaterThan(CONVERSATION_STARTERS.length / 2);
  });

  it('checks in with We met, Not yet, Skip this one, and still Pause and Stop', () => {
    const built = checkInMessage({ introId: 'IR-4' });
    expect(buttonsOf(built.blocks).map((b) => [b.action_id, b.value])).toEqual([
      [INTRO_ACTIONS.met, 'IR-4'],
      [INTRO_ACTIONS.notYet, 'IR-4'],
      [INTRO_ACTIONS.skip, 'IR-4'],
      [INTRO_ACTIONS.pause, 'IR-4'],
      [INTRO_ACTIONS.stop, 'IR-4'],
    ]);
    expect(built).toMatchSnapshot();
  });

  it('says why intros were paused, with a Resume button for that member', () => {
    const built = pausedMessage({ memberId: 'M-3', groupName: 'Leeds Hikers' });
    expect(buttonsOf(built.blocks)).toEqual([
      expect.objectContaining({ action_id: INTRO_ACTIONS.resume, value: 'M-3' }),
    ]);
    expect(built).toMatchSnapshot();
  });

  it('answers each button in a sentence', () => {
    const until = DateTime.fromISO('2027-01-11', { zone: 'Europe/London' });
    expect(introReply('pause', { pausedUntil: until, timeZone: 'Europe/London' })).toBe(
      'Intros paused until Mon 11 Jan: you’ll be in the first round after that.',
    );
    for (const action of ['met', 'notYet', 'skip', 'stop', 'resume'] as const)
      expect(introReply(action, { timeZone: 'UTC' })).toMatch(/[.!]$/);
  });
});
