/** The quiet check-in's blocks, the goodbye and the answered check-in: what people typed escaped, the confirm. */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  NOT_INTERESTED_ACTION,
  quietAnswered,
  quietCheckIn,
  quietGoodbye,
} from '../workflows/presence/quiet-messages.js';

const NASTY = 'Eve <!channel> & <https://evil.example|click>';
const ZONE = 'Europe/London';
const walk = (title: string, day: number, link?: string) => ({
  title,
  starts: DateTime.fromISO(`2026-12-${String(day).padStart(2, '0')}T10:00`, { zone: ZONE }),
  location: 'Ilkley Moor',
  ...(link ? { link } : {}),
});

describe('the quiet check-in', () => {
  it('lists what is coming up, with the button and its confirm: snapshot', () => {
    const msg = quietCheckIn({
      name: 'Lin Ye',
      groupName: 'Leeds Hikers',
      memberId: 'M-7',
      events: [
        walk('Winter walk', 12, 'https://leeds-hikers.slack.com/archives/C0EVENTS001/p1796000000000100'),
        walk('Carol singing', 19),
      ],
      timeZone: ZONE,
    });
    expect(msg).toMatchSnapshot();
    const actions = msg.blocks.find((b) => b.type === 'actions') as { elements: Record<string, unknown>[] };
    expect(actions.elements).toEqual([
      expect.objectContaining({
        action_id: NOT_INTERESTED_ACTION,
        value: 'M-7',
        confirm: expect.objectContaining({ style: 'danger' }),
      }),
    ]);
    expect(msg.text).toContain('Coming up: Winter walk, Carol singing.');
  });

  it('with nothing announced, says where events are posted; at most three events', () => {
    const none = quietCheckIn({
      name: 'Lin',
      groupName: 'Leeds Hikers',
      memberId: 'M-7',
      events: [],
      timeZone: ZONE,
    });
    expect(JSON.stringify(none.blocks)).toContain('Nothing is announced just now');
    const many = quietCheckIn({
      name: 'Lin',
      groupName: 'Leeds Hikers',
      memberId: 'M-7',
      events: [1, 2, 3, 4].map((n) => walk(`Walk ${n}`, 10 + n)),
      timeZone: ZONE,
    });
    expect(JSON.stringify(many.blocks)).toContain('Walk 3');
    expect(JSON.stringify(many.blocks)).not.toContain('Walk 4');
  });

  it('escapes names, the group and event titles', () => {
    const msg = quietCheckIn({
      name: NASTY,
      groupName: NASTY,
      memberId: 'M-7',
      events: [walk(NASTY, 12)],
      timeZone: ZONE,
    });
    // The confirm's title is plain text, which Slack shows as typed; everything in mrkdwn is escaped.
    const all = `${msg.text}\n${JSON.stringify(msg.blocks).replace(/"title":\{[^}]*\}/, '')}`;
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<https://evil');
    expect(msg).toMatchSnapshot();
  });
});

describe('after Not interested any more', () => {
  it('the goodbye, with the way back: snapshot', () => {
    const msg = quietGoodbye({
      name: 'Lin Ye',
      groupName: 'Leeds Hikers',
      joinFormLink: 'https://docs.google.com/forms/d/e/abc/viewform',
    });
    expect(msg).toMatchSnapshot();
    expect(JSON.stringify(msg.blocks)).toContain(
      '<https://docs.google.com/forms/d/e/abc/viewform|join again>',
    );
  });

  it('the goodbye without a join form link', () => {
    const msg = quietGoodbye({ name: 'Lin Ye', groupName: 'Leeds Hikers', joinFormLink: '' });
    expect(JSON.stringify(msg.blocks)).toContain('just join again');
  });

  it('the check-in, answered, has no button: snapshot', () => {
    const msg = quietAnswered({ groupName: 'Leeds Hikers' });
    expect(msg).toMatchSnapshot();
    expect(msg.blocks.some((b) => b.type === 'actions')).toBe(false);
  });
});
