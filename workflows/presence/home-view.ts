/**
 * The App Home view drawn from a Home: Block Kit for `views.publish`. Its buttons are the messages' own
 * (Going, Can't go, Approve, Acknowledge…), so a click from the home is decided exactly as one from a message.
 * No relative times ("in 2 days"): the same sheet draws the same view, so an unchanged home is not published
 * again.
 */
import { APPROVE_ACTION, DECLINE_ACTION } from '../approvals/messages.js';
import { INTRO_ACTIONS, leaveButtons } from '../connections/messages.js';
import { RSVP_NO_ACTION, RSVP_YES_ACTION, seatsOf, titleOf, whenWhere } from '../events/messages.js';
import { INCIDENT_ACTIONS } from '../moderation/messages.js';
import {
  actions,
  type Block,
  button,
  context,
  count,
  divider,
  duration,
  fieldsSection,
  formatDateTime,
  link,
  listOf,
  mention,
  plainText,
  section,
  userText,
} from '../outbox/blocks.js';
import { PROJECT_DECLINE_ACTION } from '../projects/proposal-messages.js';
import { SHIFT_ACTIONS } from '../volunteers/kinds.js';
import { helpButtons, shiftButtons } from '../volunteers/messages.js';
import type { WeekFigures } from './figures.js';
import type { Home, HomeApproval, HomeIncident, HomeIntros, LeaderHome } from './home.js';
import { channelText } from './question-messages.js';

export interface HomeView {
  type: 'home';
  blocks: Block[];
}

/** Slack's most blocks in a home; the lists are capped well below it (HOME_LIMITS). */
export const HOME_MAX_BLOCKS = 100;

export function homeView(home: Home): HomeView {
  const group = userText(home.groupName, 150) || 'the group';
  const blocks: Block[] = [
    { type: 'header', text: plainText(`🏡 ${home.groupName || 'Your group'}`, 150) },
    context(
      `Hi ${mention(home.user)}! This is your home in ${group}, kept up to date from the group's sheet.`,
    ),
  ];
  if (home.leader) blocks.push(...leaderBlocks(home.leader, home.timeZone), divider());
  blocks.push(...memberBlocks(home, group));
  return { type: 'home', blocks: blocks.slice(0, HOME_MAX_BLOCKS) };
}

function memberBlocks(home: Home, group: string): Block[] {
  const { member } = home;
  if (!member && home.leader)
    return [context('Your own RSVPs, intros and milestones show here once you are in Members too.')];
  if (!member) {
    const join = link(home.joinFormLink, 'the join form', '');
    return [
      section(
        `You're not a member of ${group} yet. ${join ? `Join with ${join}` : 'Ask one of the organizers how to join'}, and this page will show your events, intros and more.`,
      ),
    ];
  }
  if (member.status === 'Pending')
    return [
      section(`:hourglass_flowing_sand: Your request to join ${group} is waiting for a leader's approval.`),
    ];
  if (member.status !== 'Active')
    return [
      section(`You're not an active member of ${group}. Ask one of the organizers if that's a mistake.`),
    ];
  return [
    ...rsvpBlocks(home),
    ...shiftBlocks(home),
    ...comingUpBlocks(home),
    ...(home.intros ? introBlocks(home.intros, member.memberId, home.timeZone) : []),
    ...(home.inviteLink
      ? [
          sectionHeader(':love_letter: Invite a friend'),
          section(
            `Your personal invite link: ${link(home.inviteLink, 'the join form')}. Share it: when someone joins with it, we'll let you know.`,
          ),
        ]
      : []),
    ...milestoneBlocks(home),
  ];
}

function sectionHeader(text: string): Block {
  return section(`*${text}*`);
}

function more(n: number, what: string): Block[] {
  return n > 0 ? [context(`…and ${n} more ${what}.`)] : [];
}

function rsvpBlocks({ rsvps, moreRsvps, comingUp }: Home): Block[] {
  const header = sectionHeader(':calendar: Your RSVPs');
  if (rsvps.length === 0)
    return [
      header,
      context(comingUp.length > 0 ? 'Nothing yet: see what’s on below.' : 'Nothing coming up.'),
    ];
  return [
    header,
    ...rsvps.flatMap((r) => {
      const guests = r.guests > 0 ? ` (+${r.guests} guest${r.guests === 1 ? '' : 's'})` : '';
      const status =
        r.status === 'Confirmed'
          ? `:white_check_mark: You're going${guests}`
          : `:hourglass: On the waitlist${r.position ? `, #${r.position}` : ''}${guests}`;
      return [
        {
          ...section(`*${titleOf(r.event)}*\n${whenWhere(r.event)}\n${status}`),
          accessory: button({ text: "Can't go", actionId: RSVP_NO_ACTION, value: r.event.eventId }),
        },
        ...helpButtons(r.event.eventId, r.roles),
      ];
    }),
    ...more(moreRsvps, 'events you said yes to'),
  ];
}

/** Their shifts, each with Can't make it and Swap, as in their confirmation DM. */
function shiftBlocks({ shifts, timeZone }: Home): Block[] {
  if (shifts.length === 0) return [];
  return [
    sectionHeader(':raising_hand: Your shifts'),
    ...shifts.flatMap(({ role, event, place }) => {
      const at = `${formatDateTime(role.starts, timeZone)}–${role.ends.setZone(timeZone).toFormat('HH:mm')}`;
      const as =
        place === 'volunteer'
          ? `*${userText(role.name, 80)}*`
          : `backup #${place.backup} for *${userText(role.name, 80)}*`;
      // A backup has no shift to swap yet: only a volunteer's has Swap.
      const buttons =
        place === 'volunteer'
          ? shiftButtons(role.roleId)
          : actions(
              [button({ text: 'Can’t make it', actionId: SHIFT_ACTIONS.cant, value: role.roleId })],
              `home-shift:${role.roleId}`,
            );
      return [section(`${as} at *${titleOf(event)}*, ${at}`), buttons];
    }),
  ];
}

function comingUpBlocks(home: Home): Block[] {
  if (home.comingUp.length === 0) return [];
  return [
    sectionHeader(':sparkles: Coming up'),
    ...home.comingUp.flatMap(({ event, declined, roles }) => [
      {
        ...section(
          `*${titleOf(event)}*\n${whenWhere(event)}\n${declined ? "You said you can't go. " : ''}${seatsOf(event)}`,
        ),
        accessory: button({
          text: 'Going',
          actionId: RSVP_YES_ACTION,
          value: event.eventId,
          style: 'primary',
        }),
      },
      ...helpButtons(event.eventId, roles),
    ]),
    ...more(home.moreComingUp, 'announced events'),
  ];
}

function introBlocks(intros: HomeIntros, memberId: string, timeZone: string): Block[] {
  if (!intros.roundsOn) return [];
  const header = sectionHeader(':handshake: Your intros');
  const { choice, latest } = intros;
  const resume = (text: string) =>
    actions(
      [button({ text, actionId: INTRO_ACTIONS.resume, value: memberId, style: 'primary' })],
      'home-intros',
    );
  if (choice?.want === 'paused')
    return [
      header,
      section(
        choice.until
          ? `Your intros are paused until ${formatDateTime(choice.until, timeZone).split(',')[0]}.`
          : 'Your intros are paused.',
      ),
      resume('Resume intros'),
    ];
  if (choice?.want !== 'yes')
    return [
      header,
      section('You’re not in the intro rounds, where members meet in twos and threes.'),
      resume('Join intro rounds'),
    ];
  const met = latest
    ? `Your latest intro (${formatDateTime(latest.round, timeZone).split(',')[0]}): with ${listOf(latest.others.map((o) => mention(o.slackId, o.name)))}.${latest.shared ? ` You share ${userText(latest.shared, 300)}.` : ''}`
    : 'You’re in the next intro round.';
  return [header, section(met), actions(leaveButtons(latest?.introId ?? memberId), 'home-intros')];
}

function milestoneBlocks(home: Home): Block[] {
  if (home.milestones.length === 0) return [];
  const day = (m: { at: Home['milestones'][number]['at'] }) =>
    formatDateTime(m.at, home.timeZone).split(',')[0] ?? '';
  const lines = home.milestones.map((m) => {
    if (m.which === 'year-1') return `:birthday: A year in the group (${day(m)})`;
    const nth = m.count === 1 ? 'First' : `${m.count}th`;
    const title = m.title ? `: ${userText(m.title, 200)}` : '';
    return `${m.count >= 10 ? ':trophy:' : m.count >= 5 ? ':star2:' : ':tada:'} ${nth} event${title} (${day(m)})`;
  });
  return [sectionHeader(':medal: Your milestones'), section(lines.join('\n'))];
}

// ---------------------------------------------------------------------------------------------------------
// For leaders

function leaderBlocks(leader: LeaderHome, timeZone: string): Block[] {
  return [
    { type: 'header', text: plainText('For leaders', 150) },
    ...approvalBlocks(leader, timeZone),
    ...incidentBlocks(leader, timeZone),
    ...weekBlocks(leader.week),
    ...driftingBlocks(leader),
    ...questionBlocks(leader, timeZone),
  ];
}

/** This week so far, in the Dashboard's terms (the Dashboard tab has the 12 weeks before). */
function weekBlocks(w: WeekFigures): Block[] {
  const reply =
    w.medianFirstReply === undefined ? '' : `, first reply after ${duration(w.medianFirstReply)} (median)`;
  return [
    sectionHeader(':bar_chart: This week so far'),
    fieldsSection([
      `*New members*\n${w.newMembers}${w.invitedJoins > 0 ? `, ${w.invitedJoins} invited` : ''}`,
      `*Events*\n${count(w.events, 'event')}, ${w.attended} attended`,
      `*Engagement*\n${w.core} Core, ${w.regular} Regular, ${w.drifting} drifting, ${w.quiet} Quiet`,
      `*Questions*\n${count(w.questions, 'question')}${reply}`,
      `*Incidents*\n${w.incidents} reported, ${w.openIncidents} open`,
      `*Intros*\n${w.introGroups === 0 ? 'no groups' : `${count(w.introGroups, 'group')}${w.introsMet === undefined ? '' : `, ${w.introsMet}% met`}`}`,
    ]),
  ];
}

function driftingBlocks(leader: LeaderHome): Block[] {
  if (leader.drifting.length === 0) return [];
  const named = leader.drifting.map((d) => mention(d.slackId, d.name));
  const all = leader.moreDrifting > 0 ? [...named, `${leader.moreDrifting} more`] : named;
  return [
    sectionHeader(':wave: Drifting away'),
    section(`${listOf(all)}: among the most involved, and nothing for 4 weeks. A word may bring them back.`),
  ];
}

function questionBlocks(leader: LeaderHome, timeZone: string): Block[] {
  if (leader.questions.length === 0) return [];
  const lines = leader.questions.map((q) => {
    const where = link(q.permalink, 'A question', 'A question');
    return `• ${where} in ${channelText(q.channel)}, asked ${formatDateTime(q.asked, timeZone)}`;
  });
  return [
    sectionHeader(':grey_question: Questions waiting for an answer'),
    section(lines.join('\n')),
    ...more(leader.moreQuestions, 'in the Questions tab'),
  ];
}

function approvalBlocks(leader: LeaderHome, timeZone: string): Block[] {
  const header = sectionHeader(':ballot_box_with_check: Approvals waiting');
  if (leader.approvals.length === 0) return [header, context('None: all decided.')];
  return [
    header,
    ...leader.approvals.flatMap((a) => approvalBlock(a, leader.canApprove, timeZone)),
    ...more(leader.moreApprovals, 'in the Approvals tab'),
    ...(leader.canApprove ? [] : [context('Only leaders with Can approve = Yes may decide these.')]),
  ];
}

function approvalBlock(a: HomeApproval, canApprove: boolean, timeZone: string): Block[] {
  const requested = a.requested ? ` · asked ${formatDateTime(a.requested, timeZone)}` : '';
  const needs = a.needed > 1 ? ` · ${a.approvals} of ${a.needed} approvals` : '';
  const line = section(`*${userText(a.title, 300)}*\n${a.approvalId}${requested}${needs}`);
  if (!canApprove) return [line];
  return [
    line,
    actions(
      [
        button({ text: 'Approve', actionId: APPROVE_ACTION, value: a.approvalId, style: 'primary' }),
        // A project's Decline asks for the reason the proposer is told, as on its request in the channel.
        a.kind === 'project'
          ? button({
              text: 'Decline…',
              actionId: PROJECT_DECLINE_ACTION,
              value: a.approvalId,
              style: 'danger',
            })
          : button({ text: 'Decline', actionId: DECLINE_ACTION, value: a.approvalId, style: 'danger' }),
      ],
      `home-approval:${a.approvalId}`,
    ),
  ];
}

function incidentBlocks(leader: LeaderHome, timeZone: string): Block[] {
  const header = sectionHeader(':rotating_light: Open incidents');
  if (leader.incidents.length === 0) return [header, context('None open.')];
  return [
    header,
    ...leader.incidents.flatMap((i) => incidentBlock(i, timeZone)),
    ...more(leader.moreIncidents, 'in the Incidents tab'),
  ];
}

/** An incident's facts, never its words or who reported it; the post in the leaders channel has the rest. */
function incidentBlock(i: HomeIncident, timeZone: string): Block[] {
  const facts = [
    i.severity ?? 'No severity',
    `level ${i.level}`,
    i.status,
    ...(i.reported ? [`reported ${formatDateTime(i.reported, timeZone)}`] : []),
  ].join(' · ');
  const rule = i.rule ? `\nRule: ${userText(i.rule, 300)}` : '';
  const post = link(i.link, 'the post', '');
  return [
    section(`*${i.incidentId}* · ${facts}${rule}${post ? `\nSee ${post}.` : ''}`),
    actions(
      [
        ...(i.status === 'Open'
          ? [button({ text: 'Acknowledge', actionId: INCIDENT_ACTIONS.acknowledge, value: i.incidentId })]
          : []),
        button({ text: 'Resolve', actionId: INCIDENT_ACTIONS.resolve, value: i.incidentId }),
        button({ text: 'Dismiss', actionId: INCIDENT_ACTIONS.dismiss, value: i.incidentId }),
      ],
      `home-incident:${i.incidentId}`,
    ),
  ];
}
