/**
 * The guard in front of the Functions Framework (functions/request-guard.ts), on the framework's own server:
 * a body over its path's limit is refused while it streams in, memory staying flat, and a body the framework
 * cannot parse gets a JSON reason, never Express's HTML page with a stack trace.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FORM_BYTES, MAX_SLACK_BYTES, MAX_WRITER_BYTES } from '../functions/http.js';
import { bodyLimitFor, guardFunctionServers } from '../functions/request-guard.js';
import { streamedPost } from './streamed-post.js';

let server: Server;
let base: string;
let reached = 0;

beforeAll(async () => {
  functions.http('guard-echo', (req, res) => {
    reached++;
    res.json({ bytes: req.rawBody?.length ?? 0 });
  });
  guardFunctionServers();
  server = getTestServer('guard-echo');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('the body limit of each path', () => {
  it.each([
    ['/slack/events', MAX_SLACK_BYTES],
    ['/slack/events/', MAX_SLACK_BYTES],
    ['/scheduler', MAX_WRITER_BYTES],
    ['/work', MAX_WRITER_BYTES],
    ['/', MAX_FORM_BYTES],
    ['/forms', MAX_FORM_BYTES],
    ['/anything-else', MAX_FORM_BYTES],
  ])('%s takes at most %i bytes', (path, limit) => {
    expect(bodyLimitFor(path)).toBe(limit);
  });
});

const MB = 1024 * 1024;

describe('a body over the limit is refused while it streams in', () => {
  it.each([
    ['declared by its Content-Length', true],
    ['chunked, with no Content-Length', false],
  ])('a 200 MB body %s: 413 with our JSON, after at most a few MB', async (_, declare) => {
    const before = reached;
    const rssBefore = process.memoryUsage().rss;
    const answer = await streamedPost(`${base}/slack/events`, 200 * MB, { declare });
    expect(answer.status).toBe(413);
    expect(answer.contentType).toContain('application/json');
    expect(JSON.parse(answer.body)).toEqual({
      error: `body over ${MAX_SLACK_BYTES} bytes`,
      fix: `send at most ${MAX_SLACK_BYTES} bytes`,
    });
    // The server stopped reading at the limit: only what fits in the sockets' buffers got out after it.
    expect(answer.sent).toBeLessThan(32 * MB);
    expect(answer.peakRss - rssBefore).toBeLessThan(100 * MB);
    expect(reached).toBe(before);
  });

  it('the forms path refuses past 64 KB, before the framework reads it', async () => {
    const answer = await streamedPost(`${base}/`, 50 * MB, { declare: false });
    expect(answer.status).toBe(413);
    expect(answer.sent).toBeLessThan(32 * MB);
  });

  it.each([
    ['declared', true],
    ['chunked', false],
  ])('a body within the limit (%s) reaches the function whole', async (_, declare) => {
    const answer = await streamedPost(`${base}/slack/events`, MAX_SLACK_BYTES, {
      declare,
      headers: { 'Content-Type': 'application/octet-stream' },
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ bytes: MAX_SLACK_BYTES });
  });
});

describe('a body the framework cannot parse gets a JSON reason', () => {
  it.each([
    ['malformed JSON', 'application/json', '{"type": "event_callback", ', 400, 'the body is not valid JSON'],
    [
      'a charset it does not know',
      'application/json; charset=klingon',
      '{}',
      415,
      'the body’s charset is not supported',
    ],
  ])('%s: our JSON reason, no HTML, no stack trace', async (_, contentType, body, status, error) => {
    const before = reached;
    const response = await fetch(`${base}/slack/events`, {
      method: 'POST',
      headers: { 'Content-Type': contentType },
      body,
    });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/json');
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ error });
    expect(text).not.toMatch(/<html|<pre|SyntaxError|node_modules|at /i);
    expect(reached).toBe(before);
  });
});
