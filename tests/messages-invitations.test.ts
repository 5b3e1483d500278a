/**
 * The invitation messages' blocks: the invite link, each refusal, the thank-you, and the weekly summary's
 * invited joins. Snapshots, and what people typed escaped.
 */
import { describe, expect, it } from 'vitest';
import {
  INVITE_CALLBACK_ID,
  inviteLinkMessage,
  inviteRefusalMessage,
  inviteThanksMessage,
} from '../workflows/connections/invitation-messages.js';
import type { Block } from '../workflows/outbox/blocks.js';
import { communityDigest } from '../workflows/presence/digest-messages.js';

const NASTY = 'Eve <!channel> & <https://evil.example|click>';
const LINK = 'https://docs.google.com/forms/d/e/1FAIpQLSfAbC/viewform?usp=pp_url&entry.1234567=M-12';

/** Every text of a message, blocks and fallback. */
const textsOf = (m: { text: string; blocks: Block[] }) => [m.text, JSON.stringify(m.blocks)].join('\n');

function expectEscaped(text: string) {
  expect(text).not.toContain('<!channel>');
  expect(text).not.toContain('<https://evil');
  expect(text).toContain('&lt;!channel&gt;');
}

describe('the invite link', () => {
  it('snapshot: the link, as a link with & escaped, and how to ask again', () => {
    const msg = inviteLinkMessage({ name: 'Grace Hopper', groupName: 'Leeds Hikers', link: LINK });
    expect(msg).toMatchSnapshot();
    const escaped = LINK.replace('&', '&amp;');
    expect(msg.text).toContain(`<${escaped}|${escaped}>`);
    expect(JSON.stringify(msg.blocks)).toContain('⚡ *Invite someone*');
    expect(INVITE_CALLBACK_ID).toBe('invite_someone');
  });

  it('escapes the names people typed', () => {
    expectEscaped(textsOf(inviteLinkMessage({ name: NASTY, groupName: NASTY, link: LINK })));
  });
});

describe('no invite link, and why', () => {
  it.each([
    ['not-a-member', 'https://forms.gle/join', 'Join with <https://forms.gle/join|the join form> first'],
    ['not-a-member', '', 'Please ask an organizer how to join'],
    ['pending', '', 'waiting for a leader’s approval'],
    ['not-active', '', 'isn’t active at the moment'],
    ['no-link', '', 'Extensions → Apps Script → run setup(), which fills in Settings → Invite link'],
  ] as const)('%s (join form link %j): snapshot', (reason, joinFormLink, says) => {
    const msg = inviteRefusalMessage({ reason, groupName: 'Leeds Hikers', joinFormLink });
    expect(msg).toMatchSnapshot();
    expect(msg.text).toContain(says);
    expect(msg.text).toContain('Leeds Hikers');
    expectEscaped(textsOf(inviteRefusalMessage({ reason, groupName: NASTY, joinFormLink })));
  });
});

describe('the thank-you to the inviter', () => {
  it('snapshot, with the newcomer on Slack (mentioned) and not yet', () => {
    const onSlack = inviteThanksMessage({
      invitee: { name: 'Ada Lovelace', slackId: 'U0ADA00001' },
      groupName: 'Leeds Hikers',
    });
    expect(onSlack).toMatchSnapshot();
    expect(onSlack.text).toContain('Thank you for inviting <@U0ADA00001> to Leeds Hikers!');
    const notYet = inviteThanksMessage({ invitee: { name: 'Ada Lovelace' }, groupName: 'Leeds Hikers' });
    expect(notYet).toMatchSnapshot();
    expect(notYet.text).not.toContain('*');
    expectEscaped(textsOf(inviteThanksMessage({ invitee: { name: NASTY }, groupName: 'Leeds Hikers' })));
  });
});

describe('the weekly digest’s invited joins', () => {
  const figures = {
    newMembers: 2,
    drifting: [],
    upcoming: [],
    intros: { groups: 0, met: 0 },
    questions: { asked: 0, answered: 0 },
    invitedJoins: 0,
  };
  const week = { groupName: 'Leeds Hikers', period: 'Mon 30 Nov – Sun 6 Dec', timeZone: 'Europe/London' };

  it('says how many joined through an invitation, and nothing when none did', () => {
    const one = communityDigest({ ...figures, invitedJoins: 1 }, week);
    expect(JSON.stringify(one.blocks)).toContain('*Invitations*\\n:love_letter: 1 member joined through one');
    expect(JSON.stringify(communityDigest(figures, week).blocks)).not.toContain('Invitations');
  });
});
