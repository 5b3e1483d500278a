import type { DateTime } from 'luxon';
import { post, type Renderer, recipient, skip } from '../outbox/delivery.js';
import { QUIET_KINDS, type QuietKind } from './quiet.js';
import {
  CHECK_IN_EVENTS,
  type ComingUp,
  quietAnswered,
  quietCheckIn,
  quietGoodbye,
} from './quiet-messages.js';

export const QUIET_RENDERERS: Record<QuietKind, Renderer> = {
  // Rendered when sent: skipped when by then the setting is off, or the member is no longer Active or Quiet.
  [QUIET_KINDS.checkin]: (row, snapshot) => {
    const member = snapshot.table('Members').byId(row.about ?? '')?.values;
    if (!member?.memberId) return skip(`no member ${row.about ?? ''}`);
    if (!snapshot.settings.checkInOnQuietMembers) return skip('Settings → Check in on quiet members is No');
    if (member.status !== 'Active') return skip(`${member.memberId} is ${member.status ?? 'blank'}`);
    if (member.engagement && member.engagement !== 'Quiet')
      return skip(`${member.memberId} is ${member.engagement} now, not Quiet`);
    const after = row.due as DateTime;
    const events: ComingUp[] = snapshot
      .table('Events')
      .rows.map((r) => r.values)
      .filter((e) => e.status === 'Announced' && e.starts > after)
      .sort((a, b) => a.starts.toMillis() - b.starts.toMillis())
      .slice(0, CHECK_IN_EVENTS)
      .map((e) => ({
        title: e.title,
        starts: e.starts,
        ...(e.location ? { location: e.location } : {}),
        ...(e.slackMessage ? { link: e.slackMessage } : {}),
      }));
    return post(
      recipient(member),
      quietCheckIn({
        name: member.name || 'there',
        groupName: snapshot.settings.groupName,
        memberId: member.memberId,
        events,
        timeZone: snapshot.timeZone,
      }),
    );
  },

  [QUIET_KINDS.goodbye]: (row, snapshot) => {
    if (!row.to) return skip('no one to say goodbye to');
    const member = snapshot.table('Members').byId(row.about ?? '')?.values;
    const { groupName, joinFormLink } = snapshot.settings;
    return post(row.to, quietGoodbye({ name: member?.name || 'there', groupName, joinFormLink }));
  },

  // The check-in that was answered, edited in place without its button.
  [QUIET_KINDS.answered]: (row, snapshot) => {
    const ts = row.about ?? '';
    if (!row.to || !/^\d{10}\.\d{6}$/.test(ts)) return skip('no message to edit');
    return {
      kind: 'update',
      permalink: `https://slack.com/archives/${row.to}/p${ts.replace('.', '')}`,
      message: quietAnswered({ groupName: snapshot.settings.groupName }),
    };
  },
};
