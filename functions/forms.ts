import type { Clock } from '../common/clock.js';
import { formOf, parseFormBody } from '../sheets-schema/forms/index.js';
import type { Secret } from './config.js';
import { type Handler, header, MAX_FORM_BYTES, rawBodyOf, refuse, reply, tooLarge } from './http.js';
import { errorFields, type Logger } from './log.js';
import { formSignatureProblem } from './signatures.js';
import type { HandOver } from './work.js';

export interface FormsDoorOptions {
  secret: Secret;
  handOver: () => Promise<HandOver>;
  clock: Clock;
  log: Logger;
}

/**
 * `POST /forms`: a Google Form submission relayed by the Apps Script. Verifies the relay's signature, parses
 * either body shape, and hands the submission to the writer. Invalid answers are handed over too (to be
 * recorded) and answered 422 with the field errors. An optional answer that is set aside (a report's mistyped
 * email) leaves the rest usable: 202, naming the questions set aside.
 */
export function createFormsDoor(options: FormsDoorOptions): Handler {
  return async (req, res) => {
    if (req.method !== 'POST') return refuse(res, 405, 'use POST');
    if (tooLarge(req, MAX_FORM_BYTES)) return refuse(res, 413, `body over ${MAX_FORM_BYTES} bytes`);
    const rawBody = rawBodyOf(req);
    const problem = formSignatureProblem({
      secret: options.secret.reveal(),
      timestamp: header(req, 'x-form-timestamp'),
      signature: header(req, 'x-form-signature'),
      rawBody,
      nowSeconds: Math.floor(options.clock.now().toSeconds()),
    });
    if (problem) {
      options.log.log('WARNING', 'form submission refused', { reason: problem });
      return refuse(
        res,
        401,
        problem,
        'sign the body as the README says (scripts/apps-script/setup.gs does)',
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch {
      return refuse(res, 400, 'the body is not JSON', 'send the submission as a JSON object');
    }
    const parsed = parseFormBody(body);
    if (!parsed.ok && parsed.status === 400) return refuse(res, 400, parsed.reason);
    try {
      await (await options.handOver()).handOver(parsed.work);
    } catch (error) {
      options.log.log('ERROR', 'form submission not handed over', errorFields(error));
      res.set('Retry-After', '30');
      return refuse(res, 503, 'could not hand the submission over; nothing was recorded', 'send it again');
    }
    if (!parsed.ok) {
      options.log.log('NOTICE', 'form submission with invalid answers recorded', {
        identity: parsed.work.identity,
        fields: Object.keys(parsed.errors),
      });
      return reply(res, 422, { error: 'some answers are not valid', fields: parsed.errors, recorded: true });
    }
    // Set-aside answers are named by their question only: a reporter's answer never reaches a log line.
    const setAside = Object.keys(('setAside' in parsed.work && parsed.work.setAside) || {});
    options.log.log('INFO', 'form submission accepted', {
      identity: parsed.work.identity,
      form: formOf(parsed.work),
      ...(setAside.length > 0 ? { setAside } : {}),
    });
    reply(res, 202, {
      accepted: true,
      identity: parsed.work.identity,
      ...(setAside.length > 0 ? { setAside } : {}),
    });
  };
}
