/**
 * Slack Web API calls through `@slack/web-api`'s WebClient, with its own retries and rate-limit queueing off so
 * that the engine owns backoff as it does for the other sources, and every failure turned into a typed,
 * secret-free SourceError.
 *
 * The WebClient's transport is replaced (its `fetch` option) by one that counts requests, applies the caller's
 * cancel signal, remembers the last HTTP status and caps the response body: the WebClient itself reads any body
 * whole, and turns a body that is not JSON into a platform error whose code is the raw text.
 */
import {
  type FetchFunction,
  type Logger,
  LogLevel,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  WebClient,
} from '@slack/web-api';
import type { SourceFailure } from '../../../shared/domain';
import { DEFAULT_RETRY_AFTER_MS, ResponseTooLarge, readCappedBytes, redactFailure } from '../http';
import { SourceError } from '../source';

/** The public Web API base. */
export const SLACK_API_URL = 'https://slack.com/api/';
/** Bodies above this are refused: a busy channel's 200-message page is a few hundred KB. */
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;
/** A Retry-After outside this range is clamped: 0 would spin, a day would silence Slack for a day. */
export const MIN_RETRY_AFTER_MS = 1_000;
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

const AUTH_ERRORS = new Set(['invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive']);
const TARGET_ERRORS = new Set(['channel_not_found', 'not_in_channel', 'thread_not_found', 'message_not_found']);

export interface SlackClientConfig {
  token: string;
  /** Overrides the API base (the sandbox); a trailing `/` is added when missing. */
  apiUrl?: string | null;
  timeoutMs: number;
  maxBodyBytes?: number;
  now?: () => number;
}

/** Values sent as method arguments (the WebClient posts them form-encoded). */
export type SlackArgs = Record<string, string | number | boolean | undefined>;

/** What a failure is about, for its message: `#support` says more than `conversations.history`. */
export interface CallSubject {
  /** A channel as people know it (`#cs-requests`), or its id. */
  channel?: string;
}

export interface SlackSession {
  /** Calls one Web API method; resolves with the `ok: true` body, rejects only with SourceError. */
  call(method: string, args?: SlackArgs, subject?: CallSubject): Promise<Record<string, unknown>>;
  /** HTTP requests this session has sent. */
  requests(): number;
}

export interface SlackClient {
  readonly apiUrl: string;
  session(signal?: AbortSignal): SlackSession;
}

/** The WebClient logs retries and warnings to the console by default; nothing from a source goes there. */
const SILENT_LOGGER: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

/** The API base in use: the override (with its trailing slash) or slack.com. */
export function slackApiUrl(override?: string | null): string {
  const trimmed = override?.trim();
  if (!trimmed) return SLACK_API_URL;
  return trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

/** Creates a Slack client; no request is made until a session calls. */
export function createSlackClient(config: SlackClientConfig): SlackClient {
  const apiUrl = slackApiUrl(config.apiUrl);
  const now = config.now ?? Date.now;
  const maxBodyBytes = config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  function session(signal?: AbortSignal): SlackSession {
    let requests = 0;
    let lastStatus: number | null = null;
    const transport: FetchFunction = async (url, init) => {
      requests++;
      lastStatus = null;
      const signals = [init?.signal, signal].filter((item): item is AbortSignal => item instanceof AbortSignal);
      const combined = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
      // The init the WebClient builds is a plain fetch init; the cast only widens its declared type.
      const response = await fetch(url, { ...(init as RequestInit), signal: combined });
      lastStatus = response.status;
      return cappedResponse(response, maxBodyBytes);
    };
    // One WebClient per session: its transport carries this session's signal and counter.
    const client = new WebClient(config.token, {
      slackApiUrl: apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: config.timeoutMs,
      maxRequestConcurrency: 1,
      fetch: transport,
      logger: SILENT_LOGGER,
      // Method names are ours, never a URL from a response; an absolute URL must not be able to leave the base.
      allowAbsoluteUrls: false,
    });
    return {
      async call(method, args = {}, subject = {}) {
        const cleaned: Record<string, string | number | boolean> = {};
        for (const [key, value] of Object.entries(args)) if (value !== undefined) cleaned[key] = value;
        let result: unknown;
        try {
          result = await client.apiCall(method, cleaned);
        } catch (error) {
          const failure = slackFailure(error, {
            method,
            subject,
            timeoutMs: config.timeoutMs,
            nowMs: now(),
            lastStatus,
            cancelled: signal?.aborted === true,
          });
          throw new SourceError(redactFailure(failure, [config.token]));
        }
        if (typeof result !== 'object' || result === null || Array.isArray(result)) {
          throw new SourceError({ kind: 'bad_response', detail: `Slack sent ${method} that is not an object` });
        }
        return result as Record<string, unknown>;
      },
      requests: () => requests,
    };
  }

  return { apiUrl, session };
}

export interface FailureContext {
  method: string;
  subject: CallSubject;
  timeoutMs: number;
  nowMs: number;
  /** The HTTP status of the last response, when one arrived. */
  lastStatus: number | null;
  /** The caller cancelled the call. */
  cancelled: boolean;
}

/** Maps anything the WebClient throws to a typed failure. Messages name the method, never the token. */
export function slackFailure(error: unknown, context: FailureContext): SourceFailure {
  const { method } = context;
  const where = context.subject.channel ? `${method} on ${context.subject.channel}` : method;
  if (error instanceof WebAPIRateLimitedError) {
    return rateLimited(clampRetryAfter(error.retryAfter * 1000), context.nowMs, where);
  }
  if (error instanceof WebAPIPlatformError) return platformFailure(error, where, context);
  if (error instanceof WebAPIHTTPError) {
    const status = error.statusCode;
    if (status >= 500) return { kind: 'server_error', status, detail: `Slack failed (${status}, ${where})` };
    if (status === 401 || status === 403) {
      return { kind: 'auth_rejected', status, detail: `Slack refused the token (${status}, ${where})` };
    }
    return { kind: 'bad_response', detail: `Slack answered ${where} with HTTP ${status}` };
  }
  const cause = error instanceof WebAPIRequestError ? error.original : error;
  if (findError(cause, (item) => item instanceof ResponseTooLarge)) {
    return { kind: 'bad_response', detail: `Slack sent a response too large to read (${where})` };
  }
  if (findError(cause, (item) => item.name === 'TimeoutError')) {
    return { kind: 'timeout', detail: `Slack did not answer within ${context.timeoutMs} ms (${where})` };
  }
  if (context.cancelled || findError(cause, (item) => item.name === 'AbortError')) {
    // There is no "cancelled" failure; the caller that cancelled ignores the result anyway.
    return { kind: 'timeout', detail: `Slack request was cancelled (${where})` };
  }
  if (context.lastStatus === 429) {
    // A 429 without a usable Retry-After: the WebClient throws a plain Error for it.
    return rateLimited(DEFAULT_RETRY_AFTER_MS, context.nowMs, where);
  }
  if (context.lastStatus !== null) {
    // A response arrived but could not be read (cut short mid-body).
    return { kind: 'bad_response', detail: `Slack cut the response short (${where})` };
  }
  const code = errorCode(cause);
  return { kind: 'offline', detail: `Slack is unreachable${code ? ` (${code})` : ''} (${where})` };
}

function platformFailure(error: WebAPIPlatformError, where: string, context: FailureContext): SourceFailure {
  const code = typeof error.data?.error === 'string' ? error.data.error : '';
  // A body that is not JSON reaches us as a "platform error" whose code is the raw body text.
  if (!/^[a-z0-9_]{1,64}$/.test(code)) {
    const looksLikeHtml = /^\s*</.test(code);
    return {
      kind: 'bad_response',
      detail: `Slack sent ${looksLikeHtml ? 'HTML' : 'a body that is not valid JSON'} (${where})`,
    };
  }
  if (AUTH_ERRORS.has(code)) {
    return { kind: 'auth_rejected', status: 200, detail: `Slack refused the token: ${code} (${where})` };
  }
  if (code === 'missing_scope') {
    const needed = scopeList((error.data as { needed?: unknown }).needed);
    return {
      kind: 'auth_rejected',
      status: 200,
      detail: needed
        ? `The Slack token lacks the ${needed} scope (missing_scope, ${where})`
        : `The Slack token lacks a scope this needs (missing_scope, ${where})`,
    };
  }
  if (code === 'ratelimited') {
    const retryAfter = (error.data.response_metadata as { retryAfter?: unknown } | undefined)?.retryAfter;
    const delayMs = typeof retryAfter === 'number' ? clampRetryAfter(retryAfter * 1000) : DEFAULT_RETRY_AFTER_MS;
    return rateLimited(delayMs, context.nowMs, where);
  }
  if (TARGET_ERRORS.has(code)) {
    const channel = context.subject.channel ?? 'the channel';
    const advice =
      code === 'not_in_channel'
        ? `the token's user or bot is not a member of ${channel}: invite it or pick another channel`
        : code === 'channel_not_found'
          ? `${channel} does not exist or this token cannot see it: check the channel in the settings`
          : `Slack no longer has that message in ${channel}`;
    return { kind: 'not_configured', detail: `${advice} (${code}, ${where})` };
  }
  if (code === 'internal_error' || code === 'fatal_error' || code === 'service_unavailable') {
    return { kind: 'server_error', status: 200, detail: `Slack failed (${code}, ${where})` };
  }
  return { kind: 'bad_response', detail: `Slack refused ${where} (${code})` };
}

/** Slack sends `needed` as a comma list; only scope-like names are repeated (the text is shown to people). */
function scopeList(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const scopes = value
    .split(',')
    .map((scope) => scope.trim())
    .filter((scope) => /^[a-z.:_-]{1,64}$/.test(scope));
  return scopes.length > 0 ? scopes.map((scope) => `\`${scope}\``).join(', ') : null;
}

/** Clamps a server's requested wait to [1 s, 1 h]. */
export function clampRetryAfter(delayMs: number): number {
  if (!Number.isFinite(delayMs)) return MAX_RETRY_AFTER_MS;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(MIN_RETRY_AFTER_MS, delayMs));
}

function rateLimited(delayMs: number, nowMs: number, where: string): SourceFailure {
  return {
    kind: 'rate_limited',
    retryAt: new Date(nowMs + delayMs).toISOString(),
    detail: `Slack is rate limiting us (${where})`,
  };
}

function findError(error: unknown, test: (item: Error) => boolean): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (test(current)) return true;
    current =
      (current as { cause?: unknown; original?: unknown }).cause ?? (current as { original?: unknown }).original;
  }
  return false;
}

function errorCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * Deeper JSON than this is pruned (the deeper values become null) before the WebClient sees it: the WebClient
 * redacts every result for its debug log, whatever the log level, by recursion without a bound, so one message
 * with blocks nested 50,000 deep would fail every poll with a stack overflow. Real Slack bodies nest about 10 deep.
 */
export const MAX_JSON_DEPTH = 64;

/** The body text, pruned to MAX_JSON_DEPTH when it nests deeper (a scan; parsed only then). */
function boundedJsonText(text: string): string {
  if (!nestsDeeperThan(text, MAX_JSON_DEPTH)) return text;
  try {
    return JSON.stringify(prune(JSON.parse(text), 0));
  } catch {
    return text;
  }
}

function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c) index++;
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x7b || code === 0x5b) {
      if (++depth > limit) return true;
    } else if (code === 0x7d || code === 0x5d) depth--;
  }
  return false;
}

function prune(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_JSON_DEPTH) return null;
  if (Array.isArray(value)) return value.map((item) => prune(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, prune(item, depth + 1)]));
}

/** The response shape the WebClient's `fetch` option must return (not exported by the package). */
type FetchResponse = Awaited<ReturnType<FetchFunction>>;

/** A fetch Response whose body reads stop at `limit` bytes (the WebClient would read any size whole). */
function cappedResponse(response: Response, limit: number): FetchResponse {
  let read: Promise<Uint8Array> | null = null;
  const bytes = () => {
    read ??= readCappedBytes(response, limit);
    return read;
  };
  return {
    ok: response.ok,
    status: response.status,
    statusText: response.statusText,
    url: response.url,
    headers: response.headers,
    arrayBuffer: async () => {
      const body = await bytes();
      return body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
    },
    text: async () => boundedJsonText(new TextDecoder().decode(await bytes())),
    json: async () => JSON.parse(boundedJsonText(new TextDecoder().decode(await bytes()))),
  };
}
