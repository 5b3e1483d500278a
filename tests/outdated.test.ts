import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Work } from '../workflows/inputs.js';
import { REASON_CALLBACK_ID } from '../workflows/moderation/messages.js';
import { OUTDATED_KIND } from '../workflows/outbox/kinds.js';
import { OUTDATED_REPLY, outdatedClick } from '../workflows/outbox/outdated.js';
import { clickOf, submittedModal } from './fakes/inputs.js';
import { sheetOf } from './fakes/sheet-of.js';

const NOW = DateTime.fromISO('2026-12-01T10:00:00Z');
const LEADERS = 'C07LEADERS1';
const link = (channel: string, ts: string) =>
  `https://hearth-test.slack.com/archives/${channel}/p${ts.replace('.', '')}`;
const REQUEST = { channel: LEADERS, ts: '1796000000.000100' };
const ANNOUNCEMENT = { channel: 'C07ANNOUNCE', ts: '1796000000.000200' };
const INCIDENT = { channel: LEADERS, ts: '1796000000.000300' };
const ESCALATION = { channel: 'D07FRANCES1', ts: '1796000000.000400' };
const ELSEWHERE = { channel: LEADERS, ts: '1795000000.000900' };

const snapshot = sheetOf(
  {
    Approvals: [
      {
        'Approval ID': 'AP-1',
        Kind: 'join',
        Subject: 'M-1',
        Status: 'Pending',
        'Slack message': link(REQUEST.channel, REQUEST.ts),
      },
      { 'Approval ID': 'AP-2', Kind: 'join', Subject: 'M-2', Status: 'Pending' },
    ],
    Events: [
      {
        'Event ID': 'EV-1',
        Title: 'Supper',
        Starts: '2027-01-20 19:00',
        Status: 'Announced',
        'Slack message': link(ANNOUNCEMENT.channel, ANNOUNCEMENT.ts),
      },
    ],
    Incidents: [
      {
        'Incident ID': 'IN-1',
        About: 'someone',
        Details: 'spam',
        Status: 'Open',
        'Slack message': link(INCIDENT.channel, INCIDENT.ts),
      },
    ],
    Outbox: [
      {
        'Message ID': 'MSG-ESC',
        Kind: 'incident.escalation',
        Due: '2026-11-30 10:00',
        To: 'U07FRANCES1',
        About: 'IN-1 2',
        Status: 'Sent',
        'Slack message': link(ESCALATION.channel, ESCALATION.ts),
      },
    ],
  },
  {},
);

const click = (actionId: string, value: string, at?: { channel: string; ts: string }): Work =>
  clickOf({
    identity: `slack:action:${at?.ts ?? 'none'}:${actionId}:U07OLIVE001:1796000001.000001`,
    receivedAt: NOW.toISO() as string,
    actionId,
    value,
    user: 'U07OLIVE001',
    channel: at?.channel ?? '',
    ...(at ? { messageTs: at.ts } : {}),
  });
const reason = (at: { channel: string; ts: string }): Work =>
  submittedModal(REASON_CALLBACK_ID, {
    identity: 'slack:view:V07REASON01',
    receivedAt: NOW.toISO() as string,
    user: 'U07OLIVE001',
    values: { reason: 'handled' },
    metadata: { incidentId: 'IN-1', action: 'resolve', channel: at.channel, messageTs: at.ts },
  });

describe('a click is honoured only from a message its record keeps', () => {
  it.each([
    ['Approve on the request', click('approval:approve', 'AP-1', REQUEST)],
    ['Approve on a request whose link Hearth never learnt', click('approval:approve', 'AP-2', ELSEWHERE)],
    ['Going on the announcement', click('rsvp:yes', 'EV-1', ANNOUNCEMENT)],
    ['Acknowledge on the incident post', click('incident:ack', 'IN-1', INCIDENT)],
    ['Acknowledge on an escalation DM (its Outbox row links it)', click('incident:ack', 'IN-1', ESCALATION)],
    ['Resolve’s reason, from the incident post', reason(INCIDENT)],
    ['a click from no message (a modal)', click('approval:approve', 'AP-1')],
  ])('%s: decided as usual', (_case, work) => {
    expect(outdatedClick(work, snapshot, NOW)).toBeUndefined();
  });

  it.each([
    ['Approve on another message', click('approval:approve', 'AP-1', ELSEWHERE)],
    [
      'Approve for an approval the sheet does not have (lost in a restore)',
      click('approval:approve', 'AP-9', ELSEWHERE),
    ],
    ['Going on another message', click('rsvp:yes', 'EV-1', ELSEWHERE)],
    ['Ban on another message', click('incident:ban', 'IN-1', ELSEWHERE)],
    ['Resolve’s reason, from another message', reason(ELSEWHERE)],
  ])('%s: out of date, nothing changes, that message loses its buttons', (_case, work) => {
    const plan = outdatedClick(work, snapshot, NOW);
    expect(plan?.ephemerals).toEqual([{ channel: LEADERS, user: 'U07OLIVE001', text: OUTDATED_REPLY }]);
    const tabs = plan?.changes.map((c) => c.tab);
    expect(tabs).toEqual(['Audit', 'Outbox']);
    expect(plan?.changes[1]).toMatchObject({
      values: { kind: OUTDATED_KIND, to: LEADERS, about: ELSEWHERE.ts },
    });
  });
});
