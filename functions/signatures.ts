import { createHmac, timingSafeEqual } from 'node:crypto';

/** Requests older or newer than this are refused: a captured request cannot be replayed later. */
export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

function hmacHex(secret: string, text: string | Buffer): string {
  return createHmac('sha256', secret).update(text).digest('hex');
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The form relay's signature: `v1=` + hex HMAC-SHA256(secret, "v1:" + timestamp + ":" + raw body). */
export function signFormBody(secret: string, timestamp: number, body: string): string {
  return `v1=${hmacHex(secret, `v1:${timestamp}:${body}`)}`;
}

/** Slack's v0 signature: `v0=` + hex HMAC-SHA256(secret, "v0:" + timestamp + ":" + raw body). */
export function signSlackBody(secret: string, timestamp: number, body: string): string {
  return `v0=${hmacHex(secret, `v0:${timestamp}:${body}`)}`;
}

/**
 * Why a request's timestamp is refused: not unix seconds, or more than 5 minutes away from now, in the past
 * (a replay) or in the future (a forged date would stay replayable until then). Undefined when it is fresh.
 */
export function timestampProblem(header: string, timestamp: string, nowSeconds: number): string | undefined {
  if (!/^\d{1,12}$/.test(timestamp)) return `${header} is not unix seconds`;
  const skew = Number(timestamp) - nowSeconds;
  if (skew > SIGNATURE_WINDOW_SECONDS) {
    return `${header} is more than 5 minutes in the future: check the clock of the sender`;
  }
  if (-skew > SIGNATURE_WINDOW_SECONDS) {
    return `${header} is more than 5 minutes old: check the clock of the sender`;
  }
  return undefined;
}

/** Why a form request is refused, or undefined when its signature is good and fresh. */
export function formSignatureProblem(options: {
  secret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: Buffer;
  nowSeconds: number;
}): string | undefined {
  const { timestamp, signature } = options;
  if (!timestamp || !signature) return 'missing X-Form-Timestamp or X-Form-Signature';
  const stale = timestampProblem('X-Form-Timestamp', timestamp, options.nowSeconds);
  if (stale) return stale;
  const expected = `v1=${hmacHex(options.secret, Buffer.concat([Buffer.from(`v1:${timestamp}:`), options.rawBody]))}`;
  return sameText(expected, signature)
    ? undefined
    : 'X-Form-Signature does not match: check FORM_RELAY_SECRET';
}

/** Compares a bearer token in constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return match?.[1] !== undefined && sameText(match[1].trim(), token);
}
