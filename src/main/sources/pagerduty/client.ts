/**
 * PagerDuty REST v2 over the shared fetch transport.
 *
 * @pagerduty/pdjs 2.2.4 is deliberately bypassed here: its request path (`common.js` fetch_retry) always retries a
 * 429 three times (the count is hard-coded; `retryCount` is typed but ignored), so a rate-limited poll would cost
 * four requests and hide the 429 from the engine that owns backoff; `requestTimeout` cancels nothing; `server`
 * forces https (the sandbox is http); `.all()` breaks on hosts without `.com/`; non-JSON bodies reject with the
 * raw Response. Every call would need wrapping, so none goes through it. What we keep from it is its conventions:
 * `Token token=` auth, the versioned Accept header, bracketed array parameters and offset paging.
 */
import type { PagerDutyRegion } from '../../../shared/settings';
import { type RateLimitInfo, requestJson, requestTracker } from '../http';
import { SourceError } from '../source';

export interface PagerDutyClientConfig {
  token: string;
  region: PagerDutyRegion;
  /** Overrides the regional API base (a proxy or the sandbox). */
  baseUrl?: string | null;
  timeoutMs: number;
  now?: () => number;
  /** Cap on one response's bytes after decompression (the transport's default when absent). */
  maxResponseBytes?: number;
}

/** Query parameters; array keys carry their brackets (`schedule_ids[]`), as the API expects. */
export type QueryParameters = Record<string, string | number | string[]>;

export interface PagerDutySession {
  /** GETs a path under the API base and returns the JSON object; throws only SourceError. */
  get(path: string, query?: QueryParameters): Promise<Record<string, unknown>>;
  requests(): number;
}

export interface PagerDutyClient {
  readonly baseUrl: string;
  session(signal?: AbortSignal): PagerDutySession;
  rateLimit(): RateLimitInfo | null;
}

/** The API base for a region, or the configured override. */
export function pagerDutyBaseUrl(config: { region: PagerDutyRegion; baseUrl?: string | null }): string {
  const override = config.baseUrl?.trim();
  if (override) return override.replace(/\/+$/, '');
  return config.region === 'eu' ? 'https://api.eu.pagerduty.com' : 'https://api.pagerduty.com';
}

/** Creates a PagerDuty client; no request is made until a session calls. */
export function createPagerDutyClient(config: PagerDutyClientConfig): PagerDutyClient {
  const baseUrl = pagerDutyBaseUrl(config);
  const now = config.now ?? Date.now;
  const tracker = requestTracker({
    service: 'PagerDuty',
    timeoutMs: config.timeoutMs,
    now,
    secrets: [config.token],
    ...(config.maxResponseBytes === undefined ? {} : { maxResponseBytes: config.maxResponseBytes }),
  });
  const headers = {
    Accept: 'application/vnd.pagerduty+json;version=2',
    Authorization: `Token token=${config.token}`,
  };

  function session(signal?: AbortSignal): PagerDutySession {
    const { context, requests } = tracker.session(signal);
    return {
      async get(path, query = {}) {
        let url: URL;
        try {
          url = new URL(`${baseUrl}/${path.replace(/^\/+/, '')}`);
        } catch {
          throw new SourceError({ kind: 'not_configured', detail: 'The PagerDuty API address is not a valid URL' });
        }
        for (const [key, value] of Object.entries(query)) {
          for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
        }
        const { body } = await requestJson(url.href, { method: 'GET', headers }, context);
        if (typeof body !== 'object' || body === null || Array.isArray(body)) {
          throw new SourceError({ kind: 'bad_response', detail: `PagerDuty sent ${path} that is not an object` });
        }
        return body as Record<string, unknown>;
      },
      requests,
    };
  }

  return { baseUrl, session, rateLimit: tracker.rateLimit };
}
