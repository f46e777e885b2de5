/**
 * Sends the catalog's Zendesk plans, each once, and says honestly how it ended.
 *
 * - A double click shares the write already in flight for that ticket and action (one request, one outcome).
 * - A timeout, a dropped connection or a 5xx leaves the outcome unknown: the ticket (or user) is re-read and
 *   compared with what was asked; the write is sent again, once, only when nothing changed since we looked.
 * - 409 (safe_update) re-reads too: if the change is already there it was ours (or equal), else someone else's
 *   change stands and the caller shows "changed since you looked" with the fresh ticket.
 * - Zendesk's update limits (30 per ticket per 10 minutes, 100 per minute per account) are kept locally, so we
 *   stop before Zendesk has to refuse; a 429 is reported with the server's wait, clamped.
 *
 * Requests go through the shared transport's rules (timeouts, no redirects, capped bodies, secret-free
 * errors). The read transport drops error bodies, but a 422's field messages are what the user needs, so
 * responses are read here whatever their status.
 */

import type { IsoInstant } from '../../../shared/domain';
import type { ActionPlan, OrgLookupPlan, OrgLookupResult, PlannedRequest } from '../../core/actions/catalog';
import { DEFAULT_RETRY_AFTER_MS, MAX_SERVER_WAIT_MS, parseServerWait, readCappedText } from '../http';
import type { ZendeskClientConfig } from './client';
import { zendeskBaseUrl } from './client';

/** The read client's account, address and timeout, plus the local write limits. */
export interface ZendeskWriteClientConfig
  extends Pick<ZendeskClientConfig, 'subdomain' | 'email' | 'token' | 'baseUrl' | 'timeoutMs' | 'now'> {
  /** Local update limits; Zendesk's published ones by default. */
  limits?: { perTicket?: WindowLimit; account?: WindowLimit };
}

/** At most `max` writes in any `windowMs`. */
export interface WindowLimit {
  max: number;
  windowMs: number;
}

/** Zendesk's Update Ticket limit: 30 updates per 10 minutes per user per ticket. */
export const PER_TICKET_LIMIT: WindowLimit = { max: 30, windowMs: 10 * 60_000 };
/** Zendesk's account limit for updates: 100 per minute (without the High Volume add-on). */
export const ACCOUNT_LIMIT: WindowLimit = { max: 100, windowMs: 60_000 };

/** Error bodies are a sentence or a few field messages; more than this is not worth reading. */
const MAX_ERROR_BODY_BYTES = 256 * 1024;
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** How a write ended. `requests` counts every request it sent (writes and re-reads). */
export type WriteOutcome =
  | { kind: 'applied'; message: string; response: unknown; confirmedBy: 'response' | 'reread'; requests: number }
  | { kind: 'already_applied'; message: string; current: unknown; requests: number }
  | { kind: 'conflict'; message: string; current: unknown | null; requests: number }
  | { kind: 'forbidden'; message: string; permission: string; requests: number }
  | { kind: 'rate_limited'; message: string; retryAt: IsoInstant; local: boolean; requests: number }
  | { kind: 'invalid'; message: string; fields: FieldError[]; requests: number }
  | { kind: 'not_verified'; message: string; response: unknown; requests: number }
  | { kind: 'unknown'; message: string; requests: number }
  | { kind: 'busy'; message: string; requests: number }
  | { kind: 'failed'; message: string; status: number; requests: number };

/** One field Zendesk refused (422), with its messages. */
export interface FieldError {
  field: string;
  messages: string[];
}

export type LookupOutcome =
  | { kind: 'found'; result: OrgLookupResult; requests: number }
  | Exclude<WriteOutcome, { kind: 'applied' | 'already_applied' | 'not_verified' | 'busy' }>;

export interface ZendeskWriteClient {
  readonly baseUrl: string;
  /** Sends a plan once (see the module comment for retries and double clicks). */
  execute(plan: ActionPlan): Promise<WriteOutcome>;
  /** Runs the organization lookup of "assign to org". */
  lookup(plan: OrgLookupPlan): Promise<LookupOutcome>;
}

/** What one HTTP exchange gave: a status and parsed body, or no answer at all (timeout, dropped connection). */
type Exchange =
  | { status: number; headers: Headers; body: unknown; text: string }
  | { status: 0; reason: 'timeout' | 'offline' };

/** Creates the write client; nothing is sent until a plan is executed. */
export function createZendeskWriteClient(config: ZendeskWriteClientConfig): ZendeskWriteClient {
  const baseUrl = zendeskBaseUrl(config);
  const now = config.now ?? Date.now;
  const secrets = [config.token, Buffer.from(`${config.email}/token:${config.token}`).toString('base64')];
  const authorization = `Basic ${Buffer.from(`${config.email}/token:${config.token}`).toString('base64')}`;
  const perTicket = slidingLimit(config.limits?.perTicket ?? PER_TICKET_LIMIT);
  const account = slidingLimit(config.limits?.account ?? ACCOUNT_LIMIT);
  const inFlight = new Map<string, { fingerprint: string; outcome: Promise<WriteOutcome> }>();

  async function exchange(request: PlannedRequest): Promise<Exchange> {
    if (!request.path.startsWith('/api/v2/')) throw new Error('A planned request must target /api/v2/');
    const url = `${baseUrl}${request.path.slice('/api/v2'.length)}`;
    const timeout = AbortSignal.timeout(config.timeoutMs);
    let response: Response;
    try {
      response = await fetch(url, {
        method: request.method,
        headers: {
          authorization,
          accept: 'application/json',
          ...(request.body === null ? {} : { 'content-type': 'application/json' }),
        },
        body: request.body === null ? undefined : JSON.stringify(request.body),
        signal: timeout,
        // No redirects: a redirect to another host must not receive the credentials.
        redirect: 'manual',
      });
    } catch {
      return { status: 0, reason: timeout.aborted ? 'timeout' : 'offline' };
    }
    const ok = response.status >= 200 && response.status < 300;
    let text: string;
    try {
      text = await readCappedText(response, ok ? MAX_BODY_BYTES : MAX_ERROR_BODY_BYTES);
    } catch {
      // The head arrived but the body did not: for a write that is as unknown as no answer.
      return { status: 0, reason: timeout.aborted ? 'timeout' : 'offline' };
    }
    let body: unknown = null;
    try {
      body = text === '' ? null : JSON.parse(text);
    } catch {
      body = null;
    }
    return { status: response.status, headers: response.headers, body, text };
  }

  /** Re-reads what the plan changes; `null` when any re-read failed. */
  async function reread(plan: ActionPlan, counter: { requests: number }): Promise<unknown[] | null> {
    const bodies: unknown[] = [];
    for (const request of plan.recheck) {
      counter.requests++;
      const answer = await exchange(request);
      if (answer.status < 200 || answer.status >= 300) return null;
      bodies.push((answer as { body: unknown }).body);
    }
    return bodies;
  }

  function takeBudget(plan: ActionPlan, counter: { requests: number }): WriteOutcome | null {
    const at = now();
    const ticketWait = plan.updatesTicket ? perTicket.wait(`ticket:${plan.ticketId}`, at) : 0;
    const accountWait = account.wait('account', at);
    const waitMs = Math.max(ticketWait, accountWait);
    if (waitMs > 0) {
      const which = ticketWait >= accountWait ? `ticket #${plan.ticketId}` : 'your Zendesk account';
      return {
        kind: 'rate_limited',
        message: `Zendesk's update limit for ${which} is reached; try again in ${formatWait(waitMs)}.`,
        retryAt: new Date(at + waitMs).toISOString(),
        local: true,
        requests: counter.requests,
      };
    }
    if (plan.updatesTicket) perTicket.take(`ticket:${plan.ticketId}`, at);
    account.take('account', at);
    return null;
  }

  async function run(plan: ActionPlan): Promise<WriteOutcome> {
    const counter = { requests: 0 };
    let response: unknown = null;
    for (const request of plan.requests) {
      const outcome = await sendOne(plan, request, counter);
      if (outcome.kind !== 'sent') return outcome.outcome;
      response = outcome.body;
    }
    const problem = plan.verify(response);
    if (problem !== null) {
      return {
        kind: 'not_verified',
        message: `Zendesk answered, but ${problem}: reload the ticket to see what it holds.`,
        response,
        requests: counter.requests,
      };
    }
    return {
      kind: 'applied',
      message: `Done: ${plan.confirmation}`,
      response,
      confirmedBy: 'response',
      requests: counter.requests,
    };
  }

  async function sendOne(
    plan: ActionPlan,
    request: PlannedRequest,
    counter: { requests: number },
  ): Promise<{ kind: 'sent'; body: unknown } | { kind: 'done'; outcome: WriteOutcome }> {
    for (let attempt = 1; attempt <= 2; attempt++) {
      const refused = takeBudget(plan, counter);
      if (refused) return { kind: 'done', outcome: refused };
      counter.requests++;
      const answer = await exchange(request);
      const status = answer.status;
      if (status >= 200 && status < 300) return { kind: 'sent', body: (answer as { body: unknown }).body };
      if (status === 409) {
        const bodies = await reread(plan, counter);
        const verdict = bodies === null ? null : plan.judge(bodies);
        if (verdict === 'applied') {
          return {
            kind: 'done',
            outcome: {
              kind: 'already_applied',
              message: `Already done: ticket #${plan.ticketId} already shows this change.`,
              current: bodies?.[0] ?? null,
              requests: counter.requests,
            },
          };
        }
        return { kind: 'done', outcome: conflict(plan, bodies?.[0] ?? null, counter.requests) };
      }
      if (status !== 0 && status < 500) {
        return { kind: 'done', outcome: refusal(plan, answer as Exchange & { headers: Headers }, counter.requests) };
      }
      // No answer, or a server error: it may or may not have been applied. Look before sending again.
      const bodies = await reread(plan, counter);
      if (bodies === null) return { kind: 'done', outcome: unknown(plan, counter.requests) };
      const verdict = plan.judge(bodies);
      if (verdict === 'applied') {
        return {
          kind: 'done',
          outcome: {
            kind: 'applied',
            message: `Done: ${plan.confirmation}`,
            response: bodies[0] ?? null,
            confirmedBy: 'reread',
            requests: counter.requests,
          },
        };
      }
      if (verdict === 'changed') return { kind: 'done', outcome: conflict(plan, bodies[0] ?? null, counter.requests) };
      // `not_applied`: nothing changed since we looked, so the same stamp is the fresh one; send once more.
    }
    return { kind: 'done', outcome: unknown(plan, counter.requests) };
  }

  function refusal(plan: ActionPlan, answer: Exchange & { headers: Headers }, requests: number): WriteOutcome {
    const { status } = answer;
    if (status === 403) {
      return {
        kind: 'forbidden',
        message: `Zendesk refused: ${plan.forbidden} (403). Everything else keeps working.`,
        permission: plan.forbidden,
        requests,
      };
    }
    if (status === 429) return rateLimited(answer.headers, requests);
    if (status === 422) {
      const fields = fieldErrors(answer.body);
      const listed = fields.map((field) => `${field.field}: ${field.messages.join('; ')}`).join(', ');
      return {
        kind: 'invalid',
        message: redact(`Zendesk refused the change (422)${listed ? `: ${listed}` : ''}.`, secrets),
        fields,
        requests,
      };
    }
    if (status === 401) {
      return { kind: 'failed', message: 'Zendesk refused the credentials (401).', status, requests };
    }
    if (status === 404) {
      return {
        kind: 'failed',
        message: `Zendesk has no such record (404, ticket #${plan.ticketId}).`,
        status,
        requests,
      };
    }
    return { kind: 'failed', message: `Zendesk rejected the request (${status}).`, status, requests };
  }

  function rateLimited(headers: Headers, requests: number): Extract<WriteOutcome, { kind: 'rate_limited' }> {
    const at = now();
    const waitMs = Math.min(MAX_SERVER_WAIT_MS, parseServerWait(headers, at) ?? DEFAULT_RETRY_AFTER_MS);
    return {
      kind: 'rate_limited',
      message: `Zendesk is rate limiting us (429); try again in ${formatWait(waitMs)}.`,
      retryAt: new Date(at + waitMs).toISOString(),
      local: false,
      requests,
    };
  }

  return {
    baseUrl,
    execute(plan) {
      const key = `${plan.ticketId}:${plan.action}`;
      const fingerprint = JSON.stringify(plan.requests);
      const running = inFlight.get(key);
      if (running) {
        if (running.fingerprint === fingerprint) return running.outcome;
        return Promise.resolve({
          kind: 'busy',
          message: `Another change of this kind to ticket #${plan.ticketId} is still being sent; wait for it.`,
          requests: 0,
        });
      }
      const outcome = run(plan).finally(() => inFlight.delete(key));
      inFlight.set(key, { fingerprint, outcome });
      return outcome;
    },
    async lookup(plan) {
      const answer = await exchange(plan.request);
      if (answer.status >= 200 && answer.status < 300) {
        return { kind: 'found', result: plan.read((answer as { body: unknown }).body), requests: 1 };
      }
      if (answer.status === 0) {
        return { kind: 'unknown', message: 'Zendesk did not answer the organization lookup.', requests: 1 };
      }
      const withHeaders = answer as Exchange & { headers: Headers };
      if (answer.status === 403) {
        const permission = 'your Zendesk role cannot look up organizations';
        return { kind: 'forbidden', message: `Zendesk refused: ${permission} (403).`, permission, requests: 1 };
      }
      if (answer.status === 429) return rateLimited(withHeaders.headers, 1);
      return {
        kind: 'failed',
        message: `Zendesk rejected the organization lookup (${answer.status}).`,
        status: answer.status,
        requests: 1,
      };
    },
  };
}

function conflict(plan: ActionPlan, current: unknown, requests: number): WriteOutcome {
  return {
    kind: 'conflict',
    message: `Ticket #${plan.ticketId} changed since you looked; nothing was overwritten. Check it and try again.`,
    current,
    requests,
  };
}

function unknown(plan: ActionPlan, requests: number): WriteOutcome {
  return {
    kind: 'unknown',
    message: `Zendesk did not confirm the change to ticket #${plan.ticketId}; reload it before trying again.`,
    requests,
  };
}

/** Zendesk's 422 `details`: `{ field: [{ description }] }`. */
function fieldErrors(body: unknown): FieldError[] {
  const details = (body as { details?: unknown } | null)?.details;
  if (typeof details !== 'object' || details === null) return [];
  const fields: FieldError[] = [];
  for (const [field, list] of Object.entries(details as Record<string, unknown>).slice(0, 20)) {
    const messages = (Array.isArray(list) ? list : [list])
      .map((item) => (item as { description?: unknown } | null)?.description)
      .filter((text): text is string => typeof text === 'string')
      .map((text) => text.slice(0, 300));
    fields.push({ field: field.slice(0, 100), messages });
  }
  return fields;
}

/** A sliding-window counter per key: how long until one more fits, and taking a slot. */
function slidingLimit(limit: WindowLimit) {
  const log = new Map<string, number[]>();
  const recent = (key: string, at: number) => {
    const kept = (log.get(key) ?? []).filter((time) => time > at - limit.windowMs);
    if (kept.length === 0) log.delete(key);
    else log.set(key, kept);
    return kept;
  };
  return {
    wait(key: string, at: number): number {
      const kept = recent(key, at);
      if (kept.length < limit.max) return 0;
      return (kept[kept.length - limit.max] ?? at) + limit.windowMs - at;
    },
    take(key: string, at: number): void {
      log.set(key, [...recent(key, at), at]);
    },
  };
}

function formatWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 120) return `${seconds} s`;
  return `${Math.ceil(seconds / 60)} min`;
}

function redact(text: string, secrets: string[]): string {
  let result = text;
  for (const secret of secrets) if (secret.length >= 4) result = result.split(secret).join('[redacted]');
  return result;
}
