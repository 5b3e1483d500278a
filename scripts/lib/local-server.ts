import type { Server } from 'node:http';
import { dirname, resolve } from 'node:path';
import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { createHandlers } from '../../functions/handlers.js';
import type { Handler } from '../../functions/http.js';
import type { InProcessHandOver } from '../../functions/queue-in-process.js';
import { guardFunctionServers } from '../../functions/request-guard.js';
import type { Runtime } from '../../functions/runtime.js';
import { CliError } from './cli.js';

const NO_ROUTE = 'see the README: /forms, /slack/events, /scheduler, /healthz, /idle';

/** How long `GET /idle` waits for the writer before answering that it is still busy. */
const IDLE_WAIT_MS = 30_000;

/** What `GET /idle` answers: whether everything handed over is applied and sent, and where the transcript is. */
export interface IdleAnswer {
  idle: boolean;
  /** The directory of slack.log and slack.jsonl; null when messages go to a real Slack workspace. */
  transcript: string | null;
}

/**
 * Every function on one port, under the Functions Framework's own server (as Cloud Functions runs them), with
 * the paths of the README, /healthz and, for the local stack only, `GET /idle`: it answers once the work handed
 * over so far is written and its Slack messages sent, which is how `npm run simulate` knows what a request
 * caused. Resolves once listening; a port in use is an error that says what to do.
 */
export function serveLocally(runtime: Runtime, port: number): Promise<{ server: Server; port: number }> {
  const { config } = runtime;
  const handlers = createHandlers(runtime);
  functions.http('hearth-local', async (req, res) => {
    const path = req.path.replace(/\/+$/, '') || '/';
    if (req.method === 'GET' && path === '/healthz') {
      res.json({
        ok: true,
        backend: config.backend,
        slack: config.slackBotToken ? 'slack' : 'transcript',
        ...(await runtime.status()),
      });
      return;
    }
    if (req.method === 'GET' && path === '/idle') {
      const answer: IdleAnswer = {
        idle: await settled(runtime, IDLE_WAIT_MS),
        transcript: config.slackBotToken ? null : resolve(dirname(config.localWorkbook)),
      };
      res.json(answer);
      return;
    }
    const routes: Record<string, Handler> = {
      '/forms': handlers.forms,
      '/slack/events': handlers.slack,
      '/scheduler': handlers.writer,
      '/work': handlers.writer,
    };
    const handler = routes[path];
    if (handler) await handler(req, res);
    else res.status(404).json({ error: `no route ${req.method} ${path}`, fix: NO_ROUTE });
  });
  guardFunctionServers();
  const server = getTestServer('hearth-local');
  return new Promise((done, fail) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        fail(
          new CliError(
            `a Hearth stack (or another program) already uses port ${port}: stop it, or start with PORT=${port + 1}`,
          ),
        );
      } else if (error.code === 'EACCES') {
        fail(
          new CliError(`port ${port} is not open to this user: start with PORT=8080 or another above 1023`),
        );
      } else fail(error);
    });
    server.listen(port, () => done({ server, port: (server.address() as { port: number }).port }));
  });
}

/**
 * Waits until the in-process hand-over has delivered everything and the writer has written it and sent its
 * messages. False if that takes longer than `timeoutMs` (a locked workbook being retried, say).
 */
async function settled(runtime: Runtime, timeoutMs: number): Promise<boolean> {
  const handOver = await runtime.handOver();
  const writer = await runtime.writer();
  const inProcess = handOver.kind === 'in-process' ? (handOver as InProcessHandOver) : undefined;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const done = (async () => {
    await inProcess?.idle();
    await writer.idle();
    return true as const;
  })();
  try {
    return await Promise.race([done, late]);
  } finally {
    clearTimeout(timer);
  }
}
