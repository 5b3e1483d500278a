import { randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback fake of the Cloud Tasks v2 REST API's tasks.create, validating requests and answering errors
 * in Google's shapes. It can also play the queue: dispatch each task to its URL with a fake OIDC token,
 * retrying non-2xx answers with backoff up to a maximum of attempts.
 */

/** The bearer token dispatched tasks carry in place of a Google-signed OIDC token. */
export const FAKE_OIDC_TOKEN = 'fake-oidc-token';

export interface CloudTasksFakeOptions {
  /** POST each created task to its httpRequest.url. Default false. */
  dispatch?: boolean;
  /** Dispatch attempts before a task is given up (the queue's maxAttempts). Default 5. */
  maxAttempts?: number;
  /** First pause between dispatch attempts, doubling each time (ms). Default 10. */
  backoffMs?: number;
}

export interface FakeDispatch {
  state: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  /** The writer's HTTP status per attempt, or the network error's name. */
  outcomes: (number | string)[];
}

export interface FakeTask {
  name: string;
  queue: string;
  url: string;
  httpMethod: string;
  headers: Record<string, string>;
  /** The decoded body. */
  body: string;
  oidcToken: { serviceAccountEmail: string; audience?: string };
  dispatchDeadline?: string;
  createTime: string;
  dispatch?: FakeDispatch;
}

export interface FakeCall {
  status: number;
  /** The Authorization header as sent (a test token). */
  authorization?: string;
}

export interface CloudTasksFake {
  /** Root URL with a trailing slash, for `apiRootUrl`. */
  url: string;
  /** Tasks created, in order. */
  tasks: FakeTask[];
  /** Every tasks.create call with the status answered. */
  calls: FakeCall[];
  /** Answer the next `times` calls with this status (429, 500, 503…) before looking at them. */
  failNext(status: number, times?: number): void;
  /** Every call waits this long before it is looked at (a slow or cold service); a caller giving up meanwhile creates nothing. */
  setLatency(ms: number): void;
  /** Resolves once every dispatch so far has succeeded or been given up. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const PATH =
  /^\/v2\/(projects\/[A-Za-z0-9.:-]+\/locations\/[A-Za-z0-9-]+\/queues\/[A-Za-z0-9-]{1,100})\/tasks$/;
const TASK_ID = /^[A-Za-z0-9_-]{1,500}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const METHODS = new Set(['POST', 'GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);
const MAX_TASK_BYTES = 1024 * 1024;

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface TaskRequest {
  name?: unknown;
  dispatchDeadline?: unknown;
  httpRequest?: {
    url?: unknown;
    httpMethod?: unknown;
    headers?: unknown;
    body?: unknown;
    oidcToken?: { serviceAccountEmail?: unknown; audience?: unknown };
  };
}

export async function startCloudTasksFake(options: CloudTasksFakeOptions = {}): Promise<CloudTasksFake> {
  const maxAttempts = options.maxAttempts ?? 5;
  const backoffMs = options.backoffMs ?? 10;
  const tasks: FakeTask[] = [];
  const calls: FakeCall[] = [];
  const names = new Set<string>();
  const dispatching = new Set<Promise<void>>();
  const failures: number[] = [];
  let latencyMs = 0;
  let closed = false;

  function create(parent: string, request: { task?: TaskRequest }): FakeTask {
    const task = request.task;
    if (!task || typeof task !== 'object') throw new ApiError(400, 'Task is required.');
    let name: string;
    if (task.name === undefined || task.name === '') {
      name = `${parent}/tasks/${randomInt(1e12, 1e13)}`;
    } else {
      if (typeof task.name !== 'string' || !task.name.startsWith(`${parent}/tasks/`)) {
        throw new ApiError(400, `Task name must be in the queue ${parent}: "${String(task.name)}".`);
      }
      const id = task.name.slice(parent.length + '/tasks/'.length);
      if (!TASK_ID.test(id)) {
        throw new ApiError(
          400,
          `Task ID "${id}" must be letters, digits, hyphens or underscores, at most 500.`,
        );
      }
      name = task.name;
    }
    const http = task.httpRequest;
    if (!http || typeof http !== 'object') throw new ApiError(400, 'Task.http_request is required.');
    if (typeof http.url !== 'string' || !/^https?:\/\/[^/]/.test(http.url)) {
      throw new ApiError(400, 'HttpRequest.url must begin with http:// or https://.');
    }
    const httpMethod = http.httpMethod ?? 'POST';
    if (typeof httpMethod !== 'string' || !METHODS.has(httpMethod)) {
      throw new ApiError(400, `Invalid value at 'task.http_request.http_method': "${String(httpMethod)}".`);
    }
    const headers = http.headers ?? {};
    if (typeof headers !== 'object' || Object.values(headers).some((v) => typeof v !== 'string')) {
      throw new ApiError(400, 'HttpRequest.headers must map names to strings.');
    }
    const raw = http.body ?? '';
    if (typeof raw !== 'string' || !BASE64.test(raw)) {
      throw new ApiError(400, "Invalid value at 'task.http_request.body': not base64.");
    }
    const body = Buffer.from(raw, 'base64');
    if (body.length > MAX_TASK_BYTES) throw new ApiError(400, 'Task size too large.');
    // Google allows tasks without a token; Hearth's writer is private, so the fake insists.
    const oidc = http.oidcToken;
    if (!oidc || typeof oidc.serviceAccountEmail !== 'string' || !oidc.serviceAccountEmail.includes('@')) {
      throw new ApiError(400, 'HttpRequest.oidc_token.service_account_email is required.');
    }
    if (oidc.audience !== undefined && typeof oidc.audience !== 'string') {
      throw new ApiError(400, "Invalid value at 'task.http_request.oidc_token.audience'.");
    }
    const deadline = task.dispatchDeadline;
    if (deadline !== undefined) {
      const seconds =
        typeof deadline === 'string' && /^\d+(\.\d+)?s$/.test(deadline)
          ? Number.parseFloat(deadline)
          : Number.NaN;
      if (!(seconds >= 15 && seconds <= 1800)) {
        throw new ApiError(400, 'Task.dispatch_deadline must be in the interval [15s, 1800s].');
      }
    }
    if (names.has(name)) throw new ApiError(409, 'Requested entity already exists');
    names.add(name);
    return {
      name,
      queue: parent,
      url: http.url,
      httpMethod,
      headers: headers as Record<string, string>,
      body: body.toString('utf8'),
      oidcToken: {
        serviceAccountEmail: oidc.serviceAccountEmail,
        ...(typeof oidc.audience === 'string' ? { audience: oidc.audience } : {}),
      },
      ...(typeof deadline === 'string' ? { dispatchDeadline: deadline } : {}),
      createTime: new Date().toISOString(),
    };
  }

  /** Plays the queue: at least once, with backoff, until a 2xx or maxAttempts. */
  async function dispatch(task: FakeTask): Promise<void> {
    const record: FakeDispatch = { state: 'pending', attempts: 0, outcomes: [] };
    task.dispatch = record;
    const deadlineMs = Number.parseFloat(task.dispatchDeadline ?? '600s') * 1000;
    for (let pause = backoffMs; !closed; pause *= 2) {
      record.attempts++;
      try {
        const response = await fetch(task.url, {
          method: task.httpMethod,
          headers: {
            ...task.headers,
            Authorization: `Bearer ${FAKE_OIDC_TOKEN}`,
            'User-Agent': 'Google-Cloud-Tasks',
            'X-CloudTasks-QueueName': task.queue.split('/').pop() as string,
            'X-CloudTasks-TaskName': task.name.split('/').pop() as string,
            'X-CloudTasks-TaskRetryCount': String(record.attempts - 1),
          },
          ...(task.httpMethod === 'GET' || task.httpMethod === 'HEAD' ? {} : { body: task.body }),
          signal: AbortSignal.timeout(deadlineMs),
        });
        await response.arrayBuffer();
        record.outcomes.push(response.status);
        if (response.ok) {
          record.state = 'succeeded';
          return;
        }
      } catch (error) {
        record.outcomes.push(error instanceof Error ? error.name : 'Error');
      }
      if (record.attempts >= maxAttempts) break;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
    record.state = 'failed';
  }

  function send(res: ServerResponse, status: number, body: unknown): number {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8' });
    res.end(JSON.stringify(body));
    return status;
  }

  function sendError(res: ServerResponse, status: number, message: string): number {
    return send(res, status, { error: { code: status, message, status: STATUS_NAMES[status] ?? 'UNKNOWN' } });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (latencyMs > 0) {
      let gone = false;
      res.once('close', () => {
        gone = !res.writableEnded;
      });
      await new Promise((resolve) => setTimeout(resolve, latencyMs));
      // The caller gave up: this fake then creates nothing (Google might; the task's name makes a retry a no-op).
      if (gone) return 499;
    }
    const injected = failures.shift();
    if (injected !== undefined) return sendError(res, injected, 'Injected failure.');

    const path = PATH.exec(new URL(req.url ?? '/', 'http://fake').pathname);
    if (!path || req.method !== 'POST')
      return sendError(res, 404, `Unknown method ${req.method} ${req.url}.`);
    if (!/^Bearer \S+$/.test(req.headers.authorization ?? '')) {
      return sendError(
        res,
        401,
        'Request is missing required authentication credential. Expected OAuth 2 access token.',
      );
    }
    let request: { task?: TaskRequest };
    try {
      request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { task?: TaskRequest };
    } catch {
      return sendError(res, 400, 'Invalid JSON payload received.');
    }
    try {
      const task = create(path[1] as string, request ?? {});
      tasks.push(task);
      if (options.dispatch) {
        const running: Promise<void> = dispatch(task).finally(() => dispatching.delete(running));
        dispatching.add(running);
      }
      // The BASIC view: no body.
      return send(res, 200, {
        name: task.name,
        httpRequest: { url: task.url, httpMethod: task.httpMethod, headers: task.headers },
        ...(task.dispatchDeadline ? { dispatchDeadline: task.dispatchDeadline } : {}),
        createTime: task.createTime,
        scheduleTime: task.createTime,
        view: 'BASIC',
      });
    } catch (error) {
      if (error instanceof ApiError) return sendError(res, error.status, error.message);
      throw error;
    }
  }

  const server = createServer((req, res) => {
    const authorization = req.headers.authorization;
    handle(req, res).then(
      (status) => calls.push({ status, ...(authorization ? { authorization } : {}) }),
      (error: unknown) => {
        calls.push({ status: 500 });
        sendError(res, 500, error instanceof Error ? error.message : 'Internal error.');
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    tasks,
    calls,
    failNext(status, times = 1) {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    async idle() {
      while (dispatching.size > 0) await Promise.all(dispatching);
    },
    close() {
      closed = true;
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
