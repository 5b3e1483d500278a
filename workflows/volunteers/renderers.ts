/** How each Outbox row about a shift becomes a Slack message, from the sheet as it is when sent. */
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { GONE } from '../onboarding/decisions.js';
import { mention } from '../outbox/blocks.js';
import { type Delivery, parsePermalink, personAt, post, type Renderer, skip } from '../outbox/delivery.js';
import type { OutboxRow } from '../records.js';
import { parseShiftAbout, SHIFT_KINDS, type ShiftKind } from './kinds.js';
import {
  askMessage,
  backupMessage,
  confirmedMessage,
  droppedMessage,
  offerMessage,
  promotedMessage,
  releasedMessage,
  type ShiftWords,
  shiftReminder,
  shiftStartMessage,
  takenMessage,
} from './messages.js';
import { placeOf, type RoleView, roleById } from './roles-read.js';

interface Context {
  role: RoleView;
  memberId: string;
  rest: string;
  words: ShiftWords;
  eventLive: boolean;
}

function contextOf(row: OutboxRow, snapshot: Snapshot): Context | string {
  const about = parseShiftAbout(row.about);
  const found = about && roleById(snapshot, about.roleId);
  if (!about || !found) return `no role ${row.about ?? ''} in Event roles`;
  const { role, event } = found;
  return {
    role,
    memberId: about.memberId,
    rest: about.rest,
    eventLive: event.status === 'Announced',
    words: {
      title: event.title,
      role: role.name,
      starts: role.starts,
      ends: role.ends,
      timeZone: snapshot.timeZone,
      link: event.slackMessage,
    },
  };
}

const nameOf = (snapshot: Snapshot, memberId: string) => {
  const m = snapshot.table('Members').byId(memberId)?.values;
  return mention(m?.slackId, m?.name || memberId);
};

/** A DM to the member the row names, built while they are still a member and the role still there. */
function dm(
  row: OutboxRow,
  snapshot: Snapshot,
  build: (c: Context) => Delivery | { text: string; blocks?: Record<string, unknown>[] },
): Delivery {
  const c = contextOf(row, snapshot);
  if (typeof c === 'string') return skip(c);
  const member = snapshot.table('Members').byId(c.memberId)?.values;
  if (member && GONE.has(member.status ?? '')) return skip(`${c.memberId} is ${member.status}`);
  const built = build(c);
  if ('kind' in built) return built;
  const to = row.to ? personAt(row.to, snapshot) : undefined;
  return to ? post(to, built) : skip(`nobody to send to (${row.to ?? 'no To'})`);
}

const onShift = (c: Context) => placeOf(c.role, c.memberId) === 'volunteer';

export const SHIFT_RENDERERS: Record<ShiftKind, Renderer> = {
  [SHIFT_KINDS.confirmed]: (row, snapshot) =>
    dm(row, snapshot, (c) =>
      onShift(c)
        ? confirmedMessage(c.role.roleId, c.words)
        : skip(`${c.memberId} is no longer on ${c.role.roleId}`),
    ),
  [SHIFT_KINDS.backup]: (row, snapshot) =>
    dm(row, snapshot, (c) => {
      const place = placeOf(c.role, c.memberId);
      return place && place !== 'volunteer'
        ? backupMessage(c.role.roleId, c.words, place.backup)
        : onShift(c)
          ? confirmedMessage(c.role.roleId, c.words)
          : skip(`${c.memberId} is no longer a backup`);
    }),
  [SHIFT_KINDS.promoted]: (row, snapshot) =>
    dm(row, snapshot, (c) =>
      onShift(c)
        ? promotedMessage(c.role.roleId, c.words)
        : skip(`${c.memberId} is no longer on ${c.role.roleId}`),
    ),
  [SHIFT_KINDS.taken]: (row, snapshot) =>
    dm(row, snapshot, (c) =>
      onShift(c)
        ? takenMessage(c.role.roleId, c.words)
        : skip(`${c.memberId} is no longer on ${c.role.roleId}`),
    ),
  [SHIFT_KINDS.dropped]: (row, snapshot) =>
    dm(row, snapshot, (c) => droppedMessage(c.words, c.rest === 'backup')),
  [SHIFT_KINDS.released]: (row, snapshot) =>
    dm(row, snapshot, (c) => releasedMessage(c.words, nameOf(snapshot, c.rest.replace(/^to /, '')))),
  [SHIFT_KINDS.ask]: (row, snapshot) =>
    dm(row, snapshot, (c) =>
      !c.eventLive || c.role.left === 0
        ? skip(`${c.role.roleId} is full now`)
        : placeOf(c.role, c.memberId)
          ? skip(`${c.memberId} is in ${c.role.roleId} already`)
          : askMessage(c.role.roleId, c.words, c.role),
    ),
  [SHIFT_KINDS.reminder]: (row, snapshot) =>
    dm(row, snapshot, (c) =>
      c.eventLive && onShift(c)
        ? shiftReminder(c.words, c.rest)
        : skip(`${c.memberId} is no longer on ${c.role.roleId}, or the event is not on`),
    ),
  [SHIFT_KINDS.start]: (row, snapshot) =>
    dm(row, snapshot, (c) =>
      c.eventLive && onShift(c)
        ? shiftStartMessage(c.words)
        : skip(`${c.memberId} is no longer on ${c.role.roleId}, or the event is not on`),
    ),

  // In the thread of the event's announcement when it has one, else where the row says.
  [SHIFT_KINDS.offer]: (row, snapshot) => {
    const c = contextOf(row, snapshot);
    if (typeof c === 'string') return skip(c);
    if (!onShift(c)) return skip(`${c.memberId} is no longer on ${c.role.roleId}`);
    const built = offerMessage({
      roleId: c.role.roleId,
      offerer: c.memberId,
      offererMention: nameOf(snapshot, c.memberId),
      w: c.words,
    });
    const thread = parsePermalink(c.words.link ?? '');
    if (thread) return post(thread.channel, { ...built, threadTs: thread.ts });
    return row.to ? post(row.to, built) : skip('no channel to post the offer in');
  },
  // The offer redrawn as taken, without its button.
  [SHIFT_KINDS.offerUpdate]: (row, snapshot) => {
    const c = contextOf(row, snapshot);
    if (typeof c === 'string') return skip(c);
    const offerAbout = `${c.role.roleId} ${c.memberId}`;
    const offer = snapshot
      .table('Outbox')
      .rows.map((r) => r.values)
      .filter((v) => v.kind === SHIFT_KINDS.offer && v.about === offerAbout && v.slackMessage)
      .at(-1);
    if (!offer?.slackMessage) return skip('the offer was never posted');
    const built = offerMessage({
      roleId: c.role.roleId,
      offerer: c.memberId,
      offererMention: nameOf(snapshot, c.memberId),
      w: c.words,
      takenBy: nameOf(snapshot, c.rest),
    });
    return { kind: 'update', permalink: offer.slackMessage, message: built };
  },
  [SHIFT_KINDS.reply]: () => skip('a reply only the person who clicked saw, at the time: not sent again'),
};
