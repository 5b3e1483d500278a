/**
 * Messages about moderation: the report modal and the reason modal, the incident in the leaders' queue (edited
 * in place after each step), escalations, the reporter's receipt and closing note, the warning to a member, the
 * tasks only a workspace admin can do, the weekly summary, and the ephemeral refusals.
 *
 * The reporter's identity is confidential: it stays in the Incidents tab. No builder here takes it, so none can
 * show it, and button values carry only the Incident ID. Everything people typed (the report, the rule, what
 * leaders wrote) goes through `userText` before it reaches mrkdwn.
 */
import type { DateTime } from 'luxon';
import { isChannelId } from '../../sheets-schema/slack-ids.js';
import {
  actions,
  type Block,
  type BlockMessage,
  button,
  confirmDialog,
  context,
  count,
  duration,
  fieldsSection,
  formatDateTime,
  isSlackUserId,
  link,
  listOf,
  mention,
  message,
  modalInput,
  type PressedAt,
  plainText,
  pressedAtMetadata,
  section,
  sentence,
  truncate,
  userText,
} from '../outbox/blocks.js';

/** The action_ids of the incident buttons; every value is the Incident ID. */
export const INCIDENT_ACTIONS = {
  acknowledge: 'incident:ack',
  resolve: 'incident:resolve',
  dismiss: 'incident:dismiss',
  warn: 'incident:warn',
  remove: 'incident:remove',
  suspend: 'incident:suspend',
  ban: 'incident:ban',
} as const;

/** The message shortcut's callback_id, and the report modal's. */
export const REPORT_CALLBACK_ID = 'report_to_moderators';
/** The callback_id of the modal asking a leader why they resolve or dismiss. */
export const REASON_CALLBACK_ID = 'incident_reason';
export const URGENCIES = ['Low', 'Medium', 'High', 'Critical'] as const;

export interface ReportedMessage {
  channel: string;
  ts: string;
  author: string;
  excerpt: string;
  link: string;
}

/** Slack's limits for modals, in characters. */
const MODAL = {
  title: 24,
  button: 24,
  label: 2000,
  placeholder: 150,
  option: 75,
  options: 100,
  metadata: 3000,
} as const;

const EXCERPT_CHARS = 280;

/** The reported message's text with whitespace collapsed, at most 280 characters (ending with `…`). */
export function excerptOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= EXCERPT_CHARS) return flat;
  let cut = flat.slice(0, EXCERPT_CHARS - 1);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut}…`;
}

// ---------------------------------------------------------------------------------------------------------
// Modals

/** Something else: the last option of the rule menu, for a report that fits no rule. */
export const OTHER_RULE = 'Something else';
const RULE_TEXT_MAX = 500;

function option(text: string, value: string = text): Block {
  return { text: plainText(text, MODAL.option), value };
}

/** The rule input: a menu of the group's rules when there are any, else a box to type one in. */
function ruleInput(rules: readonly string[] | undefined): Block {
  const seen = new Set<string>();
  const options: Block[] = [];
  for (const rule of rules ?? []) {
    const value = truncate(rule.replace(/\s+/g, ' ').trim(), MODAL.option);
    if (value === '' || value === OTHER_RULE || seen.has(value)) continue;
    if (options.length >= MODAL.options - 1) break;
    seen.add(value);
    options.push(option(value));
  }
  const element: Block =
    options.length > 0
      ? {
          type: 'static_select',
          placeholder: plainText('Choose a ground rule', MODAL.placeholder),
          options: [...options, option(OTHER_RULE)],
        }
      : {
          type: 'plain_text_input',
          max_length: RULE_TEXT_MAX,
          placeholder: plainText('Which rule does it break, if you know?', MODAL.placeholder),
        };
  return modalInput('rule', 'Which ground rule?', element, { optional: true });
}

/**
 * The report modal. `rules`: undefined while the group's ground rules are still loading (a box to type the rule
 * in, and a line saying they are loading); `[]` when none are set (a box); otherwise a menu of them plus
 * "Something else". Every input's action_id is `value`, and the block_ids never change, so Slack keeps what the
 * person typed when the modal is updated once the rules arrive. The reporter is not in the view: Slack tells us
 * who submitted it, and that goes only to the Incidents tab.
 */
export function reportModal(message: ReportedMessage, rules?: readonly string[]): Record<string, unknown> {
  // Only the five known fields travel in the metadata, whatever else the caller's object holds; the excerpt
  // is shortened when the whole would not fit Slack's 3000 characters.
  const metadata: ReportedMessage = {
    channel: message.channel,
    ts: message.ts,
    author: message.author,
    excerpt: message.excerpt,
    link: message.link,
  };
  if (JSON.stringify(metadata).length > MODAL.metadata) metadata.excerpt = excerptOf(message.excerpt);
  if (JSON.stringify(metadata).length > MODAL.metadata) metadata.excerpt = '';
  const excerpt = userText(excerptOf(message.excerpt), 1000);
  const quoted = excerpt ? `“${excerpt}”` : '(no text)';
  const blocks: Block[] = [
    context(
      `Reporting a message by ${mention(message.author)}: ${quoted}. Only the moderators see your report, and never who sent it.`,
    ),
    ruleInput(rules),
  ];
  if (rules === undefined) blocks.push(context(':hourglass_flowing_sand: Loading the group’s ground rules…'));
  blocks.push(
    modalInput('details', 'What happened?', {
      type: 'plain_text_input',
      multiline: true,
      max_length: 3000,
      placeholder: plainText('What you saw, and anything the moderators should know', MODAL.placeholder),
    }),
    modalInput('urgency', 'How urgent is it?', {
      type: 'static_select',
      initial_option: option('Medium'),
      options: URGENCIES.map((u) => option(u)),
    }),
  );
  return {
    type: 'modal',
    callback_id: REPORT_CALLBACK_ID,
    private_metadata: JSON.stringify(metadata),
    title: plainText('Report to moderators', MODAL.title),
    submit: plainText('Send report', MODAL.button),
    close: plainText('Cancel', MODAL.button),
    blocks,
  };
}

/** A small modal asking a leader for a short reason before they resolve or dismiss an incident. */
export function reasonModal(
  a: {
    incidentId: string;
    action: 'resolve' | 'dismiss';
    /** The message the button was on: the decision is honoured only from the incident's own messages. */
  } & PressedAt,
): Record<string, unknown> {
  const resolve = a.action === 'resolve';
  const id = idOf(a.incidentId);
  const intro = resolve
    ? `Resolving *${id}*. In a sentence or two, what was done?`
    : `Dismissing *${id}*. In a sentence or two, why is no action needed?`;
  const told = resolve ? 'has been handled' : 'has been reviewed';
  return {
    type: 'modal',
    callback_id: REASON_CALLBACK_ID,
    private_metadata: JSON.stringify({ incidentId: a.incidentId, action: a.action, ...pressedAtMetadata(a) }),
    title: plainText(resolve ? 'Resolve incident' : 'Dismiss incident', MODAL.title),
    submit: plainText(resolve ? 'Resolve' : 'Dismiss', MODAL.button),
    close: plainText('Cancel', MODAL.button),
    blocks: [
      section(intro),
      modalInput('reason', resolve ? 'How was it resolved?' : 'Why dismiss it?', {
        type: 'plain_text_input',
        multiline: true,
        max_length: 500,
      }),
      context(`Leaders see this with the incident. The reporter is only told that their report ${told}.`),
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------
// The incident in the leaders' queue

export interface IncidentStep {
  /** e.g. "Warned", "Removal requested", "Resolved: talked it through". */
  what: string;
  /** Slack ID of the leader who did it. */
  by?: string;
  at: DateTime;
}

export interface IncidentView {
  incidentId: string;
  severity: 'Low' | 'Medium' | 'High' | 'Critical';
  status: 'Open' | 'Acknowledged' | 'Resolved' | 'Dismissed';
  /** 1..3 */
  level: number;
  /** Who or what, as reported. */
  about: string;
  /** The reported member when known. */
  aboutSlackId?: string;
  rule?: string;
  /** The reported message's text, shortened. */
  excerpt?: string;
  /** What the reporter wrote (never who they are). */
  details?: string;
  /** A link (Slack permalink) or a place. */
  where?: string;
  reported: DateTime;
  /** e.g. "3rd report about them in 30 days". */
  repeat?: string;
  /** Slack ID of who acknowledged. */
  assignee?: string;
  acknowledgedAt?: DateTime;
  /** What leaders did, in order. */
  steps: IncidentStep[];
  /** A suspension or ban already waiting for leaders' approval: its buttons are not offered again. */
  severePending?: boolean;
  timeZone: string;
}

const SEVERITY_ICON: Record<IncidentView['severity'], string> = {
  Low: ':large_blue_circle:',
  Medium: ':large_yellow_circle:',
  High: ':large_orange_circle:',
  Critical: ':red_circle:',
};

const OUTCOME_ICON = { Resolved: ':white_check_mark:', Dismissed: ':heavy_minus_sign:' } as const;

const MAX_STEPS = 15;
const SLACK_MESSAGE_LINK = /^https:\/\/(?:[a-z0-9-]+\.)*slack\.com\/archives\/[^\s<>|]+$/i;

function idOf(incidentId: string): string {
  return userText(incidentId, 100) || 'this incident';
}

function severityOf(i: IncidentView): string {
  const icon = SEVERITY_ICON[i.severity] ?? ':white_circle:';
  return `${icon} ${userText(i.severity, 20) || 'Unrated'}`;
}

function levelOf(level: number): number {
  return Number.isFinite(level) ? Math.max(1, Math.floor(level)) : 1;
}

function isClosed(i: IncidentView): i is IncidentView & { status: 'Resolved' | 'Dismissed' } {
  return i.status === 'Resolved' || i.status === 'Dismissed';
}

/** The reported member as a Slack ID, when it is one. */
function memberOf(i: IncidentView): string | undefined {
  return isSlackUserId(i.aboutSlackId) ? i.aboutSlackId?.trim() : undefined;
}

/** `<@U1> (Eve)` when the member is known, else who or what was reported, as typed. */
function aboutOf(i: IncidentView): string {
  const typed = i.about.trim();
  const shown = typed ? userText(typed, 300) : '';
  const member = memberOf(i);
  if (!member) return shown || 'not said';
  const same = typed === '' || typed === member || typed === `<@${member}>`;
  return same ? mention(member) : `${mention(member)} (${shown})`;
}

function isSlackMessageLink(where: string | undefined): boolean {
  return where !== undefined && SLACK_MESSAGE_LINK.test(where.trim());
}

/** A link when `where` is one (a Slack message is "Open the message"), else the place as typed. */
function whereOf(where: string): string {
  const typed = userText(where, 500);
  if (isSlackMessageLink(where)) return link(where, 'Open the message in Slack', typed);
  return link(where, truncate(where.trim(), 80), typed);
}

function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

function byAt(by: string | undefined, at: DateTime | undefined, timeZone: string): string {
  const who = by?.trim() ? ` by ${mention(by)}` : '';
  const when = at ? ` at ${formatDateTime(at, timeZone)}` : '';
  return `${who}${when}`;
}

/** The step that closed the incident ("Resolved: …"), if the steps hold one. */
function closingStep(i: IncidentView): number {
  if (!isClosed(i)) return -1;
  const word = i.status.toLowerCase();
  for (let n = i.steps.length - 1; n >= 0; n--) {
    if (i.steps[n]?.what.trim().toLowerCase().startsWith(word)) return n;
  }
  return -1;
}

/** "Acknowledged by <@…> at …", then each step, the latest last; the closing step is left to the outcome. */
function historyOf(i: IncidentView, skip: number): string[] {
  const lines: string[] = [];
  if (i.assignee?.trim() || i.acknowledgedAt)
    lines.push(`:eyes: Acknowledged${byAt(i.assignee, i.acknowledgedAt, i.timeZone)}`);
  const steps = i.steps.filter((_, n) => n !== skip);
  const shown = steps.slice(-MAX_STEPS);
  const earlier = steps.length - shown.length;
  if (earlier > 0) lines.push(`_${earlier} earlier step${earlier === 1 ? '' : 's'} in the Incidents tab_`);
  for (const step of shown)
    lines.push(`• ${userText(step.what, 300) || 'Updated'}${byAt(step.by, step.at, i.timeZone)}`);
  return lines;
}

/** "✅ *Resolved* by <@…> at …: the reason". */
function outcomeOf(i: IncidentView & { status: 'Resolved' | 'Dismissed' }, step: number): string {
  const icon = OUTCOME_ICON[i.status];
  const closing = i.steps[step];
  if (!closing) return `${icon} *${i.status}*: this incident is closed.`;
  const reason = closing.what
    .trim()
    .slice(i.status.length)
    .replace(/^[\s:.,;–—-]+/, '');
  const why = reason ? `: ${userText(reason, 1500)}` : '';
  return `${icon} *${i.status}*${byAt(closing.by, closing.at, i.timeZone)}${why}`;
}

function incidentButtons(i: IncidentView): Block[] {
  const value = i.incidentId;
  const member = memberOf(i);
  const who = member ? mention(member) : '';
  const buttons: Block[] = [];
  if (i.status === 'Open')
    buttons.push(
      button({ text: 'Acknowledge', actionId: INCIDENT_ACTIONS.acknowledge, value, style: 'primary' }),
    );
  buttons.push(
    button({ text: 'Resolve', actionId: INCIDENT_ACTIONS.resolve, value }),
    button({ text: 'Dismiss', actionId: INCIDENT_ACTIONS.dismiss, value }),
  );
  if (member) {
    const rule = i.rule?.trim() ? `, citing “${userText(i.rule, 100)}”` : '';
    buttons.push(
      button({
        text: 'Warn member',
        actionId: INCIDENT_ACTIONS.warn,
        value,
        confirm: confirmDialog({
          title: 'Send a warning?',
          text: `Hearth will DM ${who} a warning from the group’s leaders${rule}, with a link to the ground rules. It never says who reported.`,
          confirm: 'Send warning',
          deny: 'Go back',
        }),
      }),
    );
  }
  if (isSlackMessageLink(i.where))
    buttons.push(button({ text: 'Remove message', actionId: INCIDENT_ACTIONS.remove, value }));
  if (member && !i.severePending) {
    const ask = (verb: 'suspend' | 'ban', after: string) =>
      confirmDialog({
        title: verb === 'suspend' ? 'Suspend this member?' : 'Ban this member?',
        text: `This asks to ${verb} ${who}. Two leaders must approve before anything happens; ${after}`,
        confirm: verb === 'suspend' ? 'Ask to suspend' : 'Ask to ban',
        deny: 'Go back',
        style: 'danger',
      });
    buttons.push(
      button({
        text: 'Suspend member',
        actionId: INCIDENT_ACTIONS.suspend,
        value,
        style: 'danger',
        confirm: ask('suspend', 'then Hearth removes them from the group’s channels until it ends.'),
      }),
      button({
        text: 'Ban member',
        actionId: INCIDENT_ACTIONS.ban,
        value,
        style: 'danger',
        confirm: ask('ban', 'then Hearth removes them from the group’s channels for good.'),
      }),
    );
  }
  return buttons;
}

/**
 * The incident in the leaders' queue (or a DM to a leader), edited in place after each step: severity, level,
 * ID, who or what it is about, the rule, where, when, the reported message quoted, what the reporter wrote, the
 * repeat flag, then who acknowledged and each step. Open or Acknowledged: the buttons. Resolved or Dismissed:
 * the outcome, no buttons.
 */
export function incidentPost(i: IncidentView): BlockMessage {
  const id = idOf(i.incidentId);
  const level = levelOf(i.level);
  const about = aboutOf(i);
  const rule = i.rule?.trim() ? userText(i.rule, 500) : '';
  const status = userText(i.status, 20);
  const reported = formatDateTime(i.reported, i.timeZone);

  const blocks: Block[] = [section(`${severityOf(i)} *incident ${id}* · Level ${level} · ${status}`)];
  const repeat = i.repeat?.trim() ? userText(i.repeat, 300) : '';
  if (repeat) blocks.push(section(`:warning: *${repeat}*`));

  const fields = [`*About*\n${about}`];
  if (rule) fields.push(`*Ground rule*\n${rule}`);
  if (i.where?.trim()) fields.push(`*Where*\n${whereOf(i.where)}`);
  fields.push(`*Reported*\n${reported}`);
  blocks.push(fieldsSection(fields));

  const excerpt = i.excerpt?.trim() ? userText(excerptOf(i.excerpt), 1000) : '';
  if (excerpt) blocks.push(section(`*The message*\n${quote(excerpt)}`));
  const details = i.details?.trim() ? userText(i.details, 2500) : '';
  if (details) blocks.push(section(`*What happened, as reported*\n${details}`));

  const closing = closingStep(i);
  const history = historyOf(i, closing);
  if (history.length > 0) blocks.push(section(history.join('\n')));

  let text = `${userText(i.severity, 20)} incident ${id} (Level ${level}, ${status}) about ${about}`;
  text += rule ? `: ${sentence(rule)}` : '.';
  if (repeat) text += ` ${sentence(repeat)}`;

  if (isClosed(i)) {
    const outcome = outcomeOf(i, closing);
    blocks.push(section(outcome));
    return message(`${text} ${sentence(outcome.replace(/^:[a-z_]+: /, '').replace(/\*/g, ''))}`, blocks);
  }
  blocks.push(actions(incidentButtons(i), `incident:${i.incidentId}`));
  return message(`${text} Reported ${reported}.`, blocks);
}

/** `less than an hour`, `5 hours`, `3 days`. */
function waitedFor(hours: number): string {
  if (!Number.isFinite(hours) || hours < 1) return 'less than an hour';
  const whole = Math.floor(hours);
  return whole < 48 ? count(whole, 'hour') : count(Math.floor(whole / 24), 'day');
}

/**
 * An escalation: a new post (Level 2 mentions the organizers and moderators, Level 3 every active leader), or
 * the same as a DM to one of them. How long it has waited, a link to the original post, and Acknowledge.
 */
export function escalationMessage(a: {
  incident: IncidentView;
  level: number;
  /** Slack IDs to mention; empty in a DM. */
  mentions: readonly string[];
  waitedHours: number;
  /** Permalink of the incident post. */
  link?: string;
}): BlockMessage {
  const i = a.incident;
  const id = idOf(i.incidentId);
  const level = levelOf(a.level);
  const waited = waitedFor(a.waitedHours);
  const who = a.mentions.filter((m) => m.trim() !== '').map((m) => mention(m));
  const ask = who.length > 0 ? `${listOf(who)}: could one of you take it?` : 'Could you take it?';
  const audience = level >= 3 ? 'every active leader' : 'the organizers and moderators';
  const head = `:rotating_light: *Level ${level}*: ${severityOf(i)} incident *${id}* has waited ${waited} without anyone acknowledging it.`;

  const fields = [`*About*\n${aboutOf(i)}`];
  if (i.rule?.trim()) fields.push(`*Ground rule*\n${userText(i.rule, 500)}`);
  fields.push(`*Reported*\n${formatDateTime(i.reported, i.timeZone)}`);

  const notes = [`Escalated to ${audience}.`];
  const open = link(a.link, 'Open the incident', '');
  if (open) notes.push(`:point_right: ${open}`);

  const blocks: Block[] = [
    section(`${head} ${ask}`),
    fieldsSection(fields),
    context(...notes),
    actions(
      [
        button({
          text: 'Acknowledge',
          actionId: INCIDENT_ACTIONS.acknowledge,
          value: i.incidentId,
          style: 'primary',
        }),
      ],
      `escalation:${i.incidentId}`,
    ),
  ];
  const plain = `Level ${level}: ${userText(i.severity, 20)} incident ${id} has waited ${waited} without anyone acknowledging it.`;
  return message(`${plain} ${ask}`, blocks);
}

// ---------------------------------------------------------------------------------------------------------
// To the reporter and to the reported member

function groupOf(groupName: string): string {
  return userText(groupName, 200) || 'the group';
}

/** To the reporter, when known: the report arrived and a leader will look at it. Nothing more. */
export function reportReceipt(a: { groupName: string; excerpt?: string }): BlockMessage {
  const group = groupOf(a.groupName);
  const body = `Thanks for your report. It has reached the moderators of ${group}, and a leader will look at it.`;
  const blocks: Block[] = [section(`:envelope_with_arrow: ${body}`)];
  const excerpt = a.excerpt?.trim() ? userText(excerptOf(a.excerpt), 1000) : '';
  if (excerpt) blocks.push(context(`You reported this message: “${excerpt}”`));
  blocks.push(context(':lock: Your report is confidential: we never tell anyone who sent it.'));
  return message(body, blocks);
}

/** To the reporter when the incident is closed: handled or reviewed, and thanks. No details of any action. */
export function reportClosed(a: { groupName: string; outcome: 'Resolved' | 'Dismissed' }): BlockMessage {
  const group = groupOf(a.groupName);
  const thanks = 'Thank you for speaking up: it helps keep the group a good place to be.';
  const body =
    a.outcome === 'Resolved'
      ? `The report you sent to the moderators of ${group} has been handled. ${thanks}`
      : `The moderators of ${group} have reviewed your report. ${thanks} If anything else happens, you can always report it.`;
  const icon = a.outcome === 'Resolved' ? ':white_check_mark:' : ':information_source:';
  return message(body, [section(`${icon} ${body}`)]);
}

/** A warning DM to the reported member, from the group's leaders: firm and kind. Never says who reported. */
export function warningMessage(a: {
  groupName: string;
  name?: string;
  rule?: string;
  rulesLink?: string;
  /** Permalink of the message concerned. */
  link?: string;
}): BlockMessage {
  const group = groupOf(a.groupName);
  const name = a.name?.trim() ? userText(a.name, 200) : '';
  const hi = name ? `Hi ${name},` : 'Hi,';
  // A rule that ends with its own full stop gets none after the closing quote.
  const ruleText = a.rule?.trim().replace(/[.。]+$/, '') ?? '';
  const rule = ruleText ? `, in particular “${userText(ruleText, 500)}”` : '';
  const what = link(a.link, 'something you posted', 'something you posted recently');
  const plainWhat = 'something you posted';
  const rules = link(a.rulesLink, 'our ground rules', 'our ground rules');
  const head = (thing: string) =>
    `${hi} this is a message from the leaders of ${group}. We’ve noticed that ${thing} doesn’t fit our ground rules${rule}.`;
  const ask = (ref: string) =>
    `Please take a moment to read ${ref} again and keep them in mind from here on. We want ${group} to be a welcoming place for everyone, and that includes you.`;
  const next =
    'If it happens again, the leaders may need to take further steps. If you’d like to talk about it, any of the organizers is happy to listen.';
  const blocks: Block[] = [section(`:wave: ${head(what)}`), section(ask(rules)), context(next)];
  return message(
    `${head(a.link ? plainWhat : 'something you posted recently')} ${ask('our ground rules')} ${next}`,
    blocks,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Tasks for a workspace admin

/** For the leaders channel: a workspace admin must delete the message (a bot can't delete other people's). */
export function removalTask(a: { incidentId: string; link: string; requestedBy: string }): BlockMessage {
  const id = idOf(a.incidentId);
  const by = mention(a.requestedBy);
  const target = link(a.link, 'this message', userText(a.link, 1000) || 'the reported message');
  const head = `:wastebasket: *Message removal needed* for incident *${id}*, asked by ${by}.`;
  const body = `A workspace admin needs to delete ${target}: Hearth can’t delete other people’s messages. Open it, then choose *More actions (⋯) → Delete message*.`;
  return message(
    `Message removal needed for incident ${id}, asked by ${by}. A workspace admin needs to delete the message: Hearth can’t delete other people’s messages.`,
    [section(head), section(body)],
  );
}

/** `<#C123>` for a channel ID, else `#name`. */
function channelOf(channel: string): string {
  const trimmed = channel.trim();
  if (isChannelId(trimmed)) return `<#${trimmed}>`;
  return `#${userText(trimmed.replace(/^#/, ''), 100) || 'unknown'}`;
}

/**
 * For the leaders channel after a suspension or ban was approved: what Hearth did (the channels it removed the
 * member from, and those it could not, with why), and what a workspace admin must still do.
 */
export function memberRemovalReport(a: {
  member: string;
  slackId?: string;
  action: 'Suspended' | 'Banned';
  incidentId?: string;
  removedFrom: readonly string[];
  notRemoved: readonly { channel: string; reason: string }[];
}): BlockMessage {
  const name = userText(a.member, 200) || 'The member';
  const who = isSlackUserId(a.slackId) ? `${mention(a.slackId)} (${name})` : `*${name}*`;
  const plainWho = isSlackUserId(a.slackId) ? `${mention(a.slackId)} (${name})` : name;
  const banned = a.action === 'Banned';
  const verb = banned ? 'banned' : 'suspended';
  const incident = a.incidentId?.trim() ? ` (incident ${idOf(a.incidentId)})` : '';
  const headline = `${plainWho} is ${verb}${incident}.`;

  const removed = a.removedFrom.filter((c) => c.trim() !== '').map(channelOf);
  const did =
    removed.length > 0
      ? `Removed them from ${listOf(removed)}.`
      : a.notRemoved.length > 0
        ? 'Couldn’t remove them from any channel.'
        : 'Nothing: they weren’t in any channel Hearth can reach.';
  const blocks: Block[] = [
    section(`${banned ? ':no_entry:' : ':double_vertical_bar:'} ${who} is ${verb}${incident}.`),
    section(`*What Hearth did*\n${did}`),
  ];

  const failed = a.notRemoved.map(
    (n) => `• ${channelOf(n.channel)}: ${userText(n.reason, 300) || 'no reason given'}`,
  );
  if (failed.length > 0) blocks.push(section(`*Couldn’t remove them from*\n${failed.join('\n')}`));

  const todo = [
    banned
      ? 'Deactivate their account in Slack’s admin pages (Manage members → ⋯ → Deactivate account), so they can’t sign in again.'
      : 'Deactivate or restrict their account in Slack’s admin pages (Manage members) until the suspension ends, then restore it.',
  ];
  if (failed.length > 0) todo.push('Remove them by hand from the channels Hearth couldn’t.');
  blocks.push(section(`*Still to do, by a workspace admin*\n${todo.map((t) => `• ${t}`).join('\n')}`));

  const notes = failed.length > 0 ? ` Couldn’t remove them from ${count(failed.length, 'channel')}.` : '';
  return message(`${headline} ${did}${notes} A workspace admin still needs to: ${todo.join(' ')}`, blocks);
}

// ---------------------------------------------------------------------------------------------------------
// The weekly summary

const STATUS_ORDER = ['Open', 'Acknowledged', 'Resolved', 'Dismissed'];
const TOP_RULES = 10;
const NO_RULE = '(no rule)';

/** `Thu 3 Dec`. */
function dayOf(when: DateTime, timeZone: string): string {
  const full = formatDateTime(when, timeZone);
  const at = full.lastIndexOf(', ');
  return at < 0 ? full : full.slice(0, at);
}

/** The period's last day: an end at local midnight means the day before. */
function lastDayOf(from: DateTime, to: DateTime, timeZone: string): string {
  const local = to.setZone(timeZone);
  const midnight =
    local.isValid && local.hour === 0 && local.minute === 0 && local.second === 0 && local.millisecond === 0;
  return dayOf(midnight && to.toMillis() > from.toMillis() ? to.minus({ milliseconds: 1 }) : to, timeZone);
}

const wholeOrZero = (n: number | undefined): number =>
  n !== undefined && Number.isFinite(n) ? Math.max(0, Math.floor(n)) : 0;

/** Rules with their counts, blanks merged as "(no rule)", most first. */
function rulesOf(byRule: readonly (readonly [string, number])[]): [string, number][] {
  const merged = new Map<string, number>();
  for (const [rule, n] of byRule) {
    const key = rule.replace(/\s+/g, ' ').trim() || NO_RULE;
    merged.set(key, (merged.get(key) ?? 0) + wholeOrZero(n));
  }
  return [...merged].filter(([, n]) => n > 0).sort((x, y) => y[1] - x[1]);
}

/** `Tue 1 Dec – Mon 7 Dec`: a week's first and last days. */
export function periodOf(from: DateTime, to: DateTime, timeZone: string): string {
  return `${dayOf(from, timeZone)} – ${lastDayOf(from, to, timeZone)}`;
}

/**
 * The weekly summary for leaders: the period, counts by status, the top rules, how many are still open, and
 * the median time to acknowledge.
 */
export function weeklySummary(a: {
  groupName: string;
  from: DateTime;
  to: DateTime;
  byStatus: Readonly<Record<string, number>>;
  byRule: readonly (readonly [string, number])[];
  stillOpen: number;
  medianAckMinutes?: number;
  timeZone: string;
}): BlockMessage {
  const group = groupOf(a.groupName);
  const period = periodOf(a.from, a.to, a.timeZone);
  const statuses = [
    ...STATUS_ORDER,
    ...Object.keys(a.byStatus).filter((s) => !STATUS_ORDER.includes(s) && wholeOrZero(a.byStatus[s]) > 0),
  ];
  const counts = statuses.map((s) => [s, wholeOrZero(a.byStatus[s])] as const);
  const total = counts.reduce((sum, [, n]) => sum + n, 0);
  const open = wholeOrZero(a.stillOpen);
  const median =
    a.medianAckMinutes !== undefined && Number.isFinite(a.medianAckMinutes)
      ? duration(a.medianAckMinutes)
      : 'none acknowledged';
  const reported = total === 0 ? 'No incidents were reported.' : `${count(total, 'incident')} reported.`;

  const blocks: Block[] = [
    section(`:bar_chart: *Moderation in ${group}*, ${period}\n${reported}`),
    fieldsSection(counts.slice(0, 10).map(([s, n]) => `*${userText(s, 50)}*\n${n}`)),
  ];

  const rules = rulesOf(a.byRule);
  const top = rules.slice(0, TOP_RULES);
  if (top.length > 0) {
    const lines = top.map(([rule, n]) => `• ${userText(rule, 200)}: ${n}`);
    const more = rules.length - top.length;
    if (more > 0) lines.push(`…and ${count(more, 'more rule')}`);
    blocks.push(section(`*By ground rule*\n${lines.join('\n')}`));
  }

  const stillOpen = open === 0 ? 'Nothing is still open.' : `${open} still open.`;
  blocks.push(
    context(`:hourglass_flowing_sand: ${stillOpen}`, `:stopwatch: Median time to acknowledge: ${median}.`),
  );

  const byStatus = counts
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${userText(s, 50)} ${n}`)
    .join(', ');
  const summary = byStatus ? `${reported.slice(0, -1)} (${byStatus}).` : reported;
  return message(
    `Moderation in ${group}, ${period}: ${summary} ${stillOpen} Median time to acknowledge: ${median}.`,
    blocks,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Refusals

export type ModerationRefusal =
  | 'not-a-leader'
  | 'subject'
  | 'reporter'
  | 'closed'
  | 'unknown-incident'
  | 'no-member'
  | 'no-message'
  | 'already-done';

/** The ephemeral reply to a leader's click that changes nothing. */
export function moderationRefusal(reason: ModerationRefusal, incidentId: string): string {
  const id = idOf(incidentId);
  const first = id.charAt(0).toUpperCase() + id.slice(1);
  switch (reason) {
    case 'not-a-leader':
      return `Only active leaders listed in the Leaders tab can act on incidents, so nothing changed for ${id}.`;
    case 'subject':
      return `${first} is about you, so the other leaders will handle it. Nothing changed.`;
    case 'reporter':
      return `You sent this report, so another leader needs to decide on ${id}. Nothing changed.`;
    case 'closed':
      return `${first} is already closed, so nothing changed.`;
    case 'unknown-incident':
      return `I can’t find ${id} in the Incidents tab any more, so nothing changed.`;
    case 'no-member':
      return `${first} isn’t linked to a Slack member, so there’s nobody to warn, suspend or ban. Nothing changed.`;
    case 'no-message':
      return `${first} doesn’t link to a Slack message, so there’s no message to remove. Nothing changed.`;
    case 'already-done':
      return `That was already done for ${id}, so nothing changed.`;
  }
}
