/**
 * A loopback fake of the Cloud Storage JSON API, as much of it as an object used for compare-and-set needs:
 * objects.get (metadata, or `alt=media`), objects.insert (`uploadType=media` or `multipart`), objects.patch and
 * objects.delete, each with `ifGenerationMatch` / `ifMetagenerationMatch` (and the NotMatch forms). Like the
 * service it numbers generations (a new one for each write of the data) and metagenerations (from 1, one more
 * for each metadata change), sends them as strings, answers a precondition that does not hold with 412
 * "conditionNotMet", an absent object or bucket with 404, a call without a bearer token with 401, and, when
 * asked, 429 or 503 now and then with Google's error bodies.
 */
import { randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeObject {
  bucket: string;
  name: string;
  generation: number;
  metageneration: number;
  updated: number;
  contentType: string;
  data: Buffer;
  metadata: Record<string, string>;
}

export interface StorageCall {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
}

export interface StorageFakeOptions {
  /** Buckets that exist. */
  buckets?: string[];
  /** The service's clock (ms): `updated` times come from it. Default Date.now. */
  now?: () => number;
}

export interface StorageFake {
  /** Root URL with a trailing slash, for the lease's `apiRootUrl`. */
  url: string;
  calls: StorageCall[];
  object(bucket: string, name: string): FakeObject | undefined;
  /** Puts an object there as some other client would (a crashed holder's lease, say). */
  seed(object: Omit<FakeObject, 'generation' | 'metageneration'> & { generation?: number }): FakeObject;
  /** Answer the next `times` calls with this status before looking at them. */
  failNext(status: 429 | 500 | 503, times?: number): void;
  /** Answer this share of calls (0..1) with 429 or 503, at random. */
  setFaultRate(rate: number): void;
  /** Every call waits this long first. */
  setLatency(ms: number): void;
  close(): Promise<void>;
}

const REASONS: Record<number, [string, string]> = {
  401: ['required', 'Anonymous caller does not have storage.objects.get access.'],
  404: ['notFound', 'No such object.'],
  412: ['conditionNotMet', 'At least one of the pre-conditions you specified did not hold.'],
  429: ['rateLimitExceeded', 'The object exceeded the rate limit for object mutation operations.'],
  500: ['backendError', 'Backend Error'],
  503: ['backendError', 'We encountered an internal error. Please try again.'],
};

class Refusal extends Error {
  constructor(
    readonly status: number,
    message?: string,
  ) {
    super(message ?? REASONS[status]?.[1] ?? 'Error');
  }
}

export async function startStorageFake(options: StorageFakeOptions = {}): Promise<StorageFake> {
  const now = options.now ?? Date.now;
  const buckets = new Set(options.buckets ?? ['hearth-test-leases']);
  const objects = new Map<string, FakeObject>();
  const calls: StorageCall[] = [];
  const failures: number[] = [];
  let faultRate = 0;
  let latencyMs = 0;
  let lastGeneration = 1_700_000_000_000_000;

  const key = (bucket: string, name: string) => `${bucket}/${name}`;
  const nextGeneration = () => {
    // Like Google's: microseconds-ish, always increasing.
    lastGeneration = Math.max(lastGeneration + 1, now() * 1000);
    return lastGeneration;
  };

  function resource(o: FakeObject) {
    return {
      kind: 'storage#object',
      id: `${o.bucket}/${o.name}/${o.generation}`,
      name: o.name,
      bucket: o.bucket,
      generation: String(o.generation),
      metageneration: String(o.metageneration),
      contentType: o.contentType,
      size: String(o.data.length),
      updated: new Date(o.updated).toISOString(),
      timeCreated: new Date(o.updated).toISOString(),
      ...(Object.keys(o.metadata).length > 0 ? { metadata: { ...o.metadata } } : {}),
    };
  }

  /** The preconditions of the query, against the object as it is (absent: generation 0). */
  function check(query: Record<string, string>, o: FakeObject | undefined): void {
    const generation = o?.generation ?? 0;
    const pairs: [string, (value: number) => boolean][] = [
      ['ifGenerationMatch', (v) => generation === v],
      ['ifGenerationNotMatch', (v) => generation !== v],
      ['ifMetagenerationMatch', (v) => o !== undefined && o.metageneration === v],
      ['ifMetagenerationNotMatch', (v) => o !== undefined && o.metageneration !== v],
    ];
    for (const [name, holds] of pairs) {
      const raw = query[name];
      if (raw === undefined) continue;
      if (!/^\d+$/.test(raw)) throw new Refusal(400, `Invalid value for ${name}: ${raw}`);
      if (!holds(Number(raw))) throw new Refusal(412);
    }
  }

  function bucketOf(name: string): string {
    if (!buckets.has(name)) throw new Refusal(404, 'The specified bucket does not exist.');
    return name;
  }

  /** A multipart/related body: the JSON resource, then the data. */
  function multipart(body: Buffer, contentType: string): { meta: Record<string, unknown>; data: Buffer } {
    const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2];
    if (!boundary) throw new Refusal(400, 'Missing boundary in multipart body.');
    const parts = body
      .toString('binary')
      .split(`--${boundary}`)
      .slice(1, -1)
      .map((part) => {
        const at = part.indexOf('\r\n\r\n');
        return at < 0 ? '' : part.slice(at + 4).replace(/\r\n$/, '');
      });
    if (parts.length !== 2) throw new Refusal(400, 'A multipart upload has the metadata, then the data.');
    let meta: Record<string, unknown>;
    try {
      meta = JSON.parse(Buffer.from(parts[0] as string, 'binary').toString('utf8')) as Record<
        string,
        unknown
      >;
    } catch {
      throw new Refusal(400, 'Metadata part is too large or not valid JSON.');
    }
    return { meta, data: Buffer.from(parts[1] as string, 'binary') };
  }

  function stringMap(value: unknown): Record<string, string> {
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) throw new Refusal(400, 'Invalid metadata.');
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, String(v)]),
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://fake');
    const query = Object.fromEntries(url.searchParams);
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const injected = failures.shift() ?? (Math.random() < faultRate ? (randomInt(2) ? 429 : 503) : undefined);
    if (injected !== undefined) throw new Refusal(injected);
    if (!/^Bearer \S+$/.test(req.headers.authorization ?? '')) throw new Refusal(401);

    const upload = /^\/upload\/storage\/v1\/b\/([^/]+)\/o$/.exec(url.pathname);
    if (upload && req.method === 'POST') {
      const bucket = bucketOf(decodeURIComponent(upload[1] as string));
      const type = String(req.headers['content-type'] ?? '');
      let name = query.name;
      let metadata: Record<string, string> = {};
      let data: Buffer = body;
      let contentType = type || 'application/octet-stream';
      if (query.uploadType === 'multipart') {
        const parts = multipart(body, type);
        name = typeof parts.meta.name === 'string' ? parts.meta.name : name;
        metadata = stringMap(parts.meta.metadata);
        data = parts.data;
        contentType = typeof parts.meta.contentType === 'string' ? parts.meta.contentType : 'text/plain';
      } else if (query.uploadType !== 'media') {
        throw new Refusal(400, `Unsupported uploadType: ${query.uploadType}`);
      }
      if (!name) throw new Refusal(400, 'Required parameter: name');
      const existing = objects.get(key(bucket, name));
      check(query, existing);
      const written: FakeObject = {
        bucket,
        name,
        generation: nextGeneration(),
        metageneration: 1,
        updated: now(),
        contentType,
        data,
        metadata,
      };
      objects.set(key(bucket, name), written);
      return send(res, 200, resource(written));
    }

    const one = /^\/storage\/v1\/b\/([^/]+)\/o\/(.+)$/.exec(url.pathname);
    if (!one) throw new Refusal(404, `Not Found: ${req.method} ${url.pathname}`);
    const bucket = bucketOf(decodeURIComponent(one[1] as string));
    const name = decodeURIComponent(one[2] as string);
    const current = objects.get(key(bucket, name));
    if (!current) throw new Refusal(404);
    check(query, current);
    switch (req.method) {
      case 'GET':
        if (query.alt === 'media') {
          res.writeHead(200, { 'Content-Type': current.contentType });
          res.end(current.data);
          return 200;
        }
        return send(res, 200, resource(current));
      case 'PATCH': {
        let patch: Record<string, unknown>;
        try {
          patch = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
        } catch {
          throw new Refusal(400, 'Invalid JSON payload received.');
        }
        // A null value removes a key; the rest are merged, as objects.patch does.
        const incoming = (patch.metadata ?? {}) as Record<string, unknown>;
        const merged = { ...current.metadata };
        for (const [k, v] of Object.entries(incoming)) {
          if (v === null) delete merged[k];
          else merged[k] = String(v);
        }
        current.metadata = merged;
        current.metageneration += 1;
        current.updated = now();
        return send(res, 200, resource(current));
      }
      case 'DELETE':
        objects.delete(key(bucket, name));
        res.writeHead(204);
        res.end();
        return 204;
      default:
        throw new Refusal(405, `Method ${req.method} is not allowed`);
    }
  }

  function send(res: ServerResponse, status: number, body: unknown): number {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8' });
    res.end(JSON.stringify(body));
    return status;
  }

  function sendError(res: ServerResponse, status: number, message: string): number {
    const reason = REASONS[status]?.[0] ?? 'invalid';
    return send(res, status, {
      error: { code: status, message, errors: [{ message, domain: 'global', reason }] },
    });
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const query = Object.fromEntries(new URL(req.url ?? '/', 'http://fake').searchParams);
    const record = (status: number) => calls.push({ method: req.method ?? '', path, query, status });
    handle(req, res).then(record, (error: unknown) => {
      const status = error instanceof Refusal ? error.status : 500;
      record(sendError(res, status, error instanceof Error ? error.message : 'Internal error.'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    object: (bucket, name) => objects.get(key(bucket, name)),
    seed(object) {
      const seeded: FakeObject = {
        ...object,
        generation: object.generation ?? nextGeneration(),
        metageneration: 1,
      };
      objects.set(key(object.bucket, object.name), seeded);
      return seeded;
    },
    failNext(status, times = 1) {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    setFaultRate(rate) {
      faultRate = rate;
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
