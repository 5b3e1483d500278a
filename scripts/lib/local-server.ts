import type { Server } from 'node:http';
import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import type { Config } from '../../functions/config.js';
import type { createHandlers } from '../../functions/handlers.js';
import type { Handler } from '../../functions/http.js';
import { guardFunctionServers } from '../../functions/request-guard.js';

const NO_ROUTE = 'see the README: /forms, /slack/events, /scheduler, /healthz';

/**
 * Every function on one port, under the Functions Framework's own server (as Cloud Functions runs them), with
 * the paths of the README and /healthz. Resolves once listening.
 */
export function serveLocally(
  handlers: ReturnType<typeof createHandlers>,
  config: Config,
  port: number,
): Promise<{ server: Server; port: number }> {
  functions.http('hearth-local', async (req, res) => {
    const path = req.path.replace(/\/+$/, '') || '/';
    if (req.method === 'GET' && path === '/healthz') {
      res.json({ ok: true, backend: config.backend, slack: config.slackBotToken ? 'slack' : 'transcript' });
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
  return new Promise((resolve) => {
    server.listen(port, () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}
