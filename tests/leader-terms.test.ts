/**
 * Terms and succession on a simulated clock, decided by decideTick and decideWork as the writer does: the term
 * DM 30 days before Term ends, Stay another term, a Hand over approved by another leader (the new leader in
 * Leaders and walked through, the outgoing one stepping down on their day), and no successor named: a call for
 * volunteers 14 days after the DM, once.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Change } from '../sheets-schema/changes.js';
import { withChanges } from '../sheets-schema/overlay.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import { decideTick, decideWork, WRITER_TABS } from '../workflows/decide.js';
import type { Work } from '../workflows/inputs.js';
import { LEADER_KINDS } from '../workflows/leaders/kinds.js';
import { LEADER_REPLIES } from '../workflows/leaders/messages.js';
import { renderOutbox } from '../workflows/renderers.js';
import { sheetOf } from './fakes/sheet-of.js';

const ZONE = 'Europe/London';
const ADA = 'U07ADALOVE1';
const BOB = 'U07BOBBYTA1';
const CY = 'U07CYRILLE1';
const START = DateTime.fromISO('2027-01-20T10:30', { zone: ZONE });

function sheet(): Snapshot {
  return sheetOf(
    {
      Leaders: [
        {
          'Slack ID': ADA,
          Name: 'Ada Lovelace',
          Role: 'Greeter',
          'Can approve': 'Yes',
          Active: 'Yes',
          'Term ends': '2027-03-01',
          'Co-lead': BOB,
        },
        { 'Slack ID': BOB, Name: 'Bob Taylor', Role: 'Organizer', 'Can approve': 'Yes', Active: 'Yes' },
      ],
      Members: [
        { 'Member ID': 'M-3', Name: 'Cyrille Ng', Email: 'cy@example.org', 'Slack ID': CY, Status: 'Active' },
      ],
    },
    {
      'Group name': 'Leeds Makers',
      'Time zone': ZONE,
      'Leader check-ins': 'Off',
      'Announcements channel': '#announcements',
    },
  );
}

type Row = Record<string, unknown>;
const outboxOf = (changes: readonly Change[]) =>
  changes
    .filter((c): c is Extract<Change, { kind: 'append' }> => c.kind === 'append' && c.tab === 'Outbox')
    .map((c) => c.values as Row);

/** A world on a clock: ticks once a day at 10:30, work decided as it comes; what was planned, by day. */
function world() {
  let view = sheet();
  const planned: { day: string; row: Row }[] = [];
  const apply = (changes: readonly Change[], at: DateTime) => {
    for (const row of outboxOf(changes)) planned.push({ day: at.setZone(ZONE).toISODate() as string, row });
    view = withChanges(view, changes);
  };
  return {
    view: () => view,
    planned,
    days(from: DateTime, to: DateTime) {
      for (let at = from; at <= to; at = at.plus({ days: 1 }))
        apply(decideTick(view, WRITER_TABS, at).changes, at);
    },
    work(work: Work, at: DateTime) {
      const plan = decideWork(work, view, at);
      apply(plan.changes, at);
      return plan;
    },
    of: (kind: string) => planned.filter((p) => p.row.kind === kind),
    leader: (id: string) => view.table('Leaders').byId(id)?.values,
  };
}

const on = (date: string) => DateTime.fromISO(`${date}T10:30`, { zone: ZONE });
const pressed = (user: string, identity: string) => ({
  identity,
  receivedAt: '2027-01-31T12:00:00Z',
  user,
  channel: 'D07ADADM001',
  messageTs: '1800000000.000100',
});

describe('a term ending', () => {
  it('no successor named: the term DM 30 days before, a call for volunteers 14 days later, each once', () => {
    const w = world();
    w.days(START, on('2027-03-10'));
    expect(w.of(LEADER_KINDS.term).map((p) => [p.day, p.row.to, p.row.about])).toEqual([
      ['2027-01-30', ADA, `${ADA} 2027-03-01`],
    ]);
    expect(w.of(LEADER_KINDS.call).map((p) => [p.day, p.row.to])).toEqual([['2027-02-13', '#announcements']]);
    // The DM has both buttons, only for her; the call says which role is open.
    const term = renderOutbox(w.of(LEADER_KINDS.term)[0]?.row as never, w.view());
    expect(JSON.stringify(term)).toContain('leader:stay');
    expect(JSON.stringify(term)).toContain('leader:hand-over');
    const call = renderOutbox(w.of(LEADER_KINDS.call)[0]?.row as never, w.view());
    expect(JSON.stringify(call)).toContain('looking for a new Greeter');
    // Nobody stepped down: there is no successor.
    expect(w.leader(ADA)?.active).toBe(true);
  });

  it('Stay another term: only she may press it; Term ends moves on by Leader term months; no call', () => {
    const w = world();
    w.days(START, on('2027-01-31'));
    const refused = w.work(
      { kind: 'leader_stay', ...pressed(BOB, 'slack:action:1'), leader: ADA },
      on('2027-01-31'),
    );
    expect(refused.ephemerals.map((e) => e.text)).toEqual([LEADER_REPLIES.notYours]);
    const stay = { kind: 'leader_stay' as const, ...pressed(ADA, 'slack:action:2'), leader: ADA };
    const stayed = w.work(stay, on('2027-01-31'));
    expect(stayed.ephemerals[0]?.text).toContain('Thank you for staying');
    expect(w.leader(ADA)?.termEnds?.toISODate()).toBe('2028-03-01');
    // The same click delivered again: one effect.
    expect(w.work(stay, on('2027-01-31')).changes).toEqual([]);
    expect(w.leader(ADA)?.termEnds?.toISODate()).toBe('2028-03-01');
    w.days(on('2027-02-01'), on('2027-03-10'));
    expect(w.of(LEADER_KINDS.call)).toEqual([]);
    expect(w.leader(ADA)?.active).toBe(true);
  });

  it('Hand over: a succession approval another leader decides; the successor leads, she steps down on her day', () => {
    const w = world();
    w.days(START, on('2027-01-31'));
    const named = w.work(
      {
        kind: 'leader_successor_view',
        ...pressed(ADA, 'slack:view:V1'),
        leader: ADA,
        successor: CY,
        notes: 'Cyrille greets half the newcomers already',
      },
      on('2027-01-31'),
    );
    expect(named.ephemerals[0]?.text).toBe(LEADER_REPLIES.handOverSent);
    const approval = w.view().table('Approvals').rows[0]?.values;
    expect(approval).toMatchObject({
      kind: 'succession',
      subject: `${ADA} ${CY} 2027-03-01`,
      status: 'Pending',
    });
    const approvalId = approval?.approvalId as string;
    const click = (user: string, identity: string): Work => ({
      kind: 'approval_click',
      ...pressed(user, identity),
      channel: 'C07LEADERS1',
      decision: 'approve',
      approvalId,
    });
    // Neither the leader handing over nor (once a leader) the successor may decide it.
    expect(w.work(click(ADA, 'slack:action:3'), on('2027-02-01')).ephemerals[0]?.text).toContain(
      'part of this hand-over',
    );
    expect(w.view().table('Approvals').byId(approvalId)?.values.status).toBe('Pending');
    w.work(click(BOB, 'slack:action:4'), on('2027-02-01'));
    expect(w.leader(CY)).toMatchObject({
      name: 'Cyrille Ng',
      role: 'Greeter',
      canApprove: true,
      active: true,
      coLead: BOB,
    });
    expect(w.leader(CY)?.termEnds?.toISODate()).toBe('2028-03-01');
    expect(w.of(LEADER_KINDS.welcome).map((p) => p.row.to)).toEqual([CY]);
    expect(w.of(LEADER_KINDS.handedOver).map((p) => p.row.to)).toEqual([ADA]);
    const welcome = JSON.stringify(renderOutbox(w.of(LEADER_KINDS.welcome)[0]?.row as never, w.view()));
    expect(welcome).toContain('Greeters welcome newcomers');
    expect(welcome).toContain(`<@${BOB}>`);
    // A successor approved: no call; she stays a leader until her Term ends day, then steps down.
    w.days(on('2027-02-02'), on('2027-02-28'));
    expect(w.of(LEADER_KINDS.call)).toEqual([]);
    expect(w.leader(ADA)?.active).toBe(true);
    w.days(on('2027-03-01'), on('2027-03-02'));
    expect(w.leader(ADA)?.active).toBe(false);
    expect(w.leader(CY)?.active).toBe(true);
  });

  it('Hand over declined: she is told, nothing changes, and her term DM still lets her name someone else', () => {
    const w = world();
    w.days(START, on('2027-01-31'));
    w.work(
      {
        kind: 'leader_successor_view',
        ...pressed(ADA, 'slack:view:V1'),
        leader: ADA,
        successor: CY,
        notes: '',
      },
      on('2027-01-31'),
    );
    const approvalId = w.view().table('Approvals').rows[0]?.values.approvalId as string;
    const decline = (identity: string): Work => ({
      kind: 'approval_click',
      ...pressed(BOB, identity),
      channel: 'C07LEADERS1',
      decision: 'decline',
      approvalId,
    });
    w.work(decline('slack:action:5'), on('2027-02-01'));
    expect(w.view().table('Approvals').byId(approvalId)?.values.status).toBe('Declined');
    expect(w.of(LEADER_KINDS.handOverDeclined).map((p) => [p.day, p.row.to, p.row.about])).toEqual([
      ['2027-02-01', ADA, approvalId],
    ]);
    const told = JSON.stringify(renderOutbox(w.of(LEADER_KINDS.handOverDeclined)[0]?.row as never, w.view()));
    expect(told).toContain('declined your hand-over');
    expect(told).toContain(`<@${CY}>`);
    expect(told).toContain('still work');
    // The same click again: told once. Nothing changed for her or Cyrille.
    w.work(decline('slack:action:5'), on('2027-02-01'));
    expect(w.of(LEADER_KINDS.handOverDeclined)).toHaveLength(1);
    expect(w.leader(ADA)).toMatchObject({ active: true, role: 'Greeter' });
    expect(w.leader(CY)).toBeUndefined();
    // Her term DM's Hand over still works: another successor, another approval.
    const again = w.work(
      {
        kind: 'leader_successor_view',
        ...pressed(ADA, 'slack:view:V2'),
        leader: ADA,
        successor: BOB,
        notes: '',
      },
      on('2027-02-02'),
    );
    expect(again.ephemerals[0]?.text).toBe(LEADER_REPLIES.handOverSent);
    expect(
      w
        .view()
        .table('Approvals')
        .rows.map((r) => r.values.status),
    ).toEqual(['Declined', 'Pending']);
  });
});
