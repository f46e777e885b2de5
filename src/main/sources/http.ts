/**
 * The one HTTP path both sources use: native fetch with a per-request timeout, the whole body read and parsed
 * up front, and every failure turned into a typed, secret-free SourceError.
 */
import type { IsoInstant, SourceFailure } from '../../shared/domain';
import { SourceError } from './source';

/** Used when a 429 carries no usable Retry-After (PagerDuty often sends none). */
export const DEFAULT_RETRY_AFTER_MS = 60_000;

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
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
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
  if (response.status < 200 || response.status >= 300) {
    throw new SourceError(
      redactFailure(
        statusFailure(response.status, response.headers, context.now(), context.service, where),
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
    const retryAtMs = parseRetryAfter(headers.get('retry-after'), nowMs) ?? nowMs + DEFAULT_RETRY_AFTER_MS;
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

/** Reads Retry-After as delta-seconds or an HTTP date; `null` when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return nowMs + Math.ceil(Number(trimmed) * 1000);
  const dateMs = Date.parse(trimmed);
  if (Number.isNaN(dateMs)) return null;
  return Math.max(nowMs, dateMs);
}

/** Reads `X-Rate-Limit(-Remaining)` (Zendesk) and `ratelimit-*` (both) headers; `null` when none were sent. */
export function readRateLimit(headers: Headers, nowMs: number): RateLimitInfo | null {
  const limit = firstNumber(headers.get('ratelimit-limit'), headers.get('x-rate-limit'));
  const remaining = firstNumber(headers.get('ratelimit-remaining'), headers.get('x-rate-limit-remaining'));
  const resetSeconds = firstNumber(headers.get('ratelimit-reset'));
  if (limit === null && remaining === null && resetSeconds === null) return null;
  return {
    limit,
    remaining,
    resetAt: resetSeconds === null ? null : new Date(nowMs + resetSeconds * 1000).toISOString(),
    observedAt: new Date(nowMs).toISOString(),
  };
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

function errorCode(error: unknown): string | null {
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
