/**
 * Messages about feedback: the four buttons under the thank-you after an event and under the follow-up after
 * joining, the "Tell the organizers…" modal, the follow-up once answered, the note to the leaders, and the
 * replies only the person who clicked sees. What people write is never shown anywhere but the Feedback tab.
 */
import type { RatingWord } from '../../sheets-schema/tabs/rsvps.js';
import {
  actions,
  type Block,
  type BlockMessage,
  button,
  context,
  message,
  plainText,
  section,
  userText,
} from '../outbox/blocks.js';

/** The buttons' action_ids; each value is the RSVP ID (after an event) or the Member ID (after joining). */
export const FEEDBACK_ACTIONS = {
  loved: 'feedback:loved',
  ok: 'feedback:ok',
  notForMe: 'feedback:not-for-me',
  tell: 'feedback:tell',
} as const;

/** What each rating button records. */
export const RATING_OF: Record<Exclude<keyof typeof FEEDBACK_ACTIONS, 'tell'>, RatingWord> = {
  loved: 'Loved it',
  ok: 'It was OK',
  notForMe: 'Not for me',
};

/** The callback_id of the "Tell the organizers…" modal. */
export const FEEDBACK_CALLBACK_ID = 'feedback';

/** What people may write in the modal, in characters (Slack's most for a text input). */
export const FEEDBACK_MAX = 3000;

/** `About` in the Feedback tab for what is said about joining the group. */
export const JOINING = 'Joining';

const TELL_LABEL = 'Tell the organizers…';

function tellButton(value: string): Block {
  return button({ text: TELL_LABEL, actionId: FEEDBACK_ACTIONS.tell, value });
}

/** Loved it, It was OK, Not for me and Tell the organizers…, all carrying `value` (an RSVP or Member ID). */
export function feedbackButtons(value: string): Block {
  return actions([
    button({ text: RATING_OF.loved, actionId: FEEDBACK_ACTIONS.loved, value }),
    button({ text: RATING_OF.ok, actionId: FEEDBACK_ACTIONS.ok, value }),
    button({ text: RATING_OF.notForMe, actionId: FEEDBACK_ACTIONS.notForMe, value }),
    tellButton(value),
  ]);
}

/**
 * The modal behind "Tell the organizers…": a box for their words and a checkbox saying the organizers may
 * contact them. Who they are is not in it: Slack says who submitted it, and that is kept only when they tick
 * the box. The metadata is what the button carried and the message it was on.
 */
export function feedbackModal(a: {
  /** The RSVP ID (about an event) or the Member ID (about joining). */
  about: string;
  channel: string;
  messageTs?: string;
}): Record<string, unknown> {
  const joining = a.about.startsWith('M-');
  return {
    type: 'modal',
    callback_id: FEEDBACK_CALLBACK_ID,
    private_metadata: JSON.stringify({
      about: a.about,
      channel: a.channel,
      ...(a.messageTs ? { messageTs: a.messageTs } : {}),
    }),
    title: plainText('Tell the organizers', 24),
    submit: plainText('Send', 24),
    close: plainText('Cancel', 24),
    blocks: [
      section(
        joining
          ? 'How are you finding the group? What would make it better? The organizers read every word.'
          : 'How was the event? What would make the next one better? The organizers read every word.',
      ),
      {
        type: 'input',
        block_id: 'feedback',
        label: plainText('Your feedback', 2000),
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: FEEDBACK_MAX },
      },
      {
        type: 'input',
        block_id: 'contact',
        optional: true,
        label: plainText('Contact', 2000),
        element: {
          type: 'checkboxes',
          action_id: 'value',
          options: [{ text: plainText('You may contact me about this', 75), value: 'yes' }],
        },
      },
      context(
        ':lock: Your name is not kept with what you write, unless you tick the box: then the organizers see who you are, so they can reply.',
      ),
    ],
  };
}

/** The follow-up after joining, edited in place once answered: thanks, and no rating buttons any more. */
export function followUpAnswered(a: { name: string; groupName: string; memberId?: string }): BlockMessage {
  const name = userText(a.name, 200) || 'there';
  const group = userText(a.groupName, 200) || 'the group';
  const head = `Thanks for telling us how it’s going, ${name}! Your answer reached the organizers of ${group}, without your name.`;
  const more = 'Anything else on your mind? Tell the organizers in a few words.';
  const blocks: Block[] = [section(`:seedling: ${head}`)];
  if (a.memberId) blocks.push(section(more), actions([tellButton(a.memberId)]));
  return message(a.memberId ? `${head} ${more}` : head, blocks);
}

/** The note to the leaders that new feedback is in the tab (never the words, never who wrote it). */
export function feedbackNote(a: {
  feedbackId: string;
  /** The event's title, or undefined for joining. */
  eventTitle?: string;
  eventId?: string;
  rating?: RatingWord;
  contact: boolean;
}): string {
  const about = a.eventId
    ? `about ${userText(a.eventTitle ?? '', 200) || 'an event'} (${a.eventId})`
    : 'about joining the group';
  const rated = a.rating ? `, rated ${a.rating}` : '';
  const reply = a.contact ? ' They would welcome a reply: see Contact.' : '';
  return `:speech_balloon: New feedback ${about}${rated}: ${a.feedbackId} in the Feedback tab.${reply}`;
}

// ---------------------------------------------------------------------------------------------------------
// Replies only the person who clicked sees

/** A rating of an event, taken (or taken again). */
export function ratingReply(a: { title: string; rating: RatingWord }): string {
  const title = userText(a.title, 200) || 'the event';
  return `Thanks! You rated ${title}: ${a.rating}. Changed your mind? Tap another answer.`;
}

/** A second answer to the follow-up after joining: the first one counts. */
export const ALREADY_ANSWERED_REPLY =
  'You’ve already answered this one, thank you: your first answer is the one that counts. Tap *Tell the organizers…* to say more.';

/** What the person wrote reached the organizers. */
export function feedbackReceived(contact: boolean): string {
  return contact
    ? 'Thanks! Your words reached the organizers, with your name so they can reply.'
    : 'Thanks! Your words reached the organizers, without your name.';
}

export type FeedbackRefusal = 'not-yours' | 'unknown' | 'no-rating-column' | 'empty';

export function feedbackRefusal(reason: FeedbackRefusal): string {
  switch (reason) {
    case 'not-yours':
      return 'Only the person this message was sent to can answer it, so nothing changed.';
    case 'unknown':
      return 'This message is out of date: the sheet no longer has what it was about, so nothing changed.';
    case 'no-rating-column':
      return 'Ratings can’t be kept yet: the RSVPs tab has no Rating column (an organizer can run npm run provision). Tap *Tell the organizers…* instead.';
    case 'empty':
      return 'Nothing was sent: the box was empty.';
  }
}
