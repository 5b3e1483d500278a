import type { DateTime } from 'luxon';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { post, type Renderer, recipient, skip } from '../outbox/delivery.js';
import { leaderBySlackId, type Member } from '../records.js';
import { followUpMessage, greeterMessage, introductionPost, welcomeMessage } from './messages.js';

/** The Outbox kinds of a newcomer's messages. */
export const ONBOARDING_KINDS = {
  welcome: 'welcome',
  greeter: 'greeter',
  intro: 'intro',
  followup: 'followup',
} as const;
export type OnboardingKind = (typeof ONBOARDING_KINDS)[keyof typeof ONBOARDING_KINDS];

function memberOf(snapshot: Snapshot, id: string | undefined): Member | undefined {
  return id ? snapshot.table('Members').byId(id)?.values : undefined;
}

function greeterOf(snapshot: Snapshot, member: Member) {
  const leader = member.greeter ? leaderBySlackId(snapshot, member.greeter) : undefined;
  return leader ? { slackId: leader.slackId, name: leader.name || leader.slackId } : undefined;
}

export const ONBOARDING_RENDERERS: Record<OnboardingKind, Renderer> = {
  [ONBOARDING_KINDS.welcome]: (row, snapshot) => {
    const member = memberOf(snapshot, row.about);
    if (!member?.memberId) return skip(`no member ${row.about ?? ''}`);
    const settings = snapshot.settings;
    const now = row.due as DateTime;
    const events = snapshot
      .table('Events')
      .rows.map((r) => r.values)
      .filter((e) => e.status === 'Announced' && e.starts > now)
      .sort((a, b) => a.starts.toMillis() - b.starts.toMillis())
      .slice(0, 3)
      .map((e) => ({ title: e.title, starts: e.starts, ...(e.location ? { location: e.location } : {}) }));
    const greeter = greeterOf(snapshot, member);
    return post(
      recipient(member),
      welcomeMessage({
        name: member.name || member.email,
        groupName: settings.groupName,
        template: settings.welcomeMessage,
        rulesLink: settings.groundRulesLink,
        rules: settings.groundRules,
        events,
        ...(greeter ? { greeter } : {}),
        timeZone: snapshot.timeZone,
      }),
    );
  },

  [ONBOARDING_KINDS.greeter]: (row, snapshot) => {
    const member = memberOf(snapshot, row.about);
    if (!member?.memberId || !row.to) return skip(`no member ${row.about ?? ''}`);
    return post(
      row.to,
      greeterMessage({
        member: {
          name: member.name || member.email,
          email: member.email,
          ...(member.slackId ? { slackId: member.slackId } : {}),
          ...(member.interests ? { interests: member.interests } : {}),
          ...(member.source ? { heardFrom: member.source } : {}),
        },
        groupName: snapshot.settings.groupName,
      }),
    );
  },

  [ONBOARDING_KINDS.intro]: (row, snapshot) => {
    const member = memberOf(snapshot, row.about);
    if (!member?.memberId || !row.to) return skip(`no member ${row.about ?? ''}`);
    return post(
      row.to,
      introductionPost({
        member: {
          name: member.name || member.email,
          ...(member.slackId ? { slackId: member.slackId } : {}),
          ...(member.interests ? { interests: member.interests } : {}),
        },
        groupName: snapshot.settings.groupName,
      }),
    );
  },

  [ONBOARDING_KINDS.followup]: (row, snapshot) => {
    const member = memberOf(snapshot, row.about);
    if (!member?.memberId) return skip(`no member ${row.about ?? ''}`);
    if (member.status !== 'Active') return skip(`${member.memberId} is ${member.status ?? 'not active'}`);
    const greeter = greeterOf(snapshot, member);
    return post(
      recipient(member),
      followUpMessage({
        name: member.name || member.email,
        groupName: snapshot.settings.groupName,
        memberId: member.memberId,
        ...(greeter ? { greeter } : {}),
      }),
    );
  },
};
