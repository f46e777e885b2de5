/** Faults the sandbox can inject (refusals, rate limits, errors, hangs, broken bodies) and how each is sent. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceName } from '../../../shared/domain';
import { json, type Reply } from './http-util';
import { PAGERDUTY_UNAUTHORIZED, pagerDutyError } from './pagerduty';
import { rateLimited, send, sendRaw } from './respond';
import type { RequestRecord } from './server';
import { ZENDESK_UNAUTHORIZED } from './zendesk';

export type FaultKind =
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'server_error'
  | 'unavailable'
  | 'hang'
  | 'malformed_json'
  | 'html_error'
  | 'truncated'
  | 'reset'
  | 'wrong_shape'
  /**
   * A write (not a read) is applied by the service's write handler (Zendesk tickets and users, PagerDuty
   * overrides), then its connection is destroyed before any answer: the "did it go through?" case.
   */
  | 'drop_after_applying';

export interface FaultSpec {
  service: ServiceName;
  kind: FaultKind;
  /** Matched against the path inside the service (as in RequestRecord.path). */
  pathPrefix?: string;
  /** For rate_limited / unavailable; omit to send no Retry-After header. */
  retryAfterSeconds?: number;
  /** Let this many matching requests through first ("page 2 of 3 fails"). */
  skip?: number;
  /** How many requests fail; default: until cleared. */
  times?: number;
}

interface ActiveFault {
  spec: FaultSpec;
  skipLeft: number;
  timesLeft: number;
}

/** The injected faults, in order: each request takes the first that matches and is not used up. */
export class FaultBook {
  private faults: ActiveFault[] = [];

  inject(spec: FaultSpec): void {
    this.faults.push({
      spec: { ...spec },
      skipLeft: spec.skip ?? 0,
      timesLeft: spec.times ?? Number.POSITIVE_INFINITY,
    });
  }

  clear(): void {
    this.faults = [];
  }

  /**
   * The fault this request to `service` at `path` gets, counting it against the fault's skip and times. Reads
   * pass a write-only fault (`drop_after_applying`) by without counting.
   */
  take(service: ServiceName, path: string, method = 'GET'): FaultSpec | null {
    const write = method !== 'GET' && method !== 'HEAD';
    for (const fault of this.faults) {
      if (fault.spec.service !== service || !path.startsWith(fault.spec.pathPrefix ?? '')) continue;
      if (fault.spec.kind === 'drop_after_applying' && !write) continue;
      if (fault.timesLeft <= 0) continue;
      if (fault.skipLeft > 0) {
        fault.skipLeft--;
        continue;
      }
      fault.timesLeft--;
      return fault.spec;
    }
    return null;
  }
}

const WRONG_SHAPE = {
  tickets: 'not a list',
  users: 'not a list',
  organizations: 42,
  views: { oops: true },
  organization_fields: 'nope',
  results: 'nope',
  user: 'not an object',
  oncalls: 'not a list',
  schedules: 'not a list',
  schedule: 'not an object',
  count: 'many',
};

/** Answers `request` as `fault` says (or not at all), recording what was sent. */
export function applyFault(
  fault: FaultSpec,
  request: IncomingMessage,
  response: ServerResponse,
  record: RequestRecord,
): void {
  const zendesk = fault.service === 'zendesk';
  const retryAfter: Record<string, string> =
    fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
  const reply = (value: Reply) => {
    record.status = value.status;
    record.bytes = send(response, value);
  };
  switch (fault.kind) {
    case 'unauthorized':
      reply(zendesk ? ZENDESK_UNAUTHORIZED : PAGERDUTY_UNAUTHORIZED);
      return;
    case 'forbidden':
      reply(
        zendesk
          ? json(403, { error: 'Forbidden', description: 'You do not have access to this page.' })
          : pagerDutyError(403, 2010, 'Access Denied'),
      );
      return;
    case 'rate_limited':
      reply(rateLimited(fault.service, retryAfter));
      return;
    case 'server_error':
      reply(
        zendesk
          ? json(500, { error: 'InternalServerError', description: 'Something went wrong' })
          : pagerDutyError(500, 2000, 'An internal error has occurred. PagerDuty team has been notified.'),
      );
      return;
    case 'unavailable':
      reply(
        zendesk
          ? json(503, { error: 'ServiceUnavailable', description: 'Try again later' }, retryAfter)
          : { ...pagerDutyError(503, 2000, 'Service Unavailable'), headers: retryAfter },
      );
      return;
    case 'hang':
      // Never answer; close() destroys the socket.
      return;
    case 'malformed_json':
      record.status = 200;
      record.bytes = sendRaw(
        response,
        200,
        'application/json; charset=utf-8',
        '{"tickets": [{"id": 1, "subject": "cut',
      );
      return;
    case 'html_error':
      record.status = 502;
      record.bytes = sendRaw(
        response,
        502,
        'text/html; charset=utf-8',
        '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>',
      );
      return;
    case 'truncated': {
      const body = Buffer.from(JSON.stringify({ tickets: [{ id: 1, subject: 'a ticket cut short' }] }));
      const sent = body.subarray(0, Math.floor(body.length / 2));
      response.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(body.length + 100),
      });
      record.status = 200;
      record.bytes = sent.length;
      response.write(sent, () => request.socket.destroy());
      return;
    }
    case 'reset':
      request.socket.destroy();
      return;
    case 'wrong_shape':
      reply(json(200, WRONG_SHAPE));
      return;
    case 'drop_after_applying':
      // Needs the write handler to apply first: the server arms it instead of calling here. A request that
      // still lands here (no write handler took it) is dropped unapplied rather than answered.
      request.socket.destroy();
      return;
  }
}
