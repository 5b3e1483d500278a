/**
 * The writer's decide step on its own (workflows/batch.ts): a whole batch against one snapshot, no I/O. Work is
 * decided in order against what came before it, taken whole or held whole, a tick finds what is due and marks
 * it Sending in the same write, and what earlier sends learnt rides along.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { type Change, update } from '../sheets-schema/changes.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import type { TabName } from '../sheets-schema/tabs/index.js';
import { type BatchContext, clickersOf, decideBatch } from '../workflows/batch.js';
import type { Input } from '../workflows/inputs.js';
import { clickOf, joinInput } from './fakes/inputs.js';
import { type Rows, sheetOf } from './fakes/sheet-of.js';

const NOW = DateTime.fromISO('2026-12-01T10:00:00Z', { zone: 'utc' });
const TICK: Input = { kind: 'tick', identity: 'tick', receivedAt: NOW.toISO() as string };

function sheet(tabs: Partial<Record<TabName, Rows>> = {}): Snapshot {
  return sheetOf(tabs, {
    'Time zone': 'Europe/London',
    'Leaders channel': '#leaders',
    'Join approval': 'Not required',
    'Announcements channel': '#events',
  });
}

const context = (over: Partial<BatchContext> = {}): BatchContext => ({
  paused: new Set(),
  unmarked: [],
  inFlight: new Set(),
  ledger: new Map(),
  unconfirmed: new Map(),
  reconcileIds: false,
  held: new Map(),
  profileEmails: new Map(),
  ...over,
});

const join = (n: number, email = `person${n}@example.org`) =>
  joinInput({ identity: `form:j${n}`, submittedAt: NOW.toISO() as string }, { name: `Person ${n}`, email });

const appended = (changes: readonly Change[], tab: TabName) =>
  changes.filter((c) => c.kind === 'append' && c.tab === tab);

describe('decideBatch', () => {
  it('decides each piece of work against the ones before it: the same person twice is one member, once', () => {
    const decision = decideBatch(
      sheet(),
      [join(1, 'ada@example.org'), join(2, 'ADA@example.org')],
      NOW,
      context(),
    );
    expect(decision.work.map((w) => w.status)).toEqual(['applied', 'duplicate']);
    expect(appended(decision.changes, 'Members')).toHaveLength(1);
    // The welcome is sent after the write, and marked Sending in it.
    expect(decision.sends.length).toBeGreaterThan(0);
    for (const { id } of decision.sends)
      expect(decision.changes).toContainEqual(update('Outbox', id, { status: 'Sending', sent: NOW }));
  });

  it('holds a piece of work whole when a tab it writes is paused, and keeps when it was first held', () => {
    const since = NOW.minus({ hours: 3 });
    const decision = decideBatch(
      sheet(),
      [join(1)],
      NOW,
      context({
        paused: new Set<TabName>(['Members']),
        held: new Map([['form:j1', { what: 'a join form answer', tabs: ['Members'], since }]]),
      }),
    );
    expect(decision.work).toEqual([expect.objectContaining({ identity: 'form:j1', status: 'held' })]);
    expect(decision.held.get('form:j1')).toEqual({ what: 'a join form answer', tabs: ['Members'], since });
    // Nothing for the paused tab is in the write, and nothing of the join is sent: the one message is the
    // leaders' notice (once a day) of what waits.
    expect(decision.changes.every((c) => c.tab !== 'Members')).toBe(true);
    const outbox = appended(decision.changes, 'Outbox');
    expect(outbox).toEqual([
      expect.objectContaining({ values: expect.objectContaining({ to: '#leaders' }) }),
    ]);
    expect(decision.sends.map((s) => s.id)).toEqual(
      outbox.map((c) => c.kind === 'append' && c.values.messageId),
    );
  });

  it('forgets a held piece of work once it is taken', () => {
    const held = new Map([['form:j1', { what: 'a join form answer', tabs: ['Members'], since: NOW }]]);
    const decision = decideBatch(sheet(), [join(1)], NOW, context({ held }));
    expect(decision.work[0]?.status).toBe('applied');
    expect(decision.held.size).toBe(0);
  });

  it('a tick sends what is due, but nothing this writer already has in flight', () => {
    const due = (id: string) => ({
      'Message ID': id,
      Kind: 'note',
      Due: '2026-12-01 09:00',
      To: '#leaders',
      About: 'a note',
      Status: 'Scheduled',
    });
    const decision = decideBatch(
      sheet({ Outbox: [due('MSG-1'), due('MSG-2')] }),
      [TICK],
      NOW,
      context({ inFlight: new Set(['MSG-2']) }),
    );
    expect(decision.sends.map((s) => s.id)).toEqual(['MSG-1']);
    expect(decision.work).toEqual([]);
  });

  it('earlier sends’ marks ride in this write, first', () => {
    const mark = update('Outbox', 'MSG-9', { status: 'Sent', sent: NOW });
    const decision = decideBatch(sheet(), [join(1)], NOW, context({ unmarked: [mark] }));
    expect(decision.changes[0]).toEqual(mark);
    expect(decision.marks).toEqual([mark]);
  });

  it('matches a click by the Slack profile email gathered for it, when no member row knows the Slack ID', () => {
    const members: Rows = [{ 'Member ID': 'M-1', Name: 'Bob', Email: 'bob@example.org', Status: 'Active' }];
    const events: Rows = [
      { 'Event ID': 'EV-1', Title: 'Supper', Starts: '2026-12-10 18:30', Capacity: 3, Status: 'Announced' },
    ];
    const click = clickOf({
      identity: 'slack:action:1',
      receivedAt: NOW.toISO() as string,
      actionId: 'rsvp:yes',
      value: 'EV-1',
      user: 'U07BOBBYTAB',
      channel: 'C07EVENTS01',
    });
    expect(clickersOf([click, TICK])).toEqual(['U07BOBBYTAB']);
    const without = decideBatch(sheet({ Members: members, Events: events }), [click], NOW, context());
    expect(appended(without.changes, 'RSVPs')).toEqual([]);
    const decision = decideBatch(
      sheet({ Members: members, Events: events }),
      [click],
      NOW,
      context({ profileEmails: new Map([['U07BOBBYTAB', 'bob@example.org']]) }),
    );
    expect(appended(decision.changes, 'RSVPs')).toEqual([
      expect.objectContaining({
        values: expect.objectContaining({ email: 'bob@example.org', slackId: 'U07BOBBYTAB' }),
      }),
    ]);
  });

  it('brings the IDs tab up to the IDs it gave, and names them for the ledger', () => {
    const decision = decideBatch(sheet(), [join(1)], NOW, context());
    expect(decision.ids.reconciled).toBe(true);
    expect(decision.ids.marks.get('M-')).toBe(1);
    expect(decision.changes.some((c) => c.tab === 'IDs')).toBe(decision.ids.written);
  });
});
