/**
 * Tiny, pure Block Kit helpers shared by the message builders: no I/O, no clock, no environment.
 *
 * Everything a person typed goes through `escapeText` before it reaches mrkdwn, so a name like
 * `<!channel>` or `<https://evil|click>` is shown as typed instead of pinging or linking. Block builders
 * truncate their text to Slack's limits, ending with `…`.
 */
import type { DateTime } from 'luxon';
import { isUserId } from '../../sheets-schema/slack-ids.js';

export type Block = Record<string, unknown>;

/** What every builder returns: `text` is readable on its own (notification and screen-reader text). */
export interface BlockMessage {
  text: string;
  blocks: Block[];
}

/** Slack's limits, in characters. */
export const LIMITS = {
  /** A section's text, and what we allow for a message's fallback text. */
  section: 3000,
  /** One field of a section. */
  field: 2000,
  /** Fields per section. */
  fields: 10,
  /** One context element. */
  context: 2000,
  /** Elements per context block. */
  contextElements: 10,
  /** A button's label. */
  buttonText: 75,
  /** A button's value. */
  buttonValue: 2000,
  /** A confirm dialog's title, text, and button labels. */
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  /** A block_id: Slack refuses the whole message past it. */
  blockId: 255,
} as const;

/** Escapes the three characters Slack treats as control characters in mrkdwn and in message text. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Shortens `text` to at most `max` characters, ending with `…` when it had to cut. Never cuts through a
 * surrogate pair, an entity (`&amp;`) or a `<…>` mention or link: it cuts before them instead.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, Math.max(0, max));
  let cut = text.slice(0, max - 1);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  const amp = cut.lastIndexOf('&');
  if (amp >= 0 && amp >= cut.length - 4 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  const lt = cut.lastIndexOf('<');
  if (lt >= 0 && !cut.slice(lt).includes('>')) cut = cut.slice(0, lt);
  return `${cut.trimEnd()}…`;
}

/** A trimmed, escaped, shortened piece of user-typed text for use inside mrkdwn. */
export function userText(text: string, max: number = LIMITS.section): string {
  return truncate(escapeText(text.trim()), max);
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * `Thu 3 Dec, 18:30` in the group's time zone (an IANA name). English names on purpose, so the output does
 * not depend on the runtime's locale data. An unknown zone falls back to UTC and says so.
 */
export function formatDateTime(when: DateTime, timeZone: string): string {
  if (!when.isValid) return 'an unknown time';
  const zoned: DateTime = when.setZone(timeZone);
  const local: DateTime = zoned.isValid ? zoned : when.toUTC();
  const suffix = zoned.isValid ? '' : ' UTC';
  const hh = String(local.hour).padStart(2, '0');
  const mm = String(local.minute).padStart(2, '0');
  return `${WEEKDAYS[local.weekday - 1]} ${local.day} ${MONTHS[local.month - 1]}, ${hh}:${mm}${suffix}`;
}

/** True for a Slack user ID (`U…` or `W…`: see sheets-schema/slack-ids.ts), safe to put inside `<@…>`. */
export function isSlackUserId(id: string | undefined): boolean {
  return isUserId(id?.trim());
}

/** `<@U…>` when a Slack user ID is known, else the escaped name (or the escaped ID, or "someone"). */
export function mention(slackId: string | undefined, name?: string): string {
  const id = slackId?.trim() ?? '';
  if (isUserId(id)) return `<@${id}>`;
  const shown = name?.trim() || slackId?.trim();
  return shown ? userText(shown, 200) : 'someone';
}

/** `1 seat`, `3 seats`. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `under a minute`, `25 min`, `3 h 5 min`, `2 d 4 h`. */
export function duration(minutes: number): string {
  const total = Math.round(minutes);
  if (total < 1) return 'under a minute';
  if (total < 60) return `${total} min`;
  const hours = Math.floor(total / 60);
  if (hours < 48) return total % 60 === 0 ? `${hours} h` : `${hours} h ${total % 60} min`;
  const rest = hours % 24;
  return rest === 0 ? `${Math.floor(hours / 24)} d` : `${Math.floor(hours / 24)} d ${rest} h`;
}

/** `a`, `a and b`, `a, b and c`. */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const SAFE_URL = /^(https?|mailto):[^\s<>|]+$/i;

/**
 * A mrkdwn link `<url|label>` when `url` looks like a URL, else `fallback` (the label, by default).
 * `label` is ours (not user-typed); it is escaped anyway.
 */
export function link(url: string | undefined, label: string, fallback: string = escapeText(label)): string {
  const trimmed = url?.trim();
  if (!trimmed || !SAFE_URL.test(trimmed)) return fallback;
  return `<${trimmed.replace(/&/g, '&amp;')}|${escapeText(label).replace(/\|/g, '/')}>`;
}

/** A mrkdwn text object. */
export function mrkdwn(text: string, max: number = LIMITS.section): Block {
  return { type: 'mrkdwn', text: truncate(text, max) };
}

/** A plain_text object (emoji shortcodes allowed). */
export function plainText(text: string, max: number): Block {
  return { type: 'plain_text', text: truncate(text, max), emoji: true };
}

/** Where a modal's button was: its channel and message, or the clicker's App Home. */
export interface PressedAt {
  channel: string;
  messageTs?: string | undefined;
  home?: boolean | undefined;
}

/**
 * `PressedAt` as a modal's private_metadata fields (text): its submission is decided as the click would have
 * been, and a home it came from is drawn again at once.
 */
export function pressedAtMetadata(a: PressedAt): Record<string, string> {
  return {
    channel: a.channel,
    ...(a.messageTs ? { messageTs: a.messageTs } : {}),
    ...(a.home ? { home: 'yes' } : {}),
  };
}

/**
 * A modal's input block. Its element's action_id is always `value`: the Slack door reads every input by block_id
 * alone. `extra`: `optional`, `hint`, `dispatch_action`…
 */
export function modalInput(blockId: string, label: string, element: Block, extra: Block = {}): Block {
  return {
    type: 'input',
    block_id: blockId,
    label: plainText(label, 2000),
    element: { ...element, action_id: 'value' },
    ...extra,
  };
}

/** A section block with mrkdwn text, truncated to 3000 characters. */
export function section(text: string): Block {
  return { type: 'section', text: mrkdwn(text, LIMITS.section) };
}

/** A section of up to ten mrkdwn fields (two columns); each field truncated to 2000 characters. */
export function fieldsSection(fields: readonly string[]): Block {
  return {
    type: 'section',
    fields: fields.slice(0, LIMITS.fields).map((field) => mrkdwn(field, LIMITS.field)),
  };
}

/** A context block (small grey text) of up to ten mrkdwn elements. */
export function context(...texts: string[]): Block {
  return {
    type: 'context',
    elements: texts.slice(0, LIMITS.contextElements).map((text) => mrkdwn(text, LIMITS.context)),
  };
}

export function divider(): Block {
  return { type: 'divider' };
}

/** A confirm dialog for a button. `text` is mrkdwn (escape what people typed before passing it). */
export function confirmDialog(c: {
  title: string;
  text: string;
  confirm: string;
  deny: string;
  style?: 'primary' | 'danger';
}): Block {
  return {
    title: plainText(c.title, LIMITS.confirmTitle),
    text: mrkdwn(c.text, LIMITS.confirmText),
    confirm: plainText(c.confirm, LIMITS.confirmButton),
    deny: plainText(c.deny, LIMITS.confirmButton),
    ...(c.style ? { style: c.style } : {}),
  };
}

/** A button. `value` travels back in the click: keep it to an ID, never anything confidential. */
export function button(b: {
  text: string;
  actionId: string;
  value: string;
  style?: 'primary' | 'danger';
  confirm?: Block;
}): Block {
  return {
    type: 'button',
    text: plainText(b.text, LIMITS.buttonText),
    action_id: b.actionId,
    value: b.value.slice(0, LIMITS.buttonValue),
    ...(b.style ? { style: b.style } : {}),
    ...(b.confirm ? { confirm: b.confirm } : {}),
  };
}

/** An actions block holding buttons. A block_id built from an ID is cut to Slack's limit. */
export function actions(elements: Block[], blockId?: string): Block {
  return { type: 'actions', ...(blockId ? { block_id: blockId.slice(0, LIMITS.blockId) } : {}), elements };
}

/** Builds a message, keeping the fallback text under the section limit. */
export function message(text: string, blocks: Block[]): BlockMessage {
  return { text: truncate(text, LIMITS.section), blocks };
}

/** Ends a sentence with a full stop unless it already ends with punctuation. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  return trimmed === '' || /[.!?…:;]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
