import http, { type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { MAX_FORM_BYTES, MAX_SLACK_BYTES, MAX_WRITER_BYTES } from './http.js';

/**
 * What stands in front of the Functions Framework's own request handling. The framework reads every body (up
 * to 1 GB) into memory before a function sees it, and answers a body it cannot parse with Express's HTML error
 * page, stack trace included. It has no hook for either, so this wraps the server it makes: a body over its
 * limit is refused as it streams in (413, before it is read, when its Content-Length says so), and any body
 * the framework cannot parse gets a JSON answer with the reason. The doors check their limits again.
 */

/** The largest body each path takes; anything else (the forms door answers at `/` in Cloud Functions) the least. */
export function bodyLimitFor(path: string): number {
  const route = path.replace(/\/+$/, '');
  if (route.endsWith('/slack/events')) return MAX_SLACK_BYTES;
  if (route.endsWith('/scheduler') || route.endsWith('/work')) return MAX_WRITER_BYTES;
  return MAX_FORM_BYTES;
}

type ExpressLike = RequestListener & {
  use(handler: (error: unknown, req: IncomingMessage, res: ServerResponse, next: () => void) => void): void;
};

function isExpressApp(listener: unknown): listener is ExpressLike {
  return typeof listener === 'function' && typeof (listener as { use?: unknown }).use === 'function';
}

let installed = false;

/**
 * Puts the guard in front of every Express app that becomes an HTTP server from now on: the Functions
 * Framework's (it calls http.createServer(app) once it has loaded the functions), and the local stack's.
 * Call it before the server is made; calling it again does nothing. Other servers are left as they are.
 */
export function guardFunctionServers(limitFor: (path: string) => number = bodyLimitFor): void {
  if (installed) return;
  installed = true;
  const original = http.createServer;
  const patched = ((...args: unknown[]) => {
    const at = args.findIndex(isExpressApp);
    if (at >= 0) args[at] = guardedListener(args[at] as ExpressLike, limitFor);
    return (original as (...a: unknown[]) => http.Server)(...args);
  }) as typeof http.createServer;
  http.createServer = patched;
}

/** The app behind the guard: limits first, then the app, whose body errors end as JSON. */
export function guardedListener(app: ExpressLike, limitFor: (path: string) => number): RequestListener {
  // Appended after every route the framework registered: Express hands it the errors of its body parsers.
  app.use((error, _req, res, _next) => answerBodyError(error, res));
  return (req, res) => {
    const limit = limitFor(pathOf(req.url));
    const declared = req.headers['content-length'];
    const watch = watchBody(req, res, limit);
    if (declared !== undefined && Number(declared) > limit) {
      watch.refuse();
      return;
    }
    app(req, res);
  };
}

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const query = raw.indexOf('?');
  return query >= 0 ? raw.slice(0, query) : raw;
}

function json(res: ServerResponse, status: number, body: Record<string, string>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/** What a refused sender may still send (dropped unread) while it reads the 413, before it is cut off. */
const DRAIN_BYTES = 4 * 1024 * 1024;
/** …and for how long. */
const LINGER_MS = 2_000;

/**
 * Counts the body as it arrives, before anything buffers it, and refuses it past the limit: a 413 at once, then
 * the connection stops being read (what is already on its way is dropped). It stays open a moment (up to
 * DRAIN_BYTES dropped or LINGER_MS) so the sender reads the answer and stops, rather than being reset mid-send
 * before it could read it.
 */
function watchBody(req: IncomingMessage, res: ServerResponse, limit: number): { refuse(): void } {
  let seen = 0;
  let dropped = -1; // counting from the refusal on
  const socket = req.socket;
  const refuse = () => {
    if (dropped >= 0) return;
    dropped = 0;
    if (res.headersSent) return;
    json(res, 413, { error: `body over ${limit} bytes`, fix: `send at most ${limit} bytes` });
    // Read no more: the sender's writes stall on a full TCP window and it reads the answer, where a reset
    // could throw the answer away before the sender saw it.
    socket.pause();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  };
  const push = req.push.bind(req);
  req.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (chunk === null || chunk === undefined) return dropped >= 0 ? false : push(chunk, encoding);
    const size = (chunk as Buffer).length;
    if (dropped < 0) {
      seen += size;
      if (seen <= limit) return push(chunk, encoding);
      refuse();
    }
    dropped += size;
    if (dropped > DRAIN_BYTES) socket.destroy();
    return true;
  };
  return { refuse };
}

/** The body parsers' errors (body-parser's `type`), as our JSON answers. Never a stack trace. */
const BODY_ERRORS: Record<string, [number, string, string]> = {
  'entity.parse.failed': [400, 'the body is not valid JSON', 'send a JSON object'],
  'entity.too.large': [413, 'the body is too large', 'send a smaller body'],
  'request.size.invalid': [400, 'the body is not as long as its Content-Length', 'send the whole body'],
  'request.aborted': [400, 'the request was cut off before its body ended', 'send it again'],
  'charset.unsupported': [415, 'the body’s charset is not supported', 'send it as UTF-8'],
  'encoding.unsupported': [415, 'the body’s Content-Encoding is not supported', 'send it uncompressed'],
};

function answerBodyError(error: unknown, res: ServerResponse): void {
  if (res.headersSent) {
    // Refused already (too large): the connection is closing.
    if (!res.writableEnded) res.end();
    return;
  }
  const type = (error as { type?: unknown } | null)?.type;
  const known = typeof type === 'string' ? BODY_ERRORS[type] : undefined;
  if (known) {
    json(res, known[0], { error: known[1], fix: known[2] });
    return;
  }
  const status = Number((error as { status?: unknown } | null)?.status);
  if (status >= 400 && status < 500) json(res, status, { error: 'the request cannot be read' });
  else json(res, 500, { error: 'the request could not be handled; try again' });
}
