/**
 * What a channel's owner and the leaders channel are told of a question nobody has answered: where it is, how
 * long it has waited and a link to it. Never its text, nor who asked: the link shows it to whoever may see it.
 */
import { isChannelId } from '../../sheets-schema/slack-ids.js';
import { type BlockMessage, context, link, message, section, userText } from '../outbox/blocks.js';

export interface QuestionNudge {
  /** The Questions row's Channel: `#name`, or the channel's ID when Slack did not tell its name. */
  channel: string;
  permalink: string;
  /** From when it was asked to when this message was planned. */
  waitedMinutes: number;
  /** When it was asked, as people read it (`Mon 11 May, 10:00`). */
  asked: string;
}

/** `<#C…>` (Slack shows the channel's name) for an ID, else the name as typed, escaped. */
export function channelText(channel: string): string {
  const trimmed = channel.trim();
  if (isChannelId(trimmed)) return `<#${trimmed}>`;
  return userText(trimmed.startsWith('#') ? trimmed : `#${trimmed}`, 100);
}

/** `40 minutes`, `5 hours`, `3 days`: how long, rounded down, the way people say it. */
export function waitedText(minutes: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (minutes < 60) return plural(Math.max(0, Math.floor(minutes)), 'minute');
  if (minutes < 48 * 60) return plural(Math.floor(minutes / 60), 'hour');
  return plural(Math.floor(minutes / (24 * 60)), 'day');
}

const waited = (q: QuestionNudge, bold: boolean) => {
  const time = waitedText(q.waitedMinutes);
  return `A question in ${channelText(q.channel)} has waited ${bold ? `*${time}*` : time} and nobody has answered it in its thread yet.`;
};

/** The DM to a leader whose Leaders → Channels names the channel. */
export function questionOwnerMessage(q: QuestionNudge & { answerWithinHours: number }): BlockMessage {
  const ask = `You look after ${channelText(q.channel)}: could you answer it, or ask someone who can?`;
  const later = `If it still has no reply in ${waitedText(q.answerWithinHours * 60)} more (quiet hours not counted), I’ll ask in the leaders channel.`;
  return message(`${waited(q, false)} ${ask}`, [
    section(`:raising_hand: ${waited(q, true)}`),
    section(`${ask} ${link(q.permalink, 'Open the question', '')}`.trim()),
    context(`Asked ${q.asked} · ${later}`),
  ]);
}

/** The post in the leaders channel: the owners were told and nobody replied, or the channel has no owner. */
export function questionLeadersMessage(q: QuestionNudge & { owned: boolean }): BlockMessage {
  const ask = 'Can someone answer it, or find someone who can?';
  const owners = q.owned
    ? 'The leaders who look after it were told first.'
    : `No leader looks after ${channelText(q.channel)}: add it to someone’s Channels in the Leaders tab and they are told first next time.`;
  return message(`${waited(q, false)} ${ask}`, [
    section(`:raising_hand: ${waited(q, true)} ${ask}`),
    section(link(q.permalink, 'Open the question', 'The question’s link is missing from the Questions tab.')),
    context(`Asked ${q.asked} · ${owners}`),
  ]);
}
