/** How the leader team's Outbox rows become Slack messages, from the sheet as it is when they are sent. */
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { post, type Renderer, skip } from '../outbox/delivery.js';
import { idList, leaderBySlackId, type OutboxRow } from '../records.js';
import { LEADER_ROUND_PREFIX } from './intros.js';
import { LEADER_KINDS, type LeaderKind, parseSuccession } from './kinds.js';
import { leadersNamed } from './load.js';
import {
  handedOverMessage,
  handOverDeclinedMessage,
  inactiveLeaderMessage,
  leaderCheckInMessage,
  leaderIntroMessage,
  quietLeaderMessage,
  termMessage,
  volunteersMessage,
  welcomeLeaderMessage,
} from './messages.js';
import { INACTIVE_LEADER_DAYS } from './quiet.js';
import { nameOf } from './succession.js';
import { termDay } from './terms.js';

const aboutParts = (row: OutboxRow) => (row.about ?? '').trim().split(/\s+/);

/** Sent only while its leader is still Active (one who stepped back meanwhile is not asked). */
function activeLeader(row: OutboxRow, snapshot: Snapshot) {
  const [slackId = ''] = aboutParts(row);
  const leader = leaderBySlackId(snapshot, slackId);
  return leader?.active === true ? leader : undefined;
}

const approvalOf = (row: OutboxRow, snapshot: Snapshot) =>
  row.about ? snapshot.table('Approvals').byId(row.about)?.values : undefined;

export const LEADER_RENDERERS: Record<LeaderKind, Renderer> = {
  [LEADER_KINDS.quiet]: (row, snapshot) => {
    const leader = activeLeader(row, snapshot);
    if (!leader || !row.to) return skip('no longer an Active leader');
    return post(
      row.to,
      quietLeaderMessage({ name: leader.name ?? '', groupName: snapshot.settings.groupName }),
    );
  },
  [LEADER_KINDS.inactive]: (row, snapshot) => {
    const leader = activeLeader(row, snapshot);
    if (!leader || !row.to) return skip('no longer an Active leader');
    return post(
      row.to,
      inactiveLeaderMessage({
        leader: { name: leader.name ?? '', slackId: leader.slackId },
        days: INACTIVE_LEADER_DAYS,
      }),
    );
  },
  // Asked only while the term is still the one it was planned for (Stay moved it on: nothing to ask).
  [LEADER_KINDS.term]: (row, snapshot) => {
    const leader = activeLeader(row, snapshot);
    const [, day = ''] = aboutParts(row);
    if (!leader?.termEnds || !row.to) return skip('no longer an Active leader with a term');
    if (termDay(leader.termEnds, snapshot.timeZone) !== day) return skip(`Term ends is no longer ${day}`);
    return post(
      row.to,
      termMessage({
        slackId: leader.slackId,
        role: leader.role,
        termEnds: leader.termEnds,
        months: snapshot.settings.leaderTermMonths,
        timeZone: snapshot.timeZone,
      }),
    );
  },
  [LEADER_KINDS.reply]: () => skip('a reply on record: it was shown when the click was applied'),
  [LEADER_KINDS.welcome]: (row, snapshot) => {
    const approval = approvalOf(row, snapshot);
    const { outgoing, successor } = parseSuccession(approval?.subject);
    const leader = leaderBySlackId(snapshot, successor);
    if (!leader || !row.to) return skip(`${successor || 'the successor'} is not in Leaders`);
    const all = snapshot.table('Leaders').rows.map((r) => r.values);
    const [coLead] = leadersNamed(leader.coLead, all).filter((id) => id !== successor);
    return post(
      row.to,
      welcomeLeaderMessage({
        role: leader.role,
        groupName: snapshot.settings.groupName,
        from: { name: nameOf(snapshot, outgoing), slackId: outgoing },
        ...(coLead
          ? { coLead: { name: nameOf(snapshot, coLead), slackId: coLead } }
          : leader.coLead
            ? { coLead: { name: leader.coLead } }
            : {}),
        ...(leader.termEnds ? { termEnds: leader.termEnds } : {}),
        timeZone: snapshot.timeZone,
      }),
    );
  },
  [LEADER_KINDS.handedOver]: (row, snapshot) => {
    const approval = approvalOf(row, snapshot);
    const { outgoing, successor } = parseSuccession(approval?.subject);
    const role = leaderBySlackId(snapshot, successor)?.role ?? leaderBySlackId(snapshot, outgoing)?.role;
    if (!role || !row.to) return skip('the hand-over is not in the sheet any more');
    return post(
      row.to,
      handedOverMessage({ successor: { name: nameOf(snapshot, successor), slackId: successor }, role }),
    );
  },
  [LEADER_KINDS.handOverDeclined]: (row, snapshot) => {
    const approval = approvalOf(row, snapshot);
    const { outgoing, successor } = parseSuccession(approval?.subject);
    const role = leaderBySlackId(snapshot, outgoing)?.role;
    if (!role || !row.to) return skip('the hand-over or its leader is not in the sheet any more');
    return post(
      row.to,
      handOverDeclinedMessage({ successor: { name: nameOf(snapshot, successor), slackId: successor }, role }),
    );
  },
  [LEADER_KINDS.call]: (row, snapshot) => {
    const leader = leaderBySlackId(snapshot, aboutParts(row)[0] ?? '');
    if (!leader?.termEnds || !row.to) return skip('the leader or their term is not in Leaders any more');
    return post(
      row.to,
      volunteersMessage({
        role: leader.role,
        groupName: snapshot.settings.groupName,
        termEnds: leader.termEnds,
        timeZone: snapshot.timeZone,
      }),
    );
  },
  [LEADER_KINDS.checkin]: (row, snapshot) => {
    const leader = activeLeader(row, snapshot);
    if (!leader || !row.to) return skip('no longer an Active leader');
    if (!snapshot.settings.leaderCheckIns) return skip('Settings → Leader check-ins is Off');
    return post(row.to, leaderCheckInMessage({ slackId: leader.slackId, month: aboutParts(row)[1] ?? '' }));
  },
  [LEADER_KINDS.intro]: (row, snapshot) => {
    const intro = row.about ? snapshot.table('Intros').byId(row.about)?.values : undefined;
    if (!intro?.round?.startsWith(LEADER_ROUND_PREFIX)) return skip(`no leaders' intro ${row.about ?? ''}`);
    const people = idList((row.to ?? '').replace(/^leaders:/, ''))
      .filter((id) => leaderBySlackId(snapshot, id)?.active === true)
      .map((id) => ({ slackId: id, name: nameOf(snapshot, id) }));
    if (people.length < 2) return skip('fewer than two of its leaders are Active now');
    return post(
      { group: people.map((p) => p.slackId) },
      leaderIntroMessage({ people, groupName: snapshot.settings.groupName }),
    );
  },
};
