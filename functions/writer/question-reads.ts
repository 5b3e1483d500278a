import { DateTime } from 'luxon';
import type { Clock } from '../../common/clock.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import type { Input, InputOf } from '../../workflows/inputs.js';
import {
  type DueCheck,
  dueQuestionChecks,
  messageKey,
  type QuestionFacts,
  questionsToLookUp,
  type ThreadCheck,
} from '../../workflows/presence/questions.js';
import type { Chat, FirstReply } from '../chat.js';
import { errorFields, type Logger } from '../log.js';

/** How long a channel's name is taken as Slack last told it: a renamed channel is seen within this. */
export const CHANNEL_NAME_MAX_AGE_MINUTES = 60;

/**
 * The most threads read for one batch: conversations.replies is Tier 3 (about 50 calls a minute), and a tick
 * comes every minute. Questions past it (after a long outage, say) are read at the next ticks, oldest first.
 */
export const THREADS_PER_BATCH = 20;

/**
 * The Slack reads the questions of a batch need, part of the gather step: for a new question its channel's name
 * (conversations.info, kept an hour) and its link (chat.getPermalink); at a tick, the thread of each question
 * whose ladder step is due (conversations.replies), read once for that step. Nothing is read for a batch
 * without either, so a busy writer costs Slack nothing more. A read that fails is logged and left out: a new
 * question is then recorded with its channel's ID, a due step waits for the next tick.
 */
export class QuestionReads {
  private readonly names = new Map<string, { name: Promise<string | undefined>; at: DateTime }>();
  /**
   * Threads read, by `<Question ID>:<step>`, kept while that step is due: a batch tried again (a failed
   * write) does not read them again. What is no longer due is forgotten at the next read.
   */
  private checked = new Map<string, ThreadCheck>();

  constructor(private readonly deps: { chat: Chat; clock: Clock; log: Logger }) {}

  async gather(inputs: readonly Input[], snapshot: Snapshot, now: DateTime): Promise<QuestionFacts> {
    const asked = inputs.filter(
      (input): input is InputOf<'question_asked'> => input.kind === 'question_asked',
    );
    const ticked = inputs.some((input) => input.kind === 'tick');
    const [messages, threads] = await Promise.all([
      this.lookUp(questionsToLookUp(snapshot, asked)),
      ticked ? this.readThreads(dueQuestionChecks(snapshot, now)) : new Map<string, ThreadCheck>(),
    ]);
    return { messages, threads };
  }

  private async lookUp(messages: readonly { channel: string; ts: string }[]) {
    const found = new Map<string, { channelName?: string; permalink?: string }>();
    await Promise.all(
      messages.map(async (message) => {
        const [channelName, permalink] = await Promise.all([
          this.channelName(message.channel),
          this.deps.chat.permalink(message).catch((error: unknown) => {
            this.warn('a question’s link not read; it is recorded with one made from its channel', error);
            return undefined;
          }),
        ]);
        found.set(messageKey(message.channel, message.ts), {
          ...(channelName ? { channelName } : {}),
          ...(permalink ? { permalink } : {}),
        });
      }),
    );
    return found;
  }

  /** A channel's name, shared by the questions of one channel and kept a while; a failure is not kept. */
  private channelName(channel: string): Promise<string | undefined> {
    const now = this.deps.clock.now();
    const known = this.names.get(channel);
    if (known && now.diff(known.at, 'minutes').minutes < CHANNEL_NAME_MAX_AGE_MINUTES) return known.name;
    const name = this.deps.chat.channelName(channel).catch((error: unknown) => {
      this.names.delete(channel);
      this.warn('a channel’s name not read; its ID is shown instead', error);
      return undefined;
    });
    this.names.set(channel, { name, at: now });
    return name;
  }

  private async readThreads(due: readonly DueCheck[]): Promise<Map<string, ThreadCheck>> {
    const threads = new Map<string, ThreadCheck>();
    const kept = new Map<string, ThreadCheck>();
    const toRead: DueCheck[] = [];
    for (const check of due) {
      const known = this.checked.get(`${check.questionId}:${check.step}`);
      if (known) {
        threads.set(check.questionId, known);
        kept.set(`${check.questionId}:${check.step}`, known);
      } else toRead.push(check);
    }
    await Promise.all(
      toRead.slice(0, THREADS_PER_BATCH).map(async (check) => {
        try {
          const thread = threadCheck(await this.deps.chat.firstReply(check));
          threads.set(check.questionId, thread);
          kept.set(`${check.questionId}:${check.step}`, thread);
        } catch (error) {
          this.warn(`the thread of ${check.questionId} not read; tried again at the next tick`, error);
        }
      }),
    );
    this.checked = kept;
    return threads;
  }

  private warn(message: string, error: unknown): void {
    this.deps.log.log('WARNING', message, errorFields(error));
  }
}

/** What Slack said of a thread, as the ladder reads it. */
function threadCheck(reply: FirstReply): ThreadCheck {
  if (reply.found === 'gone') return { gone: true };
  if (reply.found === 'none')
    return reply.author ? { replied: false, asker: reply.author } : { replied: false };
  return { replied: true, by: reply.user, at: DateTime.fromSeconds(Number(reply.ts), { zone: 'utc' }) };
}
