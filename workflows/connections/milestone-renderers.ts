import { post, type Renderer, skip } from '../outbox/delivery.js';
import { milestonePost } from './milestone-messages.js';
import { celebrated, MILESTONE_KIND, type MilestoneKind, parseMilestoneAbout } from './milestones.js';

export const MILESTONE_RENDERERS: Record<MilestoneKind, Renderer> = {
  // To: the introductions channel; About: `M-1 event-5 EV-3` or `M-1 year-1`. Skipped when, by the time it is
  // sent, milestones are switched off, or the member is not Active or does not want them celebrated.
  [MILESTONE_KIND]: (row, snapshot) => {
    const parsed = parseMilestoneAbout(row.about);
    if (!parsed || !row.to) return skip(`not a milestone: ${row.about ?? ''}`);
    if (!snapshot.settings.celebrateMilestones) return skip('Settings → Celebrate milestones is No');
    const member = snapshot.table('Members').byId(parsed.memberId)?.values;
    if (!member?.memberId) return skip(`no member ${parsed.memberId}`);
    if (!celebrated(member)) return skip(`${member.memberId} is not Active, or Celebrate is No`);
    const { milestone } = parsed;
    const title =
      'eventId' in milestone ? snapshot.table('Events').byId(milestone.eventId)?.values.title : '';
    return post(
      row.to,
      milestonePost({
        member: { name: member.name || member.email, ...(member.slackId ? { slackId: member.slackId } : {}) },
        groupName: snapshot.settings.groupName,
        milestone:
          'count' in milestone
            ? { events: milestone.count, ...(title ? { eventTitle: title } : {}) }
            : { years: 1 },
      }),
    );
  },
};
