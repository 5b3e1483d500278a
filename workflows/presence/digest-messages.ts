/**
 * The leaders' weekly digest: how the group is doing, then the moderation summary. Names are mentioned so a
 * leader can reach out to someone drifting away with one click.
 */
import type { DateTime } from 'luxon';
import { seatsOf, titleOf, whenWhere } from '../events/messages.js';
import { leaderTeamBlocks, leaderTeamText } from '../leaders/messages.js';
import {
  type Block,
  type BlockMessage,
  context,
  count,
  divider,
  duration,
  fieldsSection,
  formatDateTime,
  listOf,
  mention,
  message,
  section,
  userText,
} from '../outbox/blocks.js';
import type { DigestFigures } from './digest.js';

/** How many drifting members and upcoming events the digest names; the rest are counted. */
export const DIGEST_LIMITS = { drifting: 10, upcoming: 8 } as const;

const percentOf = (part: number, whole: number) => `${Math.round((100 * part) / whole)}%`;
const dayOf = (when: DateTime, zone: string) => formatDateTime(when, zone).split(',')[0] ?? '';

/** The group's part of the digest, in words. */
export function communityDigest(
  f: DigestFigures,
  a: { groupName: string; period: string; timeZone: string },
): BlockMessage {
  const group = userText(a.groupName, 200) || 'the group';
  const retention = f.retention
    ? `${f.retention.came} of the ${count(f.retention.joined, 'member')} who joined the week of ${dayOf(f.retention.week, a.timeZone)} came to an event within 30 days (${percentOf(f.retention.came, f.retention.joined)})`
    : 'nobody joined in the week whose first 30 days are now over';
  const intros =
    f.intros.groups === 0
      ? `no intro groups in the last 4 weeks`
      : `${f.intros.met} of ${count(f.intros.groups, 'intro group')} of the last 4 weeks met (${percentOf(f.intros.met, f.intros.groups)})`;
  const questions =
    f.questions.asked === 0
      ? 'no questions asked in the channels Hearth is in'
      : `${count(f.questions.asked, 'question')} asked, ${f.questions.answered} answered${f.questions.medianMinutes !== undefined ? `; median first reply ${duration(f.questions.medianMinutes)}` : ''}`;
  const blocks: Block[] = [
    section(`:house_with_garden: *This week in ${group}*, ${a.period}`),
    fieldsSection([
      `*New members*\n${f.newMembers}`,
      `*Newcomer retention*\n${retention}`,
      `*Intros*\n${intros}`,
      `*Questions*\n${questions}`,
      ...(f.invitedJoins > 0
        ? [`*Invitations*\n:love_letter: ${count(f.invitedJoins, 'member')} joined through one`]
        : []),
    ]),
  ];
  const upcoming = f.upcoming.slice(0, DIGEST_LIMITS.upcoming);
  blocks.push(
    upcoming.length === 0
      ? context(':calendar: No events announced for the next 7 days.')
      : section(
          `*Coming up in the next 7 days*\n${upcoming.map((e) => `• *${titleOf(e)}*: ${whenWhere(e)} · ${seatsOf(e)}`).join('\n')}${f.upcoming.length > upcoming.length ? `\n…and ${f.upcoming.length - upcoming.length} more` : ''}`,
        ),
  );
  if (f.drifting.length > 0) {
    const named = f.drifting.slice(0, DIGEST_LIMITS.drifting).map((d) => mention(d.slackId, d.name));
    const more = f.drifting.length - named.length;
    blocks.push(
      section(
        `:wave: *Drifting away*: ${listOf(more > 0 ? [...named, `${more} more`] : named)} ${f.drifting.length === 1 ? 'was' : 'were'} among the most involved and ${f.drifting.length === 1 ? 'has' : 'have'} done nothing for 4 weeks. A word from one of you may bring them back.`,
      ),
    );
  }
  blocks.push(...projectsAndSponsorsBlocks(f, a.timeZone));
  if (f.leaders) blocks.push(...leaderTeamBlocks(f.leaders, a.timeZone));
  const invited =
    f.invitedJoins > 0 ? `; ${count(f.invitedJoins, 'member')} joined through an invitation` : '';
  const text = `This week in ${group}, ${a.period}: ${count(f.newMembers, 'new member')}${invited}; ${retention}; ${intros}; ${questions}; ${count(f.upcoming.length, 'event')} in the next 7 days; ${count(f.drifting.length, 'member')} drifting away.`;
  const stale = f.staleProjects?.length ? ` ${count(f.staleProjects.length, 'project')} stale.` : '';
  const sponsors = f.sponsors
    ? ` Only ${count(f.sponsors.recent, 'sponsor')} gave in the last 6 months.`
    : '';
  const team = f.leaders ? leaderTeamText(f.leaders) : '';
  const leaders = team ? ` ${team}` : '';
  return message(`${text}${stale}${sponsors}${leaders}`, blocks);
}

/** Stale projects and the sponsor warning, when there is something to say. */
function projectsAndSponsorsBlocks(f: DigestFigures, timeZone: string): Block[] {
  const blocks: Block[] = [];
  if (f.staleProjects?.length) {
    const lines = f.staleProjects.map(
      (p) =>
        `• *${userText(p.title, 200) || 'a project'}*${p.champion ? `, ${mention(p.champion.slackId, p.champion.name)}` : ''}: ${count(p.missed, 'check-in')} missed`,
    );
    blocks.push(
      section(
        `:zzz: *Stale projects*: their champion has not answered the last check-ins. A word may help.\n${lines.join('\n')}`,
      ),
    );
  }
  if (f.sponsors) {
    const named = f.sponsors.longest.map(
      (s) =>
        `*${userText(s.name, 200)}* (${s.lastSponsored ? `last ${dayOf(s.lastSponsored, timeZone)} ${s.lastSponsored.setZone(timeZone).year}` : 'never'})`,
    );
    blocks.push(
      section(
        `:money_with_wings: *Sponsors*: only ${f.sponsors.recent} sponsored anything in the last 6 months.${named.length > 0 ? ` Not asked for longest: ${listOf(named)}.` : ''}`,
      ),
    );
  }
  return blocks;
}

/** The whole digest: the group's part, then the moderation summary. */
export function leadersDigest(community: BlockMessage, moderation: BlockMessage): BlockMessage {
  return message(`${community.text}\n${moderation.text}`, [
    ...(community.blocks ?? []),
    divider(),
    ...(moderation.blocks ?? []),
  ]);
}
