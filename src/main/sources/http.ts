/**
 * The one HTTP path both sources use: native fetch with a per-request timeout, the body streamed under a byte cap
 * and parsed up front, and every failure turned into a typed, secret-free SourceError.
 */
import type { IsoInstant, SourceFailure } from '../../shared/domain';
import { SourceError } from './source';

/** Used when a 429 carries no usable Retry-After (PagerDuty often sends none). */
export const DEFAULT_RETRY_AFTER_MS = 60_000;

/**
 * The longest wait a server may ask for (Retry-After, ratelimit-reset). Longer asks are cut to this and re-checked
 * after it: a hostile or broken server must not park a source for days, nor overflow Node's timer maximum.
 */
export const MAX_SERVER_WAIT_MS = 60 * 60 * 1000;

/**
 * Bytes read per response, counted after decompression, unless a client says otherwise. The largest real answer
 * (100 tickets with side-loads) is a few MB; anything past this is a broken or hostile server, not data.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** Epoch seconds start here (2001): a reset header this large is an instant, not a number of seconds to wait. */
const EPOCH_SECONDS_THRESHOLD = 1_000_000_000;

/** The last rate-limit headers a service sent, so the engine can slow down before it is refused. */
export interface RateLimitInfo {
  limit: number | null;
  remaining: number | null;
  /** When the window resets, if the service said. */
  resetAt: IsoInstant | null;
  observedAt: IsoInstant;
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface HttpContext {
  /** Human name used in messages: `Zendesk`, `PagerDuty`. */
  service: string;
  timeoutMs: number;
  /** The caller's cancel signal, combined with the per-request timeout. */
  signal?: AbortSignal;
  now: () => number;
  /** Values that must never appear in an error (tokens, encoded credentials). */
  secrets: string[];
  /** Cap on the bytes of one response body after decompression; `DEFAULT_MAX_RESPONSE_BYTES` when absent. */
  maxResponseBytes?: number;
  /** Called with each response's headers (rate-limit bookkeeping, request counting). */
  onResponse?: (headers: Headers) => void;
  /** Called once per request actually sent. */
  onRequest?: () => void;
}

/**
 * A client's request bookkeeping: each session counts its own requests (a poll's cost, for the request budget),
 * and the client keeps the last rate-limit headers any session saw, so the engine can slow down before a 429.
 */
export function requestTracker(base: Omit<HttpContext, 'signal' | 'onRequest' | 'onResponse'>) {
  let lastRateLimit: RateLimitInfo | null = null;
  return {
    session(signal?: AbortSignal): { context: HttpContext; requests: () => number } {
      let requests = 0;
      const context: HttpContext = {
        ...base,
        signal,
        onRequest: () => {
          requests++;
        },
        onResponse: (headers) => {
          lastRateLimit = readRateLimit(headers, base.now()) ?? lastRateLimit;
        },
      };
      return { context, requests: () => requests };
    },
    rateLimit: (): RateLimitInfo | null => lastRateLimit,
  };
}

/**
 * GETs (or sends) one request and returns its parsed JSON body; throws only SourceError.
 * Errors name the method and path, never the query string, headers or credentials.
 */
export async function requestJson(url: string, init: RequestInit, context: HttpContext): Promise<JsonResponse> {
  const where = describeRequest(init.method ?? 'GET', url);
  const timeoutSignal = AbortSignal.timeout(context.timeoutMs);
  const signal = context.signal ? AbortSignal.any([context.signal, timeoutSignal]) : timeoutSignal;
  context.onRequest?.();
  let response: Response;
  try {
    // Redirects are not followed: none of the endpoints we call redirect, and a redirect to another host must not
    // receive the credentials. `manual` hands us the 3xx so it can be reported as such.
    response = await fetch(url, { ...init, signal, redirect: 'manual' });
  } catch (error) {
    throw new SourceError(redactFailure(networkFailure(error, where, context, timeoutSignal), context.secrets));
  }
  context.onResponse?.(response.headers);
  if (response.status < 200 || response.status >= 300) {
    // The status says all we use; an error page (or an endless one) is not worth reading.
    await response.body?.cancel().catch(() => {});
    throw new SourceError(
      redactFailure(
        statusFailure(response.status, response.headers, context.now(), context.service, where),
        context.secrets,
      ),
    );
  }
  let text: string;
  try {
    text = await readCappedText(response, context.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
  } catch (error) {
    if (error instanceof ResponseTooLarge) {
      throw new SourceError({
        kind: 'bad_response',
        detail: `${context.service} sent a response too large (over ${formatBytes(error.limit)}, ${where})`,
      });
    }
    if (timeoutSignal.aborted || context.signal?.aborted) {
      throw new SourceError(redactFailure(networkFailure(error, where, context, timeoutSignal), context.secrets));
    }
    throw new SourceError(
      redactFailure(
        { kind: 'bad_response', detail: `${context.service} cut the response short (${where})` },
        context.secrets,
      ),
    );
  }
  if (response.status === 204 || text.length === 0) {
    throw new SourceError({ kind: 'bad_response', detail: `${context.service} sent an empty response (${where})` });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const looksLikeHtml = /^\s*</.test(text);
    throw new SourceError({
      kind: 'bad_response',
      detail: `${context.service} sent ${looksLikeHtml ? 'HTML' : 'a body that is not valid JSON'} (${where})`,
    });
  }
  return { status: response.status, headers: response.headers, body };
}

/** A body passed the byte cap of `readCappedBytes`; the stream was cancelled there. */
export class ResponseTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`response larger than ${limit} bytes`);
    this.name = 'ResponseTooLarge';
  }
}

/**
 * Reads the body as UTF-8, counting the bytes fetch hands us (already decompressed, so a gzip bomb counts at its
 * inflated size) and cancelling the stream the moment the count passes `limit`: memory stays near `limit` whatever
 * the server sends, however fast, and a declared Content-Length over the limit is refused before reading.
 */
export async function readCappedBytes(response: Response, limit: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  const encoded = (response.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoded === 'identity' && Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => {});
    throw new ResponseTooLarge(limit);
  }
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw new ResponseTooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/** `readCappedBytes` as UTF-8 text; `fatal: false`, like response.text(): invalid UTF-8 becomes U+FFFD. */
export async function readCappedText(response: Response, limit: number): Promise<string> {
  return new TextDecoder('utf-8').decode(await readCappedBytes(response, limit));
}

function formatBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return mib >= 1 ? `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB` : `${bytes} bytes`;
}

/** Maps a non-2xx status to a typed failure. A 503 that says when to come back is treated as rate limiting. */
export function statusFailure(
  status: number,
  headers: Headers,
  nowMs: number,
  service: string,
  where: string,
): SourceFailure {
  if (status === 401 || status === 403) {
    return { kind: 'auth_rejected', status, detail: `${service} refused the credentials (${status}, ${where})` };
  }
  if (status === 429) {
    const waitMs = parseServerWait(headers, nowMs);
    const retryAtMs = nowMs + (waitMs ?? DEFAULT_RETRY_AFTER_MS);
    return {
      kind: 'rate_limited',
      retryAt: new Date(retryAtMs).toISOString(),
      detail: `${service} is rate limiting us (429, ${where})`,
    };
  }
  const retryAfterMs = parseRetryAfter(headers.get('retry-after'), nowMs);
  if (status === 503 && retryAfterMs !== null) {
    // Zendesk sends Retry-After with 503 when it sheds load: honouring it is what it asks for, and the only
    // SourceFailure that carries a time to come back is rate_limited.
    return {
      kind: 'rate_limited',
      retryAt: new Date(retryAfterMs).toISOString(),
      detail: `${service} is unavailable and asked us to come back later (503, ${where})`,
    };
  }
  if (status >= 500) return { kind: 'server_error', status, detail: `${service} failed (${status}, ${where})` };
  if (status >= 300 && status < 400) {
    return {
      kind: 'not_configured',
      detail: `${service} redirected the request (${status}, ${where}): check the address`,
    };
  }
  if (status === 404) {
    return { kind: 'not_configured', detail: `${service} has no such resource (404, ${where}): check the settings` };
  }
  return { kind: 'bad_response', detail: `${service} rejected the request (${status}, ${where})` };
}

/**
 * Reads Retry-After as non-negative integer seconds or an HTTP date, as an instant clamped to
 * [now, now + MAX_SERVER_WAIT_MS]; `null` when absent or unreadable (negative, fractional, garbage).
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  const waitMs = parseWaitValue(value, nowMs, false);
  return waitMs === null ? null : nowMs + waitMs;
}

/**
 * How long the server asked us to wait, in ms from `nowMs`, clamped to [0, MAX_SERVER_WAIT_MS]; `null` for no
 * usable hint. `Retry-After` wins; otherwise, once the window is spent (`remaining` 0), its reset
 * (`ratelimit-reset`, `x-ratelimit-reset`, `x-rate-limit-reset`). Each is non-negative integer seconds, an HTTP
 * date, or (reset headers only) Unix epoch seconds; anything else (negative, NaN, garbage) is no hint. A past date
 * is 0: the caller floors it with its normal backoff.
 */
export function parseServerWait(headers: Headers, nowMs: number): number | null {
  const retryAfter = parseWaitValue(headers.get('retry-after'), nowMs, false);
  if (retryAfter !== null) return retryAfter;
  const remaining = firstStrictInt(
    headers.get('ratelimit-remaining'),
    headers.get('x-ratelimit-remaining'),
    headers.get('x-rate-limit-remaining'),
  );
  if (remaining !== 0) return null;
  return resetWait(headers, nowMs);
}

/** Reads `X-Rate-Limit(-Remaining)` (Zendesk) and `ratelimit-*` (both) headers; `null` when none were sent. */
export function readRateLimit(headers: Headers, nowMs: number): RateLimitInfo | null {
  const limit = firstNumber(
    headers.get('ratelimit-limit'),
    headers.get('x-rate-limit'),
    headers.get('x-ratelimit-limit'),
  );
  const remaining = firstStrictInt(
    headers.get('ratelimit-remaining'),
    headers.get('x-rate-limit-remaining'),
    headers.get('x-ratelimit-remaining'),
  );
  const resetMs = resetWait(headers, nowMs);
  if (limit === null && remaining === null && resetMs === null) return null;
  return {
    limit,
    remaining,
    resetAt: resetMs === null ? null : new Date(nowMs + resetMs).toISOString(),
    observedAt: new Date(nowMs).toISOString(),
  };
}

function resetWait(headers: Headers, nowMs: number): number | null {
  for (const name of ['ratelimit-reset', 'x-ratelimit-reset', 'x-rate-limit-reset']) {
    const waitMs = parseWaitValue(headers.get(name), nowMs, true);
    if (waitMs !== null) return waitMs;
  }
  return null;
}

/** One header value as a clamped wait in ms, or `null`. `epochAllowed` reads huge integers as Unix seconds. */
function parseWaitValue(value: string | null, nowMs: number, epochAllowed: boolean): number | null {
  if (value === null) return null;
  // `ratelimit-reset` may carry a policy suffix (`20;w=60`); Retry-After never does.
  const trimmed = (epochAllowed ? value.split(';')[0]! : value).trim();
  if (trimmed === '' || trimmed.length > 64) return null;
  let waitMs: number;
  if (/^\d+$/.test(trimmed)) {
    const seconds = Number(trimmed);
    if (!Number.isSafeInteger(seconds)) return null;
    waitMs = epochAllowed && seconds >= EPOCH_SECONDS_THRESHOLD ? seconds * 1000 - nowMs : seconds * 1000;
  } else {
    // An HTTP date names a weekday and a month; bare numbers, signs and ISO fragments are not dates here.
    if (!/^[A-Za-z]{3,9},?\s/.test(trimmed)) return null;
    const dateMs = Date.parse(trimmed);
    if (!Number.isFinite(dateMs)) return null;
    waitMs = dateMs - nowMs;
  }
  if (!Number.isFinite(waitMs)) return null;
  return Math.min(MAX_SERVER_WAIT_MS, Math.max(0, waitMs));
}

function firstStrictInt(...values: (string | null)[]): number | null {
  for (const value of values) {
    if (value === null) continue;
    const match = /^\s*(\d{1,15})\s*(?:;.*)?$/.exec(value);
    if (match) return Number(match[1]);
  }
  return null;
}

function firstNumber(...values: (string | null)[]): number | null {
  for (const value of values) {
    if (value === null) continue;
    // `ratelimit-limit` may carry a policy suffix ("400;w=60"): the leading number is the limit.
    const match = /^\s*(\d+(?:\.\d+)?)/.exec(value);
    if (match) return Number(match[1]);
  }
  return null;
}

function networkFailure(
  error: unknown,
  where: string,
  context: HttpContext,
  timeoutSignal: AbortSignal,
): SourceFailure {
  if (timeoutSignal.aborted) {
    return { kind: 'timeout', detail: `${context.service} did not answer within ${context.timeoutMs} ms (${where})` };
  }
  if (context.signal?.aborted) {
    // There is no "cancelled" failure; the caller that cancelled ignores the result anyway.
    return { kind: 'timeout', detail: `${context.service} request was cancelled (${where})` };
  }
  const code = errorCode(error);
  return {
    kind: 'offline',
    detail: `${context.service} is unreachable${code ? ` (${code})` : ''} (${where})`,
  };
}

/** The system error code (`ECONNREFUSED`, `ENOTFOUND`…) somewhere in a fetch error's cause chain, if any. */
export function errorCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

function describeRequest(method: string, url: string): string {
  try {
    return `${method.toUpperCase()} ${new URL(url).pathname}`;
  } catch {
    return method.toUpperCase();
  }
}

/** Removes every secret from a failure's text; a belt to the braces of never putting them there. */
export function redactFailure<T extends SourceFailure>(failure: T, secrets: string[]): T {
  let detail = failure.detail;
  for (const secret of secrets) {
    if (secret.length >= 4) detail = detail.split(secret).join('[redacted]');
  }
  return { ...failure, detail };
}
