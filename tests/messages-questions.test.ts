/** The unanswered-question messages' blocks: where, how long, the link; a channel by ID shown as Slack's mention. */
import { describe, expect, it } from 'vitest';
import {
  questionLeadersMessage,
  questionOwnerMessage,
  waitedText,
} from '../workflows/presence/question-messages.js';

const LINK = 'https://hearth-test.slack.com/archives/C07HELPDESK/p1796230276063000';
const NUDGE = { channel: '#help', permalink: LINK, waitedMinutes: 4 * 60 + 10, asked: 'Mon 11 May, 10:00' };

describe('the unanswered-question messages', () => {
  it('the owner’s DM: snapshot', () => {
    const msg = questionOwnerMessage({ ...NUDGE, answerWithinHours: 4 });
    expect(msg).toMatchSnapshot();
    expect(msg.text).toBe(
      'A question in #help has waited 4 hours and nobody has answered it in its thread yet. You look after #help: could you answer it, or ask someone who can?',
    );
    expect(JSON.stringify(msg.blocks)).toContain(`<${LINK}|Open the question>`);
  });

  it.each([
    ['owned', true, 'The leaders who look after it were told first.'],
    ['with no owner', false, 'No leader looks after <#C07HELPDESK>'],
  ])('the leaders’ post, %s: snapshot', (_, owned, says) => {
    const msg = questionLeadersMessage({ ...NUDGE, channel: 'C07HELPDESK', owned });
    expect(msg).toMatchSnapshot();
    expect(JSON.stringify(msg.blocks)).toContain(says);
  });

  it('escapes a channel name typed by hand, and says when the link is missing', () => {
    const msg = questionLeadersMessage({ ...NUDGE, channel: '#<!channel>', permalink: '', owned: true });
    const all = `${msg.text} ${JSON.stringify(msg.blocks)}`;
    expect(all).not.toContain('<!channel>');
    expect(all).toContain('link is missing');
  });

  it.each([
    [0, '0 minutes'],
    [1, '1 minute'],
    [59, '59 minutes'],
    [60, '1 hour'],
    [47 * 60 + 59, '47 hours'],
    [48 * 60, '2 days'],
    [7 * 24 * 60, '7 days'],
  ])('%i minutes waited read as %s', (minutes, text) => {
    expect(waitedText(minutes)).toBe(text);
  });
});
