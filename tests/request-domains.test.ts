/**
 * Requests through the Functions Framework's own server run without a Node domain (and so without the async
 * hooks a domain turns on for good), and a failing handler is still answered with a 500.
 */
import type { AddressInfo } from 'node:net';
import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withoutRequestDomains } from '../functions/request-domains.js';

withoutRequestDomains();
functions.http('probe', async (_req, res) => {
  await Promise.resolve();
  // Node sets process.domain while a domain is active (its types leave it out).
  res.json({ inDomain: (process as { domain?: unknown }).domain != null });
});
functions.http('fails', async () => {
  await Promise.resolve();
  throw new Error('the handler failed');
});

const servers = new Map<string, { url: string; close: () => Promise<void> }>();

async function serve(name: string) {
  const server = getTestServer(name);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  servers.set(name, {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  });
}

const post = (name: string) =>
  fetch(servers.get(name)?.url ?? '', {
    method: 'POST',
    body: '{}',
    headers: { 'content-type': 'application/json' },
  });

beforeAll(async () => {
  await serve('probe');
  await serve('fails');
});
afterAll(async () => {
  for (const { close } of servers.values()) await close();
});

describe('the framework without request domains', () => {
  it('runs a request outside any domain', async () => {
    const answer = await post('probe');
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ inDomain: false });
  });

  it('answers a rejected handler with 500 and goes on serving', async () => {
    expect((await post('fails')).status).toBe(500);
    expect((await post('probe')).status).toBe(200);
  });
});
