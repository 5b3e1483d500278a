/**
 * The leader team's messages as Slack shows them: the kind nudge and the organizers' note, the term DM, the
 * walk-through, a hand-over approved and declined, the call for volunteers, the check-in and the leaders' intro.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  handedOverMessage,
  handOverDeclinedMessage,
  inactiveLeaderMessage,
  LEADER_REPLIES,
  leaderCheckInMessage,
  leaderIntroMessage,
  quietLeaderMessage,
  stayedReply,
  termMessage,
  volunteersMessage,
  welcomeLeaderMessage,
} from '../workflows/leaders/messages.js';

const ZONE = 'Europe/London';
const TERM = DateTime.fromISO('2027-03-01T00:00', { zone: ZONE });
const ADA = { name: 'Ada <Lovelace>', slackId: 'U07ADALOVE1' };
const CY = { name: 'Cyrille & Co', slackId: 'U07CYRILLE1' };

describe('the leader team’s messages', () => {
  it.each([
    ['the kind nudge', quietLeaderMessage({ name: ADA.name, groupName: 'Leeds *Makers*' })],
    ['the organizers told', inactiveLeaderMessage({ leader: ADA, days: 90 })],
    [
      'the term DM',
      termMessage({ slackId: ADA.slackId, role: 'Greeter', termEnds: TERM, months: 12, timeZone: ZONE }),
    ],
    [
      'the walk-through',
      welcomeLeaderMessage({
        role: 'Greeter',
        groupName: 'Leeds Makers',
        from: ADA,
        coLead: { name: 'Bob', slackId: 'U07BOBBYTA1' },
        termEnds: TERM.plus({ years: 1 }),
        timeZone: ZONE,
      }),
    ],
    ['a hand-over approved', handedOverMessage({ successor: CY, role: 'Greeter' })],
    ['a hand-over declined', handOverDeclinedMessage({ successor: CY, role: 'Greeter' })],
    [
      'the call for volunteers',
      volunteersMessage({ role: 'Host', groupName: 'Leeds Makers', termEnds: TERM, timeZone: ZONE }),
    ],
    ['the check-in', leaderCheckInMessage({ slackId: ADA.slackId, month: '2027-02' })],
    ['the leaders’ intro', leaderIntroMessage({ people: [ADA, CY], groupName: 'Leeds Makers' })],
  ])('%s', (_case, shown) => {
    expect(shown).toMatchSnapshot();
  });

  it('the replies', () => {
    expect({ ...LEADER_REPLIES, stayed: stayedReply(TERM.plus({ years: 1 }), ZONE) }).toMatchSnapshot();
  });
});
