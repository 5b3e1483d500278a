import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import { verifySlackRequest } from '@slack/bolt';
import { timestampProblem } from '../signatures.js';

export interface SlackRequest {
  rawBody: Buffer;
  headers: Record<string, string | undefined>;
  nowMs: number;
  /** When the answer must be on its way (epoch ms): Slack gives up after 3 s. Default nowMs + ACK_BUDGET_MS. */
  deadlineMs?: number;
}

/** How long after a request arrives its answer goes out at the latest: Slack waits 3 s, the network takes some. */
export const ACK_BUDGET_MS = 2_500;

/** What a listener finds in bolt's `context`: aborted when the answer can wait no longer. */
export interface AckContext {
  ackSignal?: AbortSignal;
}

export interface SlackResponse {
  status: number;
  body: string;
  contentType: string;
}

/**
 * A bolt receiver for an HTTP Cloud Function (bolt ships none): it verifies the v0 signature, answers
 * url_verification, and runs bolt's listeners before the function answers, because a Cloud Function may be
 * starved of CPU once it has answered. Listeners therefore do only fast work (open a modal, hand over) and ack.
 */
export class FunctionReceiver implements Receiver {
  private app: App | undefined;

  constructor(private readonly signingSecret: () => string) {}

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  async handle(request: SlackRequest): Promise<SlackResponse> {
    const text = request.rawBody.toString('utf8');
    // bolt refuses old timestamps only: one dated in the future would be accepted until it is old.
    const stamp = request.headers['x-slack-request-timestamp'];
    const stale = stamp
      ? timestampProblem('X-Slack-Request-Timestamp', stamp, request.nowMs / 1000)
      : undefined;
    if (stale) return json(401, { error: stale });
    try {
      verifySlackRequest({
        signingSecret: this.signingSecret(),
        body: text,
        headers: {
          'x-slack-signature': request.headers['x-slack-signature'] ?? '',
          'x-slack-request-timestamp': Number(request.headers['x-slack-request-timestamp']),
        },
        nowMilliseconds: request.nowMs,
      });
    } catch (error) {
      return json(401, { error: (error as Error).message.replace(/^Failed to verify authenticity: /, '') });
    }
    const body = parseBody(text, request.headers['content-type'] ?? '');
    if (!body) return json(400, { error: 'the body is neither JSON nor a form-encoded payload' });
    if (body.type === 'url_verification') return json(200, { challenge: body.challenge });
    if (body.ssl_check) return json(200, {});
    if (!this.app) throw new Error('FunctionReceiver was not initialised by a bolt App');

    let response: SlackResponse | undefined;
    const deadline = request.deadlineMs ?? request.nowMs + ACK_BUDGET_MS;
    const late = new AbortController();
    const event: ReceiverEvent = {
      body,
      customProperties: { ackSignal: late.signal },
      ack: async (answer?: unknown) => {
        if (response) return; // a second ack is ignored, as bolt's own receivers do
        response =
          answer === undefined || answer === ''
            ? { status: 200, body: '', contentType: 'text/plain' }
            : typeof answer === 'string'
              ? { status: 200, body: answer, contentType: 'text/plain' }
              : json(200, answer);
      },
      ...retryOf(request.headers),
    };
    // A request is taken once its listener has finished (handed the work over): bolt acknowledges events
    // before their listener runs, so an ack alone proves nothing. Not taken, it is answered 503, and Slack
    // delivers an event again (a person sees an error and can click again). The answer never waits past the
    // deadline: a listener still busy then (a slow hand-over, a cold token) is told to stop.
    let timer: NodeJS.Timeout | undefined;
    const overdue = new Promise<'overdue'>((resolve) => {
      timer = setTimeout(() => resolve('overdue'), Math.max(0, deadline - request.nowMs));
    });
    try {
      const outcome = await Promise.race([this.app.processEvent(event).then(() => 'done' as const), overdue]);
      if (outcome === 'overdue') {
        late.abort(new Error('Slack’s 3 seconds are nearly up'));
        return json(503, { error: 'Hearth could not take this request in time; try again' });
      }
    } catch {
      return json(503, { error: 'Hearth could not take this request; try again' });
    } finally {
      clearTimeout(timer);
    }
    // No listener acknowledged: still 200, or Slack would retry something Hearth does not handle.
    return response ?? { status: 200, body: '', contentType: 'text/plain' };
  }
}

function json(status: number, body: unknown): SlackResponse {
  return { status, body: JSON.stringify(body), contentType: 'application/json' };
}

function retryOf(headers: Record<string, string | undefined>): { retryNum?: number; retryReason?: string } {
  const num = headers['x-slack-retry-num'];
  const reason = headers['x-slack-retry-reason'];
  return { ...(num ? { retryNum: Number(num) } : {}), ...(reason ? { retryReason: reason } : {}) };
}

/** Events come as JSON; interactivity as `payload=<json>`; slash commands as plain form fields. */
function parseBody(text: string, contentType: string): Record<string, unknown> | undefined {
  try {
    if (contentType.includes('application/x-www-form-urlencoded')) {
      const form = new URLSearchParams(text);
      const payload = form.get('payload');
      return payload ? (JSON.parse(payload) as Record<string, unknown>) : Object.fromEntries(form);
    }
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
