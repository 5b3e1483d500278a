/**
 * Messages that welcome people: the welcome DM, the note to their greeter, the introduction post, the
 * "how is it going?" follow-up, and plain notes to leaders. A new member's first experience matters: keep
 * these warm, short and human.
 */
import type { DateTime } from 'luxon';
import { feedbackButtons } from '../feedback/messages.js';
import {
  type Block,
  type BlockMessage,
  context,
  fieldsSection,
  formatDateTime,
  isSlackUserId,
  link,
  mention,
  message,
  section,
  sentence,
  truncate,
  userText,
} from '../outbox/blocks.js';

export interface Greeter {
  slackId: string;
  name: string;
}

export interface UpcomingEvent {
  title: string;
  starts: DateTime;
  location?: string;
}

const DEFAULT_WELCOME = 'Welcome to {group}, {name}! We’re really glad you’re here. Have a look at {rules}.';
const MAX_RULES = 5;
const MAX_EVENTS = 3;

/**
 * Fills `{name}`, `{group}` and `{rules}` (any case, spaces inside the braces allowed) in one pass.
 * The template is escaped like any typed text (bare URLs still become links in Slack); an unknown
 * placeholder is left as typed.
 */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return escapeTemplate(template).replace(/\{\s*([A-Za-z]+)\s*\}/g, (whole, key: string) => {
    const value = values[key.toLowerCase()];
    return value === undefined ? whole : value;
  });
}

function escapeTemplate(template: string): string {
  return userText(template, 2500);
}

/** The welcome DM to a new member: the group's own words, the ground rules in short, what's coming up. */
export function welcomeMessage(a: {
  name: string;
  groupName: string;
  /** Settings → Welcome message, with {name} {group} {rules}. */
  template: string;
  rulesLink: string;
  rules: string[];
  /** The next announced events, up to 3. */
  events: UpcomingEvent[];
  greeter?: Greeter;
  timeZone: string;
}): BlockMessage {
  const name = userText(a.name, 200) || 'there';
  const group = userText(a.groupName, 200) || 'the group';
  const rulesRef = link(a.rulesLink, 'our ground rules', 'our ground rules (below)');
  const template = a.template.trim() === '' ? DEFAULT_WELCOME : a.template;
  const greeting = fillTemplate(template, { name, group, rules: rulesRef });

  const blocks: Block[] = [section(greeting)];

  const rules = a.rules.map((r) => r.trim()).filter((r) => r !== '');
  if (rules.length > 0) {
    const shown = rules.slice(0, MAX_RULES).map((r) => `• ${userText(r, 200)}`);
    const more = rules.length - MAX_RULES;
    if (more > 0)
      shown.push(`…and ${more} more in ${link(a.rulesLink, 'the full ground rules', 'the full list')}`);
    blocks.push(section(`*Our ground rules, in short*\n${shown.join('\n')}`));
  }

  const events = a.events.slice(0, MAX_EVENTS);
  if (events.length > 0) {
    const lines = events.map((e) => {
      const where = e.location?.trim() ? ` · ${userText(e.location, 200)}` : '';
      return `• *${userText(e.title, 200)}*, ${formatDateTime(e.starts, a.timeZone)}${where}`;
    });
    blocks.push(section(`*Coming up*\n${lines.join('\n')}`));
  }

  let greeterLine = '';
  if (a.greeter) {
    const who = mention(a.greeter.slackId, a.greeter.name);
    greeterLine = `${who} is your greeter: message them any time you have a question, big or small.`;
    blocks.push(context(`:wave: ${greeterLine}`));
  }

  const text = truncate(greeting.replace(/\s+/g, ' '), 2000) + (greeterLine ? ` ${greeterLine}` : '');
  return message(text, blocks);
}

/** A DM to the greeter: who joined, what they're into, and a nudge to say hi. */
export function greeterMessage(a: {
  member: { name: string; slackId?: string; email: string; interests?: string; heardFrom?: string };
  groupName: string;
}): BlockMessage {
  const name = userText(a.member.name, 200) || 'A new member';
  const group = userText(a.groupName, 200) || 'the group';
  const onSlack = isSlackUserId(a.member.slackId);
  const who = onSlack ? `${mention(a.member.slackId)} (${name})` : `*${name}*`;
  const interests = a.member.interests?.trim() ? userText(a.member.interests, 500) : '';
  const heardFrom = a.member.heardFrom?.trim() ? userText(a.member.heardFrom, 500) : '';

  const fields = [`*Email*\n${userText(a.member.email, 300) || '—'}`];
  if (interests) fields.push(`*Interested in*\n${interests}`);
  if (heardFrom) fields.push(`*Heard about us*\n${heardFrom}`);

  const nudge = onSlack
    ? `Why not send ${mention(a.member.slackId)} a quick hello? A friendly word in the first day or two makes all the difference.`
    : 'They’re not on Slack yet: a short email to say hello makes all the difference.';

  const blocks: Block[] = [
    section(`:wave: ${who} just joined ${group}, and you’re their greeter.`),
    fieldsSection(fields),
    section(nudge),
  ];
  const about = interests ? ` They’re interested in ${interests}.` : '';
  return message(`${name} just joined ${group}, and you’re their greeter.${about} ${nudge}`, blocks);
}

/** A short introduction in the introductions channel. */
export function introductionPost(a: {
  member: { name: string; slackId?: string; interests?: string };
  groupName: string;
}): BlockMessage {
  const name = userText(a.member.name, 200) || 'a new member';
  const group = userText(a.groupName, 200) || 'the group';
  const who = isSlackUserId(a.member.slackId) ? mention(a.member.slackId) : `*${name}*`;
  const interests = a.member.interests?.trim() ? userText(a.member.interests, 1000) : '';
  const about = interests ? ` They’re interested in ${sentence(interests)}` : '';
  const body = `:tada: Please welcome ${who} to ${group}!${about}`;
  const blocks: Block[] = [section(body), context('Say hello in the thread :wave:')];
  return message(`Please welcome ${who} to ${group}!${about} Say hello in the thread.`, blocks);
}

/**
 * "How is it going?", a few days after joining: a tap on a rating, or a few words to the organizers, never a
 * reply (a reply to the bot's DM reaches nobody). The buttons carry the Member ID.
 */
export function followUpMessage(a: {
  name: string;
  groupName: string;
  memberId: string;
  greeter?: Greeter;
}): BlockMessage {
  const name = userText(a.name, 200) || 'there';
  const group = userText(a.groupName, 200) || 'the group';
  const help = a.greeter
    ? `If anything’s unclear or you’d like a hand finding your way, ${mention(a.greeter.slackId, a.greeter.name)} is happy to help.`
    : 'If anything’s unclear or you’d like a hand finding your way, any of the organizers is happy to help.';
  const body = `Hi ${name}, how is it going? You’ve been part of ${group} for a few days now: how are you finding it so far?`;
  const blocks: Block[] = [
    section(`:seedling: ${body}`),
    feedbackButtons(a.memberId),
    context(':lock: Your answer reaches the organizers without your name.'),
    section(help),
  ];
  return message(`${body} ${help}`, blocks);
}

/** A plain note to leaders, e.g. "Ada Lovelace joined Slack and is now linked". The text is escaped. */
export function leadersNotice(text: string): BlockMessage {
  const note = userText(text);
  return message(note, [section(note)]);
}
