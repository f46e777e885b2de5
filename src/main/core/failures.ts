/**
 * The one place that turns source failures into sentences: how a thrown error becomes a SourceFailure, what the
 * status line says about a failing source, and what a connection test or picker says went wrong.
 */
import { SERVICE_LABEL, type ServiceName, type SourceFailure } from '../../shared/domain';
import { formatClock, formatDateTime, parseInstant, zonedParts } from '../../shared/format';
import type { Settings } from '../../shared/settings';
import { SourceError } from '../sources/source';
import { plainText } from './text';

/**
 * What a list cut at its page cap says, per service. The numbers are the sources' default caps
 * (`MAX_TICKETS_PER_VIEW`, `MAX_ONCALL_PAGES` × 100 entries; a test keeps them in step).
 */
const TRUNCATED_NOTE: Record<ServiceName, string> = {
  zendesk: 'list cut short at 5,000 tickets per view',
  pagerduty: 'on-call list cut short at 2,000 entries',
  slack: 'some channels or threads left for later polls',
};

/** "list cut short at 5,000 tickets per view": what a source whose list hit its page cap adds to its status. */
export function truncatedNote(service: ServiceName): string {
  return TRUNCATED_NOTE[service];
}

/** "10:01" today, "Tue 1 Dec 00:30" when the retry falls on another day in the zone. */
export function retryTime(retryAtMs: number, nowMs: number, timeZone: string): string {
  const at = zonedParts(retryAtMs, timeZone);
  const now = zonedParts(nowMs, timeZone);
  const sameDay = at.year === now.year && at.month === now.month && at.day === now.day;
  return sameDay ? formatClock(retryAtMs, timeZone) : formatDateTime(retryAtMs, timeZone);
}

/**
 * The SourceFailure a thrown `error` stands for. Sources promise to throw only SourceError; anything else is a
 * bug, reported as `unexpectedDetail` without its own (unvetted) text.
 */
export function toSourceFailure(
  service: ServiceName,
  error: unknown,
  unexpectedDetail = `${SERVICE_LABEL[service]} source failed unexpectedly`,
): SourceFailure {
  if (error instanceof SourceError) return error.failure;
  return { kind: 'bad_response', detail: unexpectedDetail };
}

/**
 * What went wrong with `service` and when the next attempt is, for people, without the service's name in front
 * (e.g. "rate limited, retrying at 10:01"; the date too when the retry is not today). `retryAtMs` is when the poll
 * loop tries again (`null`: not known); when omitted, a rate limit's own Retry-After is used if it lies after
 * `nowMs`. An unexpected response names what was unexpected ("response too large …").
 */
export function describeFailure(
  service: ServiceName,
  failure: SourceFailure,
  nowMs: number,
  timeZone: string,
  retryAtMs?: number | null,
): string {
  const retryAt = retryAtMs !== undefined ? retryAtMs : rateLimitRetry(failure, nowMs);
  const when = retryAt === null ? null : retryTime(retryAt, nowMs, timeZone);
  const retry = when === null ? '' : `, retrying at ${when}`;
  // Credentials and settings are the user's to fix: the loop only checks again now and then, and says when.
  const checking = when === null ? '' : `; checking again at ${when}`;
  switch (failure.kind) {
    case 'rate_limited':
      return `rate limited${retry}`;
    case 'offline':
      return `unreachable (offline?)${retry}`;
    case 'timeout':
      return `no answer in time${retry}`;
    case 'server_error':
      return `server error (${failure.status})${retry}`;
    case 'bad_response': {
      const detail = responseDetail(service, failure.detail);
      return `unexpected response${detail ? ` (${detail})` : ''}${retry}`;
    }
    case 'auth_rejected':
      // Slack refuses with HTTP 200 and a code (`token_revoked`, `missing_scope: channels:history`): show the code.
      if (service === 'slack')
        return `refused the token: ${slackRefusal(failure.detail)}; check it in the settings${checking}`;
      return `refused the credentials (${failure.status}): check them in the settings${checking}`;
    case 'not_configured':
      return `${failure.detail}${checking}`;
  }
}

/**
 * A bad response's detail without the service's name in front ("sent a response too large (over 32 MiB, GET
 * /api/v2/views/1/tickets.json)"), on one line and bounded. Details name a method and path, never a secret.
 */
function responseDetail(service: ServiceName, detail: string): string {
  const label = SERVICE_LABEL[service];
  const text = detail.startsWith(`${label} `) ? detail.slice(label.length + 1) : detail;
  return plainText(text, 160);
}

/**
 * Slack's refusal without the words the sentence already says: "Slack refused the token: invalid_auth (…)" is
 * "invalid_auth (…)", "The Slack token lacks the `channels:history` scope (…)" is "it lacks …".
 */
function slackRefusal(detail: string): string {
  const text = detail.replace(/^Slack refused the token:?\s*/, '').replace(/^The Slack token lacks /, 'it lacks ');
  return plainText(text, 160);
}

/** The status line of a failing source: its name, then describeFailure ("Zendesk: rate limited, retrying at 10:01"). */
export function sourceHealthMessage(
  service: ServiceName,
  failure: SourceFailure,
  nowMs: number,
  timeZone: string,
  retryAtMs: number | null,
): string {
  // "Zendesk refused the credentials" reads as a sentence; every other reason follows the name after a colon.
  const joint = failure.kind === 'auth_rejected' ? ' ' : ': ';
  return `${SERVICE_LABEL[service]}${joint}${describeFailure(service, failure, nowMs, timeZone, retryAtMs)}`;
}

/** The failure of a source the settings do not set up. */
export function notConfiguredFailure(service: ServiceName): SourceFailure {
  return { kind: 'not_configured', detail: `${SERVICE_LABEL[service]} is not set up` };
}

/** The status line of a source the settings do not set up: what to add. */
export function notConfiguredMessage(service: ServiceName): string {
  const what =
    service === 'zendesk'
      ? 'add the subdomain, email, API token and views in the settings'
      : service === 'slack'
        ? 'add the Slack token and channels in the settings'
        : 'add the API token and schedules in the settings';
  return `${SERVICE_LABEL[service]} is not set up: ${what}`;
}

/** Why a connection test or picker failed, for people: what happened and what to check. */
export function connectionFailureSentence(
  service: ServiceName,
  failure: SourceFailure,
  settings: Settings,
  nowMs: number,
  timeZone: string,
): string {
  const label = SERVICE_LABEL[service];
  const credentials = service === 'zendesk' ? 'the email and API token' : 'the API token';
  switch (failure.kind) {
    case 'auth_rejected':
      return `${label} refused the token (${failure.status}): check ${credentials}`;
    case 'offline':
      return service === 'zendesk'
        ? `Could not reach Zendesk for "${settings.zendesk.subdomain}": check the subdomain and your connection`
        : 'Could not reach PagerDuty: check the region and your connection';
    case 'timeout':
      return `${label} did not answer within ${settings.polling.timeoutSeconds} s: try again`;
    case 'rate_limited': {
      const retryAt = rateLimitRetry(failure, nowMs);
      const when = retryAt === null ? '' : ` at ${formatClock(retryAt, timeZone)}`;
      return `${label} is rate limiting requests: try again${when}`;
    }
    case 'server_error':
      return `${label} had a server error (${failure.status}): try again later`;
    case 'not_configured':
      return `${label}: ${failure.detail}`;
    case 'bad_response':
      return `${label} sent an unexpected answer: ${failure.detail}`;
  }
}

/** A rate limit's Retry-After instant when it lies after `nowMs`, else `null`. */
function rateLimitRetry(failure: SourceFailure, nowMs: number): number | null {
  if (failure.kind !== 'rate_limited') return null;
  const retryAt = parseInstant(failure.retryAt);
  return retryAt !== null && retryAt > nowMs ? retryAt : null;
}
