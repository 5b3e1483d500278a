import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { ONBOARDING_KINDS } from '../onboarding/renderers.js';
import { parsePermalink, type Renderer, skip } from '../outbox/delivery.js';
import type { Member } from '../records.js';
import { FEEDBACK_KINDS, type FeedbackKind } from './decisions.js';
import { followUpAnswered } from './messages.js';

/** The member whose follow-up after joining is the message at `channel` and `ts`, found by its link. */
function followUpOf(snapshot: Snapshot, channel: string, ts: string): Member | undefined {
  const row = snapshot.table('Outbox').rows.find(({ values }) => {
    const at =
      values.kind === ONBOARDING_KINDS.followup ? parsePermalink(values.slackMessage ?? '') : undefined;
    return at?.channel === channel && at.ts === ts;
  });
  return row?.values.about ? snapshot.table('Members').byId(row.values.about)?.values : undefined;
}

export const FEEDBACK_RENDERERS: Record<FeedbackKind, Renderer> = {
  // Put on record as Sent when the reply went out; set to Scheduled again, it has nothing to send.
  [FEEDBACK_KINDS.reply]: () => skip('a reply only the person who clicked saw, at the time: not sent again'),

  // The follow-up after joining, answered: edited in place, without its rating buttons.
  [FEEDBACK_KINDS.answered]: (row, snapshot) => {
    const ts = (row.about ?? '').split(' ')[0] ?? '';
    if (!row.to || !/^\d{10}\.\d{6}$/.test(ts)) return skip('no message to edit');
    const member = followUpOf(snapshot, row.to, ts);
    const built = followUpAnswered({
      name: member?.name || 'there',
      groupName: snapshot.settings.groupName,
      ...(member?.memberId ? { memberId: member.memberId } : {}),
    });
    return {
      kind: 'update',
      permalink: `https://slack.com/archives/${row.to}/p${ts.replace('.', '')}`,
      message: built,
    };
  },
};
