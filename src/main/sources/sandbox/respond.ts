/** Writing the sandbox's replies: JSON as the APIs send it, raw bodies for faults, and each service's 429. */
import type { ServerResponse } from 'node:http';
import type { ServiceName } from '../../../shared/domain';
import { json, type Reply } from './http-util';
import { pagerDutyError } from './pagerduty';

/** Writes a JSON reply; returns the body bytes sent. */
export function send(response: ServerResponse, reply: Reply): number {
  const body = Buffer.from(JSON.stringify(reply.body));
  response.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(body.length),
    ...reply.headers,
  });
  response.end(body);
  return body.length;
}

/** Writes a body as is (a fault's broken JSON or HTML); returns the body bytes sent. */
export function sendRaw(response: ServerResponse, status: number, contentType: string, text: string): number {
  const body = Buffer.from(text);
  response.writeHead(status, { 'content-type': contentType, 'content-length': String(body.length) });
  response.end(body);
  return body.length;
}

/** Each service's 429, as its API sends it. */
export function rateLimited(service: ServiceName, headers: Record<string, string>): Reply {
  return service === 'zendesk'
    ? json(
        429,
        { error: 'APIRateLimitExceeded', description: 'Number of allowed API requests per minute exceeded' },
        headers,
      )
    : { ...pagerDutyError(429, 2020, 'Rate Limit Exceeded'), headers };
}
