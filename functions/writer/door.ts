import { DateTime } from 'luxon';
import { z } from 'zod';
import { readHandedOver } from '../../workflows/legacy-inputs.js';
import type { Secret } from '../config.js';
import { type Handler, header, MAX_WRITER_BYTES, rawBodyOf, refuse, reply, tooLarge } from '../http.js';
import { errorFields, type Logger } from '../log.js';
import { bearerMatches } from '../signatures.js';
import type { Writer } from './index.js';

/** Attempts the hand-over queue makes before it drops a task (`npm run deploy` sets the queue to this). */
export const TASK_MAX_ATTEMPTS = 1000;
/** The log line of work the queue gives up on; the deploy routes it to the dead-letter bucket. */
export const DEAD_LETTER_MESSAGE = 'writer gave up on work';

export interface WriterDoorOptions {
  writer: () => Promise<Writer>;
  /** Checked when set; in Google Cloud the function is private and IAM checks the OIDC token instead. */
  token: Secret | undefined;
  allowTimeTravel: boolean;
  log: Logger;
}

const TickBody = z.object({ now: z.iso.datetime({ offset: true }).optional() }).strict();

/**
 * The writer function: `POST /scheduler` is the tick (Cloud Scheduler); `POST /work` is work handed over by a
 * door (Cloud Tasks). It answers once the work is applied, so a failure is retried by whoever sent it.
 */
export function createWriterDoor(options: WriterDoorOptions): Handler {
  return async (req, res) => {
    if (req.method !== 'POST') return refuse(res, 405, 'use POST');
    if (options.token && !bearerMatches(header(req, 'authorization'), options.token.reveal())) {
      return refuse(
        res,
        401,
        'missing or wrong bearer token',
        'send Authorization: Bearer <SCHEDULER_TOKEN>',
      );
    }
    if (tooLarge(req, MAX_WRITER_BYTES)) return refuse(res, 413, `body over ${MAX_WRITER_BYTES} bytes`);
    const text = rawBodyOf(req).toString('utf8').trim();
    let body: unknown = {};
    try {
      if (text) body = JSON.parse(text);
    } catch {
      return refuse(res, 400, 'the body is not JSON');
    }
    const path = req.path.replace(/\/+$/, '');
    try {
      if (path.endsWith('/work')) {
        // The same schemas the door built it with (an older version's shapes are read as today's).
        const work = readHandedOver(body);
        if (!work.ok) return refuse(res, 400, `not a piece of work: ${work.problem}`);
        // Cloud Tasks drops a task after its last attempt: say so once, where the dead-letter sink finds it.
        const retries = Number(header(req, 'x-cloudtasks-taskretrycount') ?? '');
        const lastAttempt = Number.isInteger(retries) && retries >= TASK_MAX_ATTEMPTS - 1;
        const giveUp = (fields: Record<string, unknown>) =>
          options.log.log('ERROR', DEAD_LETTER_MESSAGE, {
            identity: work.work.identity,
            kind: work.work.kind,
            attempts: retries + 1,
            ...fields,
          });
        try {
          const outcome = await (await options.writer()).submit(work.work);
          // Not applied yet (a tab it touches is paused): the queue keeps it and delivers it again.
          if (outcome.status === 'held') {
            if (lastAttempt) giveUp({ error: outcome.notes.join('; ') });
            res.set('Retry-After', '60');
            return reply(res, 503, { ...outcome });
          }
          return reply(res, 200, { ...outcome });
        } catch (error) {
          if (lastAttempt) giveUp(errorFields(error));
          throw error;
        }
      }
      const tick = TickBody.safeParse(body);
      if (!tick.success) return refuse(res, 400, 'the tick body may only be {"now": "<ISO instant>"}');
      if (tick.data.now && !options.allowTimeTravel) {
        return refuse(res, 400, 'a tick may carry "now" only when ALLOW_TIME_TRAVEL=true');
      }
      const now = tick.data.now ? DateTime.fromISO(tick.data.now, { setZone: true }) : undefined;
      const report = await (await options.writer()).tick(now);
      return reply(res, 200, { ...report });
    } catch (error) {
      options.log.log('ERROR', 'writer request failed', errorFields(error));
      return refuse(res, 500, 'the writer could not apply this; it will be tried again');
    }
  };
}
