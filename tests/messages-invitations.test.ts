/**
 * The invitation messages' blocks: the thank-you. Snapshots, and what people typed escaped.
 */
import { describe, expect, it } from 'vitest';
import { inviteThanksMessage } from '../workflows/connections/invitation-messages.js';
import type { Block } from '../workflows/outbox/blocks.js';

const NASTY = 'Eve <!channel> & <https://evil.example|click>';

/** Every text of a message, blocks and fallback. */
const textsOf = (m: { text: string; blocks: Block[] }) => [m.text, JSON.stringify(m.blocks)].join('\n');

function expectEscaped(text: string) {
  expect(text).not.toContain('<!channel>');
  expect(text).not.toContain('<https://evil');
  expect(text).toContain('&lt;!channel&gt;');
}

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
