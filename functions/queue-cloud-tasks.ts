import { createHash } from 'node:crypto';
import { type Clock, systemClock } from '../common/clock.js';
import { HandOverError } from '../common/errors.js';
import { handOverKey } from '../workflows/inputs.js';
import { googleAccessToken } from './google-token.js';
import type { HandOver, Work } from './work.js';

/**
 * The hand-over on Google Cloud Tasks: one HTTP-target task per piece of work, POSTed by Cloud Tasks to the
 * private writer with an OIDC token, retried by the queue with backoff. Spoken as plain REST (one small
 * authenticated POST) so a door's cold start loads no client library, and tests can point it at a fake.
 */
export interface CloudTasksHandOverOptions {
  /** `projects/P/locations/L/queues/Q`. */
  queue: string;
  /** The writer's base URL (`https://writer-….run.app`): tasks go to `<writerUrl>/work`; it is the OIDC audience. */
  writerUrl: string;
  /** The service account whose OIDC token Cloud Tasks sends; it needs roles/run.invoker on the writer. */
  serviceAccountEmail: string;
  /** Another endpoint speaking the Cloud Tasks API, such as the test fake. Default https://cloudtasks.googleapis.com/. */
  apiRootUrl?: string;
  /** OAuth access token for the Cloud Tasks API. Default: Application Default Credentials. */
  getAccessToken?: () => Promise<string>;
  fetch?: typeof fetch;
  /** Calls of tasks.create before giving up. Default 3. */
  tries?: number;
  /** The whole hand-over, pauses included, must fit in this (ms): the door answers Slack within 3 s. Default 2500. */
  budgetMs?: number;
  /** Its time budget and its pauses between tries (default the system's). */
  clock?: Clock;
  /** How long Cloud Tasks waits for the writer on one dispatch, 15–1800 s. Default 300 (the writer's Sheets retries take up to ~70 s). */
  dispatchDeadlineSeconds?: number;
}

const DEFAULT_ROOT = 'https://cloudtasks.googleapis.com/';
const SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
const QUEUE = /^projects\/[A-Za-z0-9.:-]+\/locations\/[A-Za-z0-9-]+\/queues\/[A-Za-z0-9-]{1,100}$/;
const FIRST_PAUSE_MS = 200;

/** The task ID for a piece of work: a hash, so any identity fits Cloud Tasks' alphabet and spreads its index. */
export function taskId(identity: string): string {
  return createHash('sha256').update(identity).digest('hex');
}

export function createCloudTasksHandOver(options: CloudTasksHandOverOptions): HandOver {
  const { queue, serviceAccountEmail } = options;
  if (!QUEUE.test(queue)) {
    throw new HandOverError(
      `The Cloud Tasks queue "${queue}" is not a queue path`,
      'Set it as projects/PROJECT/locations/LOCATION/queues/QUEUE',
      { retryable: false },
    );
  }
  const audience = options.writerUrl.replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(audience)) {
    throw new HandOverError(
      `The writer URL "${options.writerUrl}" is not an http(s) URL`,
      "Set it to the writer service's URL, such as https://writer-abc123-ew.a.run.app",
      { retryable: false },
    );
  }
  const root = (options.apiRootUrl ?? DEFAULT_ROOT).replace(/\/*$/, '/');
  const endpoint = `${root}v2/${queue}/tasks`;
  const doFetch = options.fetch ?? fetch;
  const clock = options.clock ?? systemClock;
  const elapsed = (since: number) => clock.now().toMillis() - since;
  const tries = options.tries ?? 3;
  const budgetMs = options.budgetMs ?? 2500;
  const dispatchDeadline = `${options.dispatchDeadlineSeconds ?? 300}s`;
  const accessToken = options.getAccessToken ?? googleAccessToken(SCOPE, options.apiRootUrl !== undefined);

  return {
    kind: 'cloud-tasks',
    async handOver(work: Work, handOptions: { signal?: AbortSignal } = {}): Promise<void> {
      const started = clock.now().toMillis();
      const { signal } = handOptions;
      const request = JSON.stringify({
        task: {
          // Named after the work: a second hand-over of the same work is refused as ALREADY_EXISTS.
          name: `${queue}/tasks/${taskId(handOverKey(work))}`,
          dispatchDeadline,
          httpRequest: {
            url: `${audience}/work`,
            httpMethod: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: Buffer.from(JSON.stringify(work)).toString('base64'),
            oidcToken: { serviceAccountEmail, audience },
          },
        },
      });
      let token: string;
      try {
        token = await accessToken();
      } catch (error) {
        throw new HandOverError(
          'No access token for the Cloud Tasks API',
          'On Cloud Run the runtime service account provides one; locally run `gcloud auth application-default login`',
          { retryable: true, cause: error },
        );
      }

      let pause = FIRST_PAUSE_MS;
      for (let attempt = 1; ; attempt++) {
        const left = budgetMs - elapsed(started);
        if (signal?.aborted) {
          throw new HandOverError(
            `Handing ${work.identity} to the writer queue was stopped: the caller could wait no longer`,
            'The sender should try again shortly; the same work handed over twice makes one task',
            { retryable: true, cause: signal.reason },
          );
        }
        const outcome = await createTask(doFetch, endpoint, token, request, Math.max(left, 100), signal);
        if (outcome.ok) return;
        const last = attempt >= tries || elapsed(started) + pause >= budgetMs || signal?.aborted === true;
        if (!outcome.transient || last) {
          throw new HandOverError(
            `Could not hand ${work.identity} to the writer queue after ${attempt} ${attempt === 1 ? 'try' : 'tries'}: ${outcome.detail}`,
            outcome.hint,
            {
              retryable: outcome.retryable,
              ...(outcome.status === undefined ? {} : { status: outcome.status }),
            },
          );
        }
        await clock.sleep(pause);
        pause *= 2;
      }
    },
  };
}

type Outcome =
  | { ok: true }
  | { ok: false; transient: boolean; retryable: boolean; status?: number; detail: string; hint: string };

/** One tasks.create. ALREADY_EXISTS is success: that work was handed over before. */
async function createTask(
  doFetch: typeof fetch,
  endpoint: string,
  token: string,
  body: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<Outcome> {
  let response: Response;
  let text: string;
  try {
    response = await doFetch(endpoint, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body,
      signal: signal
        ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)])
        : AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    // The error's own message only: the request (and its token) is never quoted.
    const why = error instanceof Error ? `${error.name}: ${redact(error.message)}` : 'unknown';
    return {
      ok: false,
      transient: true,
      retryable: true,
      detail: `network error (${why})`,
      hint: 'Cloud Tasks could not be reached; the sender should try again shortly',
    };
  }
  if (response.ok) return { ok: true };
  const google = googleError(text);
  if (response.status === 409 && google.status === 'ALREADY_EXISTS') return { ok: true };

  const status = response.status;
  const detail = `HTTP ${status}${google.status ? ` ${google.status}` : ''}: ${redact(google.message ?? text.slice(0, 200))}`;
  // 409 ABORTED is a concurrency conflict, worth another go like 429 and 5xx.
  if (status === 429 || status >= 500 || status === 409) {
    return {
      ok: false,
      transient: true,
      retryable: true,
      status,
      detail,
      hint: 'Cloud Tasks is busy or unavailable; the sender should try again shortly',
    };
  }
  // Refusals are not retried now; only a bad request can never succeed later.
  const hint =
    status === 400
      ? 'The task was refused as invalid (too large a body, or a bad field); this work cannot be handed over as it is'
      : status === 401 || status === 403
        ? 'Grant the caller roles/cloudtasks.enqueuer on the queue and roles/iam.serviceAccountUser on the OIDC service account'
        : status === 404
          ? 'Create the queue (`npm run deploy`) or fix its path, project and location'
          : 'Check the Cloud Tasks queue and its configuration';
  return { ok: false, transient: false, retryable: status !== 400, status, detail, hint };
}

function googleError(text: string): { status?: string; message?: string } {
  try {
    const error = (JSON.parse(text) as { error?: { status?: unknown; message?: unknown } }).error;
    return {
      ...(typeof error?.status === 'string' ? { status: error.status } : {}),
      ...(typeof error?.message === 'string' ? { message: error.message } : {}),
    };
  } catch {
    return {};
  }
}

/** Tokens must never reach a message or a log. */
function redact(text: string): string {
  return text.replace(/(bearer\s+)\S+/gi, '$1[redacted]').replace(/ya29\.[\w.-]+/g, '[redacted]');
}
