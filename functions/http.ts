import type { Request, Response } from '@google-cloud/functions-framework';

/** Bigger bodies get 413: a form submission is a few KB, a Slack payload rarely over 100 KB. */
export const MAX_FORM_BYTES = 64 * 1024;
export const MAX_SLACK_BYTES = 1024 * 1024;
export const MAX_WRITER_BYTES = 256 * 1024;

export type Handler = (req: Request, res: Response) => Promise<void>;

export function rawBodyOf(req: Request): Buffer {
  if (req.rawBody) return req.rawBody;
  // The framework keeps the raw bytes of every body it parsed; an empty body has none.
  return Buffer.alloc(0);
}

export function header(req: Request, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function reply(res: Response, status: number, body: Record<string, unknown>): void {
  res.status(status).set('Cache-Control', 'no-store').json(body);
}

/** A 4xx answer with its reason; `fix` says what the sender should do. */
export function refuse(res: Response, status: number, error: string, fix?: string): void {
  reply(res, status, { error, ...(fix ? { fix } : {}) });
}

export function tooLarge(req: Request, limit: number): boolean {
  const declared = Number(header(req, 'content-length') ?? 0);
  return declared > limit || rawBodyOf(req).length > limit;
}
