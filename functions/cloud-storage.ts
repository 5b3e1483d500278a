import { randomUUID } from 'node:crypto';
import { googleAccessToken } from './google-token.js';

/**
 * Cloud Storage objects spoken as the JSON API over plain HTTP, with compare-and-set on generations: what the
 * writers' lease and the ID ledger are made of. No client library: a cold start stays light, and the tests run it
 * against a loopback fake.
 */
export interface StorageOptions {
  bucket: string;
  /** Another endpoint speaking the JSON API (an emulator, the test fake). Requests then carry a placeholder token. */
  apiRootUrl?: string;
  /** OAuth access token. Default: Application Default Credentials (the runtime's service account). */
  getAccessToken?: () => Promise<string>;
  fetch?: typeof fetch;
  /** One request's time limit. Default 10 s. */
  requestTimeoutMs?: number;
}

/** An object's resource, as far as Hearth reads it (generations are int64s, sent as strings). */
export interface StorageObject {
  generation: string;
  metageneration: string;
  updated: string;
  metadata?: Record<string, string>;
}

export type StorageAnswer =
  | { kind: 'ok'; object?: StorageObject }
  | { kind: 'absent'; detail: string }
  | { kind: 'conflict' }
  | { kind: 'transient'; detail: string }
  | { kind: 'refused'; status: number; detail: string };

export interface Storage {
  readonly bucket: string;
  /** `gs://bucket/name`, for people. */
  where(name: string): string;
  objectUrl(name: string): string;
  request(
    method: string,
    url: string,
    query: Record<string, string>,
    body?: { type: string; data: string },
  ): Promise<StorageAnswer>;
  /** Writes `name` with `metadata` and a short text, only if it is still `ifGeneration` (`0`: absent). */
  upload(
    name: string,
    metadata: Record<string, string>,
    text: string,
    ifGeneration: string,
  ): Promise<StorageAnswer>;
}

const DEFAULT_ROOT = 'https://storage.googleapis.com/';
const SCOPE = 'https://www.googleapis.com/auth/devstorage.read_write';

export function createStorage(options: StorageOptions): Storage {
  const { bucket } = options;
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const doFetch = options.fetch ?? fetch;
  const root = (options.apiRootUrl ?? DEFAULT_ROOT).replace(/\/*$/, '/');
  const uploadUrl = `${root}upload/storage/v1/b/${encodeURIComponent(bucket)}/o`;
  const accessToken = options.getAccessToken ?? googleAccessToken(SCOPE, options.apiRootUrl !== undefined);

  const storage: Storage = {
    bucket,
    where: (name) => `gs://${bucket}/${name}`,
    objectUrl: (name) => `${root}storage/v1/b/${encodeURIComponent(bucket)}/o/${encodeURIComponent(name)}`,
    async request(method, url, query, body) {
      let response: Response;
      let text: string;
      try {
        const token = await accessToken();
        const search = new URLSearchParams(query).toString();
        response = await doFetch(search ? `${url}?${search}` : url, {
          method,
          headers: {
            Authorization: `Bearer ${token}`,
            ...(body ? { 'Content-Type': body.type } : {}),
          },
          ...(body ? { body: body.data } : {}),
          signal: AbortSignal.timeout(timeoutMs),
        });
        text = await response.text();
      } catch (error) {
        const why = error instanceof Error ? `${error.name}: ${error.message.slice(0, 200)}` : 'unknown';
        return { kind: 'transient', detail: `no answer (${why})` };
      }
      if (response.ok) return { kind: 'ok', ...(text ? { object: JSON.parse(text) as StorageObject } : {}) };
      const detail = `HTTP ${response.status}: ${googleMessage(text)}`;
      if (response.status === 404) return { kind: 'absent', detail };
      if (response.status === 412 || response.status === 409) return { kind: 'conflict' };
      if (response.status === 429 || response.status === 408 || response.status >= 500) {
        return { kind: 'transient', detail };
      }
      return { kind: 'refused', status: response.status, detail };
    },
    async upload(name, metadata, text, ifGeneration) {
      const boundary = `hearth-${randomUUID()}`;
      const data = [
        `--${boundary}`,
        'Content-Type: application/json; charset=UTF-8',
        '',
        JSON.stringify({ name, metadata }),
        `--${boundary}`,
        'Content-Type: text/plain; charset=UTF-8',
        '',
        text,
        `--${boundary}--`,
        '',
      ].join('\r\n');
      const answer = await storage.request(
        'POST',
        uploadUrl,
        { uploadType: 'multipart', ifGenerationMatch: ifGeneration },
        { type: `multipart/related; boundary=${boundary}`, data },
      );
      // An upload finds no object to be absent: a 404 means the bucket is missing.
      return answer.kind === 'absent' ? { kind: 'refused', status: 404, detail: answer.detail } : answer;
    },
  };
  return storage;
}

function googleMessage(text: string): string {
  try {
    const message = (JSON.parse(text) as { error?: { message?: unknown } }).error?.message;
    if (typeof message === 'string') return message;
  } catch {
    // not JSON
  }
  return text.slice(0, 200);
}
