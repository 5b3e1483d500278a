import { describe, expect, it } from 'vitest';
import {
  ALREADY_ANSWERED_REPLY,
  FEEDBACK_CALLBACK_ID,
  FEEDBACK_MAX,
  feedbackButtons,
  feedbackModal,
  feedbackNote,
  feedbackReceived,
  feedbackRefusal,
  followUpAnswered,
  ratingReply,
} from '../workflows/feedback/messages.js';
import type { Block } from '../workflows/outbox/blocks.js';

const NASTY = 'Party <!channel> <@U0000000001> & <https://evil.example|click>';

describe('the feedback buttons', () => {
  it('snapshot: three ratings and Tell the organizers…, each carrying the ID', () => {
    expect(feedbackButtons('R-12')).toMatchSnapshot();
  });
});

describe('the "Tell the organizers…" modal', () => {
  it.each([
    ['after an event', 'R-12'],
    ['after joining', 'M-8'],
  ])('%s: snapshot', (_case, about) => {
    expect(feedbackModal({ about, channel: 'D0ADA00001', messageTs: '1796000000.000100' })).toMatchSnapshot();
  });

  it('asks for the words (at most a few thousand characters) and offers the contact checkbox, never who they are', () => {
    const view = feedbackModal({ about: 'R-12', channel: 'D0ADA00001' });
    expect(view.callback_id).toBe(FEEDBACK_CALLBACK_ID);
    expect(JSON.parse(String(view.private_metadata))).toEqual({ about: 'R-12', channel: 'D0ADA00001' });
    const inputs = (view.blocks as Block[]).filter((b) => b.type === 'input');
    expect(inputs.map((b) => [b.block_id, (b.element as Block).type, b.optional ?? false])).toEqual([
      ['feedback', 'plain_text_input', false],
      ['contact', 'checkboxes', true],
    ]);
    expect(inputs[0]?.element).toMatchObject({ max_length: FEEDBACK_MAX });
    expect(FEEDBACK_MAX).toBeLessThanOrEqual(3000);
    expect(JSON.stringify(inputs[1])).toContain('You may contact me about this');
    expect((view.title as { text: string }).text.length).toBeLessThanOrEqual(24);
  });
});

describe('the follow-up, answered', () => {
  it('snapshot: thanks, no rating buttons, Tell the organizers… kept', () => {
    const msg = followUpAnswered({ name: 'Ada', groupName: 'Leeds TypeScript', memberId: 'M-8' });
    expect(msg).toMatchSnapshot();
    const buttons = msg.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements as Block[]);
    expect(buttons.map((b) => [b.action_id, b.value])).toEqual([['feedback:tell', 'M-8']]);
  });

  it('without its member (the follow-up’s row archived): thanks, and no button', () => {
    const msg = followUpAnswered({ name: 'there', groupName: 'Leeds TypeScript' });
    expect(msg.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(msg.text).toContain('Thanks for telling us how it’s going, there!');
  });

  it('escapes what people typed', () => {
    const msg = followUpAnswered({ name: NASTY, groupName: NASTY, memberId: 'M-8' });
    const all = JSON.stringify(msg);
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<https://evil');
  });
});

describe('the note to the leaders', () => {
  it.each([
    [
      {
        feedbackId: 'FB-3',
        eventId: 'EV-1',
        eventTitle: 'Winter meetup',
        rating: 'Loved it',
        contact: false,
      },
    ],
    [{ feedbackId: 'FB-4', eventId: 'EV-1', eventTitle: 'Winter meetup', contact: true }],
    [{ feedbackId: 'FB-5', contact: false }],
  ] as const)('%j', (note) => {
    expect(feedbackNote(note)).toMatchSnapshot();
  });

  it('escapes an organizer’s title', () => {
    const text = feedbackNote({ feedbackId: 'FB-3', eventId: 'EV-1', eventTitle: NASTY, contact: false });
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt;');
  });
});

describe('replies only the person who clicked sees', () => {
  it('snapshot', () => {
    expect({
      rating: ratingReply({ title: 'Winter meetup', rating: 'It was OK' }),
      already: ALREADY_ANSWERED_REPLY,
      received: feedbackReceived(false),
      receivedWithName: feedbackReceived(true),
      refusals: (['not-yours', 'unknown', 'no-rating-column', 'empty'] as const).map(feedbackRefusal),
    }).toMatchSnapshot();
  });

  it('escape an organizer’s title', () => {
    expect(ratingReply({ title: NASTY, rating: 'Loved it' })).not.toContain('<!channel>');
  });
});
