/**
 * The one place that turns source failures into sentences: how a thrown error becomes a SourceFailure, what the
 * status line says about a failing source, and what a connection test or picker says went wrong.
 */
import { SERVICE_LABEL, type ServiceName, type SourceFailure } from '../../shared/domain';
import { formatClock, parseInstant } from '../../shared/format';
import type { Settings } from '../../shared/settings';
import { SourceError } from '../sources/source';

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
 * (e.g. "rate limited, retrying at 10:01"). `retryAtMs` is when the poll loop tries again (`null`: it will not
 * until the settings change); when omitted, a rate limit's own Retry-After is used if it lies after `nowMs`.
 */
export function describeFailure(
  _service: ServiceName,
  failure: SourceFailure,
  nowMs: number,
  timeZone: string,
  retryAtMs?: number | null,
): string {
  const retryAt = retryAtMs !== undefined ? retryAtMs : rateLimitRetry(failure, nowMs);
  const retry = retryAt === null ? '' : `, retrying at ${formatClock(retryAt, timeZone)}`;
  switch (failure.kind) {
    case 'rate_limited':
      return `rate limited${retry}`;
    case 'offline':
      return `unreachable (offline?)${retry}`;
    case 'timeout':
      return `no answer in time${retry}`;
    case 'server_error':
      return `server error (${failure.status})${retry}`;
    case 'bad_response':
      return `unexpected response${retry}`;
    case 'auth_rejected':
      return `refused the credentials (${failure.status}): check them in the settings`;
    case 'not_configured':
      return failure.detail;
  }
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
