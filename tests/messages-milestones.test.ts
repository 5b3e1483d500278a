/** The milestone shout-outs' blocks: each milestone, with and without a Slack ID; what people typed escaped. */
import { describe, expect, it } from 'vitest';
import { milestonePost } from '../workflows/connections/milestone-messages.js';

const NASTY = 'Eve <!channel> & <https://evil.example|click>';

describe('the milestone shout-out', () => {
  it.each([
    [
      'the first event',
      { events: 1, eventTitle: 'Winter walk' },
      ':tada: <@U0ADA00001> came to their first Leeds Hikers event, *Winter walk*!',
    ],
    [
      'the 5th event',
      { events: 5, eventTitle: 'Winter walk' },
      ':star2: <@U0ADA00001> has now been to 5 Leeds Hikers events, most recently *Winter walk*.',
    ],
    [
      'the 10th event',
      { events: 10, eventTitle: 'Winter walk' },
      ':trophy: <@U0ADA00001> has now been to 10 Leeds Hikers events',
    ],
    [
      'the 5th event, no longer in the Events tab',
      { events: 5 },
      'has now been to 5 Leeds Hikers events. Thank you',
    ],
    [
      'a year in the group',
      { years: 1 as const },
      ':birthday: It’s a year since <@U0ADA00001> joined Leeds Hikers!',
    ],
  ])('%s: snapshot', (_case, milestone, says) => {
    const msg = milestonePost({
      member: { name: 'Ada Lovelace', slackId: 'U0ADA00001' },
      groupName: 'Leeds Hikers',
      milestone,
    });
    expect(msg).toMatchSnapshot();
    expect(JSON.stringify(msg.blocks)).toContain(says);
    expect(msg.text).not.toMatch(/^:/);
    expect(msg.text).not.toContain('*');
  });

  it('names a member with no Slack ID, escaped, and escapes the event title', () => {
    const msg = milestonePost({
      member: { name: NASTY },
      groupName: 'Leeds Hikers',
      milestone: { events: 1, eventTitle: NASTY },
    });
    expect(msg).toMatchSnapshot();
    const all = `${msg.text}\n${JSON.stringify(msg.blocks)}`;
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<https://evil');
    expect(all).toContain('*Eve &lt;!channel&gt;');
  });
});
