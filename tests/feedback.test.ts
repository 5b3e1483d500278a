/**
 * Feedback decided from snapshots: who may rate an event (by the RSVP's Slack ID or their member row's), a
 * second rating replacing the first, the event's Rating (average) and Ratings (count) following the RSVPs (an
 * organizer's edit too, at the next tick), "Tell the organizers…" making one anonymous Feedback row (Contact
 * only when ticked), and the follow-up after joining: the first answer counts, without a name.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Change } from '../sheets-schema/changes.js';
import { withChanges } from '../sheets-schema/overlay.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import { TAB_NAMES, type TabName } from '../sheets-schema/tabs/index.js';
import type { RatingWord } from '../sheets-schema/tabs/rsvps.js';
import { decideTick, decideWork } from '../workflows/decide.js';
import { eventRating } from '../workflows/feedback/decisions.js';
import {
  ALREADY_ANSWERED_REPLY,
  FEEDBACK_ACTIONS,
  FEEDBACK_CALLBACK_ID,
  feedbackRefusal,
} from '../workflows/feedback/messages.js';
import type { Work } from '../workflows/inputs.js';
import type { Plan } from '../workflows/plan.js';
import { outboxIdFor } from '../workflows/records.js';
import { renderOutbox } from '../workflows/renderers.js';
import { clickOf, submittedModal } from './fakes/inputs.js';
import { type Rows, sheetOf } from './fakes/sheet-of.js';

const NOW = DateTime.fromISO('2026-12-11T10:00:00Z', { zone: 'utc' });
const AT = NOW.toISO() as string;

const ADA = 'U0ADA00001';
const BOB = 'U0BOB00001';
const EVE = 'U0EVE00001';
const ADA_DM = 'D0ADA00001';
const THANKS_TS = '1796000000.000100';
const FOLLOWUP_TS = '1796100000.000200';

const MEMBERS: Rows = [
  { 'Member ID': 'M-1', Name: 'Ada Lovelace', Email: 'ada@example.org', 'Slack ID': ADA, Status: 'Active' },
  { 'Member ID': 'M-2', Name: 'Bob Babbage', Email: 'bob@example.org', 'Slack ID': BOB, Status: 'Active' },
  { 'Member ID': 'M-3', Name: 'Eve Everett', Email: 'eve@example.org', 'Slack ID': EVE, Status: 'Active' },
];

const event = (over: Record<string, string | number> = {}) => ({
  'Event ID': 'EV-1',
  Title: 'Winter meetup',
  Starts: '2026-12-10 18:30',
  Status: 'Done',
  Confirmed: 3,
  Waitlisted: 0,
  ...over,
});

const rsvp = (id: number, over: Record<string, string | number> = {}) => ({
  'RSVP ID': `R-${id}`,
  'Event ID': 'EV-1',
  Email: `p${id}@example.org`,
  Response: 'Yes',
  Guests: 0,
  Status: 'Confirmed',
  ...over,
});

/** Ada's RSVP knows her Slack ID; Bob's only his email (his member row knows his Slack ID). */
const RSVPS: Rows = [
  rsvp(1, { Email: 'ada@example.org', 'Slack ID': ADA }),
  rsvp(2, { Email: 'bob@example.org' }),
  rsvp(3, { Email: 'cy@example.org' }),
];

function sheet(tabs: Partial<Record<TabName, Rows>> = {}): Snapshot {
  return sheetOf(
    { Members: MEMBERS, Events: [event()], RSVPs: RSVPS, ...tabs },
    { 'Time zone': 'Europe/Berlin', 'Group name': 'Leeds TypeScript', 'Leaders channel': '#leaders' },
  );
}

let clicks = 0;
/** A click on a rating button, as the Slack door hands it over. */
function rate(
  user: string,
  about: string,
  rating: 'loved' | 'ok' | 'notForMe',
  on: { channel: string; ts: string } = { channel: ADA_DM, ts: THANKS_TS },
): Work {
  return clickOf({
    identity: `slack:action:${on.ts}:${FEEDBACK_ACTIONS[rating]}:${user}:${1796200000 + ++clicks}.000001`,
    receivedAt: AT,
    actionId: FEEDBACK_ACTIONS[rating],
    value: about,
    user,
    channel: on.channel,
    messageTs: on.ts,
  });
}

let views = 0;
/** "Tell the organizers…", submitted. */
function tell(user: string, about: string, words: string, contact = false, view = `V0FEED${++views}`): Work {
  return submittedModal(FEEDBACK_CALLBACK_ID, {
    identity: `slack:view:${view}`,
    receivedAt: AT,
    user,
    values: { feedback: words, contact: contact ? 'yes' : '' },
    metadata: { about, channel: ADA_DM, messageTs: THANKS_TS },
  });
}

/** Decides work one after another, as the writer does within a batch. */
function run(snapshot: Snapshot, works: Work[]): { view: Snapshot; plans: Plan[]; changes: Change[] } {
  let view = snapshot;
  const plans = works.map((work) => {
    const plan = decideWork(work, view, NOW);
    view = withChanges(view, plan.changes);
    return plan;
  });
  return { view, plans, changes: plans.flatMap((p) => p.changes) };
}

const rows = <T extends TabName>(view: Snapshot, tab: T) => view.table(tab).rows.map((r) => r.values);
const ratingOf = (view: Snapshot, id: string) => view.table('RSVPs').byId(id)?.values.rating;
const eventOf = (view: Snapshot) => view.table('Events').byId('EV-1')?.values;
const appends = (changes: Change[], tab: TabName) =>
  changes.filter((c) => c.kind === 'append' && c.tab === tab).map((c) => (c as { values: object }).values);

describe('who may rate an event', () => {
  it.each([
    ['their own RSVP, by its Slack ID', ADA, 'R-1', 'taken'],
    ['their own RSVP, by their member row’s Slack ID', BOB, 'R-2', 'taken'],
    ['someone else’s RSVP', BOB, 'R-1', 'not-yours'],
    ['an RSVP whose person has no Slack ID anywhere', EVE, 'R-3', 'not-yours'],
    ['an RSVP no longer in the sheet', ADA, 'R-99', 'unknown'],
  ] as const)('%s: %s', (_case, user, about, outcome) => {
    const { view, plans } = run(sheet(), [rate(user, about, 'loved')]);
    const plan = plans[0] as Plan;
    if (outcome === 'taken') {
      expect(ratingOf(view, about)).toBe('Loved it');
      expect(eventOf(view)).toMatchObject({ rating: 3, ratings: 1 });
      expect(plan.ephemerals).toEqual([
        {
          channel: ADA_DM,
          user,
          text: 'Thanks! You rated Winter meetup: Loved it. Changed your mind? Tap another answer.',
        },
      ]);
    } else {
      expect(plan.changes).toEqual([]);
      expect(rows(view, 'RSVPs').map((r) => r.rating)).toEqual([undefined, undefined, undefined]);
      expect(plan.ephemerals).toEqual([{ channel: ADA_DM, user, text: feedbackRefusal(outcome) }]);
    }
  });
});

describe('a rating, and a second one', () => {
  it('a second rating replaces the first; the event follows, and Audit says what it was', () => {
    const { view, plans } = run(sheet(), [rate(ADA, 'R-1', 'loved'), rate(ADA, 'R-1', 'notForMe')]);
    expect(ratingOf(view, 'R-1')).toBe('Not for me');
    expect(eventOf(view)).toMatchObject({ rating: 1, ratings: 1 });
    expect(appends(plans[1]?.changes ?? [], 'Audit')).toMatchObject([
      { actor: ADA, action: 'feedback.rating', target: 'R-1', details: 'EV-1: Not for me (was Loved it)' },
    ]);
    expect(plans.map((p) => p.ephemerals.length)).toEqual([1, 1]);
  });

  it('the same rating again changes nothing in the sheet but is answered: each click is', () => {
    const { view, plans } = run(sheet(), [rate(ADA, 'R-1', 'ok'), rate(ADA, 'R-1', 'ok')]);
    expect(ratingOf(view, 'R-1')).toBe('It was OK');
    const second = plans[1] as Plan;
    expect(second.changes.map((c) => c.tab)).toEqual(['Outbox']);
    expect(appends(second.changes, 'Outbox')).toMatchObject([{ kind: 'feedback.reply', status: 'Sent' }]);
    expect(second.ephemerals).toHaveLength(1);
  });

  it('the same click delivered again is neither applied nor answered twice', () => {
    const click = rate(ADA, 'R-1', 'loved');
    const { plans } = run(sheet(), [click, click]);
    expect(plans[1]).toMatchObject({ changes: [], ephemerals: [], send: [] });
  });

  it('a sheet whose RSVPs tab has no Rating column yet: told so, nothing written', () => {
    const snapshot = sheet();
    const rsvps = snapshot.table('RSVPs');
    const { rating: _, ...index } = rsvps.headers.index;
    const without: Snapshot = {
      ...snapshot,
      table: ((tab: TabName) =>
        tab === 'RSVPs'
          ? { ...rsvps, headers: { ...rsvps.headers, index } }
          : snapshot.table(tab)) as Snapshot['table'],
    };
    const plan = decideWork(rate(ADA, 'R-1', 'loved'), without, NOW);
    expect(plan.changes).toEqual([]);
    expect(plan.ephemerals[0]?.text).toBe(feedbackRefusal('no-rating-column'));
  });
});

describe('an event’s Rating and Ratings', () => {
  it.each([
    [['Loved it'], 3, 1],
    [['Loved it', 'It was OK'], 2.5, 2],
    [['Loved it', 'Loved it', 'Not for me'], 2.3, 3],
    [['It was OK', 'Not for me', 'Not for me'], 1.3, 3],
    [['Loved it', 'Loved it', 'It was OK'], 2.7, 3],
    [['Loved it', 'It was OK', 'It was OK', 'Not for me'], 2, 4],
    [[], undefined, 0],
  ] as [RatingWord[], number | undefined, number][])(
    '%j: Rating %s, Ratings %s',
    (ratings, average, count) => {
      const rsvps = ratings.map((rating, i) => ({ ...rsvp(i + 1), rating }));
      expect(eventRating(rsvps as never)).toEqual({ rating: average, ratings: count });
      // The tick brings a stale row in line, and says nothing once it agrees.
      const snapshot = sheet({
        Events: [event({ Rating: 1.5, Ratings: 9 })],
        RSVPs: ratings.map((rating, i) => rsvp(i + 1, { Rating: rating })),
      });
      const first = decideTick(snapshot, TAB_NAMES, NOW);
      const view = withChanges(snapshot, first.changes);
      expect(eventOf(view)).toMatchObject({ rating: average, ratings: count });
      const again = decideTick(view, TAB_NAMES, NOW);
      expect(again.changes.filter((c) => c.tab === 'Events')).toEqual([]);
    },
  );

  it('an event nobody rated is left blank, not written 0 on every tick', () => {
    const plan = decideTick(sheet(), TAB_NAMES, NOW);
    expect(plan.changes.filter((c) => c.tab === 'Events')).toEqual([]);
  });

  it('an organizer’s edit to a rating is followed at the next tick', () => {
    // Ada and Bob rated it (3 and 2: 2.5); then an organizer changed Bob's to Not for me, typed one for Cy and
    // cleared Ada's.
    const rated = run(sheet(), [rate(ADA, 'R-1', 'loved'), rate(BOB, 'R-2', 'ok')]).view;
    expect(eventOf(rated)).toMatchObject({ rating: 2.5, ratings: 2 });
    const edited = sheet({
      Events: [event({ Rating: 2.5, Ratings: 2 })],
      RSVPs: [
        rsvp(1, { Email: 'ada@example.org', 'Slack ID': ADA }),
        rsvp(2, { Email: 'bob@example.org', Rating: 'Not for me' }),
        rsvp(3, { Email: 'cy@example.org', Rating: 'Loved it' }),
      ],
    });
    const tick = decideTick(edited, TAB_NAMES, NOW);
    expect(tick.changes.filter((c) => c.tab === 'Events')).toEqual([
      { kind: 'update', tab: 'Events', id: 'EV-1', set: { rating: 2 } },
    ]);
  });
});

describe('Tell the organizers…', () => {
  it('about an event, contact ticked: one Feedback row with their rating, words and Slack ID; leaders told', () => {
    const snapshot = sheet({
      RSVPs: [rsvp(1, { Email: 'ada@example.org', 'Slack ID': ADA, Rating: 'It was OK' })],
    });
    const { view, plans } = run(snapshot, [tell(ADA, 'R-1', '  More chairs, please.  ', true)]);
    expect(rows(view, 'Feedback')).toEqual([
      {
        feedbackId: 'FB-1',
        received: NOW,
        about: 'EV-1',
        rating: 'It was OK',
        feedback: 'More chairs, please.',
        contact: ADA,
      },
    ]);
    const plan = plans[0] as Plan;
    const note = appends(plan.changes, 'Outbox')[0] as { kind: string; to: string; about: string };
    expect(note).toMatchObject({ kind: 'note', to: '#leaders' });
    expect(note.about).toBe(
      ':speech_balloon: New feedback about Winter meetup (EV-1), rated It was OK: FB-1 in the Feedback tab. They would welcome a reply: see Contact.',
    );
    expect(plan.send).toEqual([outboxIdFor(`feedback:slack:view:V0FEED${views}`)]);
    expect(plan.ephemerals).toEqual([
      {
        channel: ADA_DM,
        user: ADA,
        text: 'Thanks! Your words reached the organizers, with your name so they can reply.',
      },
    ]);
  });

  it.each([
    ['about an event', 'R-2', BOB, 'EV-1'],
    ['about joining', 'M-2', BOB, 'Joining'],
  ])(
    '%s, not ticked: who wrote it is nowhere, and the words only in the Feedback row',
    (_case, about, user, shown) => {
      const words = 'The room was too cold';
      const { view, plans } = run(sheet(), [tell(user, about, words)]);
      expect(rows(view, 'Feedback')).toEqual([
        { feedbackId: 'FB-1', received: NOW, about: shown, feedback: words },
      ]);
      const plan = plans[0] as Plan;
      const elsewhere = JSON.stringify([plan.changes.filter((c) => c.tab !== 'Feedback'), plan.notes]);
      for (const secret of [user, 'bob@example.org', 'Bob', 'M-2', 'R-2', words, 'cold']) {
        expect(elsewhere).not.toContain(secret);
      }
      expect(appends(plan.changes, 'Audit')).toMatchObject([
        { actor: 'Hearth', action: 'feedback.received' },
      ]);
      expect(plan.ephemerals[0]?.text).toBe('Thanks! Your words reached the organizers, without your name.');
    },
  );

  it('the same submission delivered again makes no second row and says nothing', () => {
    const submitted = tell(ADA, 'R-1', 'Great talk');
    const { view, plans } = run(sheet(), [submitted, submitted]);
    expect(rows(view, 'Feedback')).toHaveLength(1);
    expect(plans[1]).toMatchObject({ changes: [], ephemerals: [], send: [] });
  });

  it('two submissions are two rows', () => {
    const { view } = run(sheet(), [tell(ADA, 'R-1', 'Great talk'), tell(ADA, 'R-1', 'And the snacks')]);
    expect(rows(view, 'Feedback').map((r) => [r.feedbackId, r.feedback])).toEqual([
      ['FB-1', 'Great talk'],
      ['FB-2', 'And the snacks'],
    ]);
  });

  it.each([
    ['someone else’s RSVP', EVE, 'R-1', 'x', 'not-yours'],
    ['someone else’s joining', EVE, 'M-1', 'x', 'not-yours'],
    ['an RSVP no longer there', ADA, 'R-42', 'x', 'unknown'],
    ['nothing written', ADA, 'R-1', '   ', 'empty'],
  ] as const)('%s: nothing recorded, and told why', (_case, user, about, words, reason) => {
    const plan = decideWork(tell(user, about, words), sheet(), NOW);
    expect(plan.changes).toEqual([]);
    expect(plan.ephemerals).toEqual([{ channel: ADA_DM, user, text: feedbackRefusal(reason) }]);
  });
});

describe('the follow-up after joining', () => {
  const followUp = { channel: ADA_DM, ts: FOLLOWUP_TS };
  /** The follow-up as sent to Ada: its Outbox row links the message. */
  const sent = () =>
    sheet({
      Outbox: [
        {
          'Message ID': outboxIdFor('followup:M-1'),
          Kind: 'followup',
          Due: '2026-12-08 10:00',
          To: 'member:M-1',
          About: 'M-1',
          Status: 'Sent',
          'Slack message': `https://hearth.slack.com/archives/${ADA_DM}/p${FOLLOWUP_TS.replace('.', '')}`,
        },
      ],
    });

  it('a rating: a Feedback row without a name, and the message edited in place; nothing says who', () => {
    const { view, plans } = run(sent(), [rate(ADA, 'M-1', 'loved', followUp)]);
    expect(rows(view, 'Feedback')).toEqual([
      { feedbackId: 'FB-1', received: NOW, about: 'Joining', rating: 'Loved it' },
    ]);
    const plan = plans[0] as Plan;
    const edit = appends(plan.changes, 'Outbox') as { kind: string; to: string; about: string }[];
    expect(edit).toMatchObject([{ kind: 'feedback.answered', to: ADA_DM, status: 'Scheduled' }]);
    expect(edit[0]?.about).toMatch(new RegExp(`^${FOLLOWUP_TS.replace('.', '\\.')} #\\w+$`));
    expect(plan.send).toHaveLength(1);
    // Who answered is in no cell, note or reply of it: not their Slack ID, Member ID, email or name.
    const written = JSON.stringify([plan.changes, plan.notes]);
    for (const secret of [ADA, 'M-1', 'ada@example.org', 'Ada']) expect(written).not.toContain(secret);
    expect(appends(plan.changes, 'Audit')).toMatchObject([
      {
        actor: '(anonymous)',
        action: 'feedback.received',
        target: 'FB-1',
        details: 'about joining: Loved it',
        key: '',
      },
    ]);
    // The edit thanks them, takes the rating buttons away and keeps Tell the organizers….
    const delivery = renderOutbox(view.table('Outbox').byId(plan.send[0] as string)?.values as never, view);
    expect(delivery).toMatchObject({
      kind: 'update',
      permalink: `https://slack.com/archives/${ADA_DM}/p${FOLLOWUP_TS.replace('.', '')}`,
    });
    const blocks = JSON.stringify((delivery as { message: { blocks: unknown } }).message.blocks);
    expect(blocks).toContain('Thanks for telling us how it’s going, Ada Lovelace!');
    expect(blocks).not.toMatch(/feedback:(loved|ok|not-for-me)/);
    expect(blocks).toContain('"action_id":"feedback:tell","value":"M-1"');
  });

  it('the first answer counts: a second click makes no row and is told so; the same click again is silent', () => {
    const first = rate(ADA, 'M-1', 'loved', followUp);
    const { view, plans } = run(sent(), [first, first, rate(ADA, 'M-1', 'notForMe', followUp)]);
    expect(rows(view, 'Feedback')).toHaveLength(1);
    expect(plans[1]).toMatchObject({ changes: [], ephemerals: [], send: [] });
    expect(plans[2]).toMatchObject({
      changes: [],
      send: [],
      ephemerals: [{ channel: ADA_DM, user: ADA, text: ALREADY_ANSWERED_REPLY }],
    });
  });

  it('only that member may answer', () => {
    const plan = decideWork(rate(BOB, 'M-1', 'ok', followUp), sent(), NOW);
    expect(plan.changes).toEqual([]);
    expect(plan.ephemerals[0]?.text).toBe(feedbackRefusal('not-yours'));
  });
});
