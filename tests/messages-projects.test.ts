/**
 * The projects' and partners' messages, as Block Kit: the check-in and its answered form, the Need help modal
 * and post, the showcase, the link ask and modal, the closing note, a partner's next step, the thank-you that
 * names the partners, and the digest's stale projects and sponsor warning. What people typed is escaped.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { EventView } from '../workflows/events/messages.js';
import { thanksMessage } from '../workflows/events/messages.js';
import type { Block } from '../workflows/outbox/blocks.js';
import { nextStepMessage } from '../workflows/partners/messages.js';
import { communityDigest } from '../workflows/presence/digest-messages.js';
import {
  checkInAnswered,
  checkInMessage,
  closedMessage,
  helpModal,
  helpPost,
  linkAskMessage,
  linkModal,
  showcasePost,
} from '../workflows/projects/checkin-messages.js';

const ZONE = 'Europe/London';
const NASTY = 'Eve <!channel> & <https://evil.example|click>';
const textsOf = (m: { text: string; blocks: Block[] }) => [m.text, JSON.stringify(m.blocks)].join('\n');
const expectEscaped = (text: string) => {
  expect(text).not.toContain('<!channel>');
  expect(text).not.toContain('<https://evil.example');
};

describe('check-ins', () => {
  it('the check-in, first and after misses, and once answered', () => {
    expect(
      checkInMessage({ projectId: 'P-1', title: 'Community garden app', everyDays: 14, missed: 0 }),
    ).toMatchSnapshot();
    expect(
      checkInMessage({ projectId: 'P-1', title: 'Community garden app', everyDays: 14, missed: 2 }).blocks[0],
    ).toMatchSnapshot();
    expect(checkInAnswered({ title: 'Community garden app', answer: 'help' })).toMatchSnapshot();
    expectEscaped(textsOf(checkInMessage({ projectId: 'P-1', title: NASTY, everyDays: 14, missed: 1 })));
  });

  it('Need help: the modal and the post', () => {
    expect(
      helpModal({ projectId: 'P-1', channel: 'D07ADA00001', messageTs: '1790000000.000100' }),
    ).toMatchSnapshot();
    const post = helpPost({
      title: 'Community garden app',
      champion: { name: 'Ada Lovelace', slackId: 'U07ADALOVE1' },
      words: 'A designer for two evenings\nand a venue',
    });
    expect(post).toMatchSnapshot();
    expectEscaped(textsOf(helpPost({ title: NASTY, champion: { name: NASTY }, words: NASTY })));
  });

  it('the closing note', () => {
    expect(closedMessage({ title: 'Community garden app', days: 60 })).toMatchSnapshot();
  });
});

describe('Done', () => {
  const showcase = {
    title: 'Community garden app',
    summary: 'An app to share the garden’s tools.\nFor neighbours.',
    champion: { name: 'Ada Lovelace', slackId: 'U07ADALOVE1' },
    team: [
      { name: 'Bob Taylor', slackId: 'U07BOBBYTA1' },
      { name: 'Ada Lovelace', slackId: 'U07ADALOVE1' },
      { name: 'Carol Off Slack' },
    ],
    partner: 'Acme',
  };
  it('the showcase, before and after its link', () => {
    expect(showcasePost(showcase)).toMatchSnapshot();
    const linked = showcasePost({ ...showcase, link: 'https://github.com/leeds/garden' });
    expect(JSON.stringify(linked.blocks)).toContain('<https://github.com/leeds/garden|See what they made>');
    expectEscaped(
      textsOf(showcasePost({ ...showcase, title: NASTY, summary: NASTY, partner: NASTY, link: NASTY })),
    );
  });

  it('the link ask and its modal', () => {
    expect(linkAskMessage({ projectId: 'P-1', title: 'Community garden app' })).toMatchSnapshot();
    expect(linkModal({ projectId: 'P-1', channel: 'D07ADA00001' })).toMatchSnapshot();
  });
});

describe('partners', () => {
  const on = DateTime.fromISO('2026-03-30', { zone: ZONE });
  it('a next step, to its owner and to the leaders channel', () => {
    const step = {
      partner: 'Acme',
      nextStep: 'Send the sponsorship deck',
      stage: 'Contacted',
      contact: 'jo@acme.example',
      on,
      timeZone: ZONE,
    };
    expect(nextStepMessage(step)).toMatchSnapshot();
    expect(nextStepMessage({ ...step, unknownOwner: 'Jo' }).blocks[0]).toMatchSnapshot();
    expectEscaped(
      textsOf(nextStepMessage({ ...step, partner: NASTY, nextStep: NASTY, unknownOwner: NASTY })),
    );
  });

  it('the thank-you after an event names its partners', () => {
    const event: EventView = {
      eventId: 'EV-7',
      title: 'Winter meetup',
      starts: DateTime.fromISO('2026-12-03T18:30', { zone: ZONE }),
      ends: DateTime.fromISO('2026-12-03T21:00', { zone: ZONE }),
      location: 'The Hub',
      capacity: 10,
      confirmed: 7,
      waitlisted: 0,
      seatsLeft: 3,
      status: 'Done',
      timeZone: ZONE,
    } as EventView;
    const thanks = thanksMessage({
      event,
      groupName: 'Leeds Makers',
      rsvpId: 'R-1',
      partners: ['Acme', 'Globex'],
    });
    expect(thanks.blocks[1]).toMatchSnapshot();
    const none = thanksMessage({ event, groupName: 'Leeds Makers', rsvpId: 'R-1' });
    expect(JSON.stringify(none.blocks)).not.toContain('Made possible');
  });
});

describe('the digest: stale projects and sponsors, only when there is something to say', () => {
  const figures = {
    newMembers: 2,
    drifting: [],
    upcoming: [],
    intros: { groups: 0, met: 0 },
    questions: { asked: 0, answered: 0 },
    invitedJoins: 0,
  };
  const week = { groupName: 'Leeds Makers', period: 'Mon 30 Nov – Sun 6 Dec', timeZone: ZONE };
  it('adds its lines', () => {
    const digest = communityDigest(
      {
        ...figures,
        staleProjects: [
          { title: 'Community garden app', missed: 2, champion: { name: 'Ada', slackId: 'U07ADALOVE1' } },
        ],
        sponsors: {
          recent: 1,
          longest: [
            { name: 'Initech' },
            { name: 'Acme', lastSponsored: DateTime.fromISO('2025-03-02', { zone: ZONE }) },
          ],
        },
      },
      week,
    );
    expect(digest.blocks.slice(-2)).toMatchSnapshot();
    expect(digest.text).toMatch(/1 project stale\. Only 1 sponsor gave in the last 6 months\.$/);
    const plain = communityDigest(figures, week);
    expect(JSON.stringify(plain)).not.toMatch(/Stale|Sponsors|stale|sponsor/);
  });
});
