/**
 * The sandbox's Zendesk writes, so the demo is interactive and the write client is tested over real HTTP:
 * ticket updates (status, internal notes, assignee; `safe_update` conflicts), moving a user to an organization,
 * the organization autocomplete, and the reads a write client re-checks with (a user, a ticket's comments).
 *
 * Changes land in the world the read routes serve, so the next poll sees them. A read-only token reads but gets
 * 403 on writes; a 429 and a connection dropped after the write was applied can be injected.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SANDBOX_CREDENTIALS } from './credentials';
import { json, queryInt, type Reply, type RouteContext, zendeskTime } from './http-util';
import { rateLimited, send } from './respond';
import { atOffset, type Scenario, type ScenarioTicket, type ScenarioTicketStatus } from './scenario';
import { authenticateZendesk, renderTicket } from './zendesk';

/** A token that authenticates (add it to the world's `apiTokens` for reads) but may not write: 403 on writes. */
export const SANDBOX_READ_ONLY_ZENDESK = {
  email: 'readonly@support-hero.test',
  token: 'demo-zendesk-read-only-token',
} as const;

/** Zendesk's Update Ticket limit, emulated: 30 updates per ticket per 10 minutes. */
const TICKET_UPDATES_PER_WINDOW = 30;
const TICKET_UPDATE_WINDOW_MS = 10 * 60_000;
const MAX_REQUEST_BYTES = 1024 * 1024;
const STATUSES: ScenarioTicketStatus[] = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];

export interface ZendeskWriteHandlerOptions {
  /** Milliseconds; the world's times are relative to its anchor (default Date.now). */
  clock?: () => number;
  /** Tokens that may read but not write (default: SANDBOX_READ_ONLY_ZENDESK). */
  readOnlyTokens?: ReadonlyArray<{ email: string; token: string }>;
}

/** A comment the sandbox keeps for a ticket (the description is comment 1, as in Zendesk). */
export interface SandboxComment {
  id: number;
  ticketId: number;
  body: string;
  public: boolean;
  authorId: number;
  atMs: number;
}

/** One applied write, for tests: which record, and the fields it changed. */
export interface SandboxWrite {
  kind: 'ticket' | 'user';
  id: number;
  fields: string[];
  atMs: number;
}

/** A fault the server hands the handler for one request (the sandbox's `inject`, or a test server's hook). */
export interface WriteFaults {
  /**
   * When this request is a write that the handler applies (200), its connection is then destroyed before any
   * answer: the "did it go through?" case. A write refused (403, 400, 409, 429...) is answered as usual.
   */
  dropAfterApplying?: boolean;
}

export interface ZendeskWriteHandler {
  /** Answers the request when it is one of the write routes (returns true); otherwise leaves it alone. */
  handle(request: IncomingMessage, response: ServerResponse, faults?: WriteFaults): boolean;
  /** Every applied write, oldest first. */
  writes(): SandboxWrite[];
  /** Comments added to a ticket through the API (not the description). */
  comments(ticketId: number): SandboxComment[];
}

type WorldSource = Scenario | (() => Scenario);

/** Creates the handler over a world (or a getter, for a sandbox that swaps scenarios). */
export function createZendeskWriteHandler(
  world: WorldSource,
  options: ZendeskWriteHandlerOptions = {},
): ZendeskWriteHandler {
  const currentWorld = typeof world === 'function' ? world : () => world;
  const clock = options.clock ?? Date.now;
  const readOnly = options.readOnlyTokens ?? [SANDBOX_READ_ONLY_ZENDESK];
  const added: SandboxComment[] = [];
  const applied: SandboxWrite[] = [];
  const ticketUpdates = new Map<number, number[]>();
  let nextCommentId = 900_000_001;

  type Identity = { email: string; canWrite: boolean };

  function identify(request: IncomingMessage): Identity | null {
    const scenario = currentWorld();
    const email = authenticateZendesk(scenario.zendesk, request.headers.authorization);
    const readOnlyMatch = authenticateZendesk(
      { ...scenario.zendesk, apiTokens: readOnly.map((entry) => ({ ...entry })) },
      request.headers.authorization,
    );
    if (readOnlyMatch !== null) return { email: readOnlyMatch, canWrite: false };
    return email === null ? null : { email, canWrite: true };
  }

  function context(request: IncomingMessage, path: string, query: URLSearchParams): RouteContext {
    const scenario = currentWorld();
    const nowMs = clock();
    return {
      scenario,
      anchorMs: scenario.anchorMs ?? nowMs,
      nowMs,
      origin: `http://${request.headers.host ?? '127.0.0.1'}`,
      path,
      query,
    };
  }

  function actorId(email: string): number {
    const user = currentWorld().zendesk.users.find((candidate) => candidate.email.toLowerCase() === email);
    return user?.id ?? 7_999;
  }

  function handle(request: IncomingMessage, response: ServerResponse, faults: WriteFaults = {}): boolean {
    const url = new URL(request.url ?? '/', 'http://sandbox');
    const path = url.pathname.replace(/\.json$/, '').replace(/\/+$/, '');
    const method = (request.method ?? 'GET').toUpperCase();
    const ticketWrite = method === 'PUT' ? /^\/api\/v2\/tickets\/(\d+)$/.exec(path) : null;
    const userWrite = method === 'PUT' ? /^\/api\/v2\/users\/(\d+)$/.exec(path) : null;
    const userRead = method === 'GET' ? /^\/api\/v2\/users\/(\d+)$/.exec(path) : null;
    const commentsRead = method === 'GET' ? /^\/api\/v2\/tickets\/(\d+)\/comments$/.exec(path) : null;
    const autocomplete = method === 'GET' && path === '/api/v2/organizations/autocomplete';
    if (!ticketWrite && !userWrite && !userRead && !commentsRead && !autocomplete) return false;

    const identity = identify(request);
    if (identity === null) {
      drain(request);
      send(response, json(401, { error: "Couldn't authenticate you" }));
      return true;
    }
    const routeContext = context(request, path, url.searchParams);
    if (userRead) {
      drain(request);
      send(response, readUser(routeContext, Number(userRead[1])));
      return true;
    }
    if (commentsRead) {
      drain(request);
      send(response, listComments(routeContext, Number(commentsRead[1])));
      return true;
    }
    if (autocomplete) {
      drain(request);
      send(response, autocompleteOrganizations(routeContext));
      return true;
    }
    readBody(request)
      .then((body) => {
        if (!identity.canWrite) {
          send(
            response,
            json(403, {
              error: 'Forbidden',
              description: 'You do not have access to this page. Please contact the account owner of this help desk.',
            }),
          );
          return;
        }
        if (body === undefined) {
          send(response, json(400, { error: 'InvalidJSON', description: 'The request body is not valid JSON' }));
          return;
        }
        const reply = ticketWrite
          ? updateTicket(routeContext, Number(ticketWrite[1]), body, actorId(identity.email))
          : updateUser(routeContext, Number(userWrite?.[1]), body);
        if (faults.dropAfterApplying && reply.status === 200) {
          // Applied, but the answer never arrives: what a crash or a dropped connection mid-write looks like.
          request.socket.destroy();
          return;
        }
        send(response, reply);
      })
      .catch(() => {
        if (!response.headersSent) send(response, json(400, { error: 'BadRequest', description: 'Unreadable body' }));
      });
    return true;
  }

  function updateTicket(context: RouteContext, id: number, body: unknown, authorId: number): Reply {
    const ticket = context.scenario.zendesk.tickets.find((candidate) => candidate.id === id);
    if (!ticket) return json(404, { error: 'RecordNotFound', description: 'Not found' });
    const fields = recordField(body, 'ticket');
    if (!fields) return invalid('ticket', 'is required');
    if (ticket.status === 'closed') return invalid('status', 'closed prevents ticket update');
    const currentUpdatedMs = renderedUpdatedMs(context, ticket);
    // Zendesk: any `safe_update` value turns the check on; omit it to turn it off.
    if ('safe_update' in fields) {
      const stamp = typeof fields.updated_stamp === 'string' ? Date.parse(fields.updated_stamp) : Number.NaN;
      if (stamp !== currentUpdatedMs) {
        return json(409, {
          error: 'UpdateConflict',
          description:
            'Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.',
        });
      }
    }
    const recent = (ticketUpdates.get(id) ?? []).filter((at) => at > context.nowMs - TICKET_UPDATE_WINDOW_MS);
    if (recent.length >= TICKET_UPDATES_PER_WINDOW) {
      return rateLimited('zendesk', { 'retry-after': String(Math.ceil(TICKET_UPDATE_WINDOW_MS / 1000)) });
    }

    // Validate everything first: Zendesk applies an update whole or not at all.
    const changes: Partial<ScenarioTicket> = {};
    const events: Record<string, unknown>[] = [];
    if ('status' in fields) {
      if (!STATUSES.includes(fields.status as ScenarioTicketStatus) || fields.status === 'new') {
        return invalid('status', `${String(fields.status)} is not a valid status`);
      }
      changes.status = fields.status as ScenarioTicketStatus;
    }
    if ('assignee_id' in fields) {
      const assignee = context.scenario.zendesk.users.find((user) => user.id === fields.assignee_id);
      if (fields.assignee_id !== null && (!assignee || assignee.role === 'end-user')) {
        return invalid('assignee', 'is not an agent');
      }
      changes.assignee_id = (fields.assignee_id as number | null) ?? null;
    }
    if ('tags' in fields) {
      // The real API replaces every tag; emulated so a client that sends `tags` shows up in tests.
      if (!Array.isArray(fields.tags) || fields.tags.some((tag) => typeof tag !== 'string')) {
        return invalid('tags', 'must be a list of strings');
      }
      changes.tags = [...(fields.tags as string[])];
    }
    let comment: { body: string; public: boolean } | null = null;
    if ('comment' in fields) {
      const raw = recordField(fields, 'comment');
      if (!raw || typeof raw.body !== 'string' || raw.body.trim() === '') return invalid('comment', 'body is empty');
      // Without `public`, a comment takes the ticket's creation-time visibility; the demo tickets were public.
      comment = { body: raw.body, public: raw.public !== false };
    }

    for (const [field, value] of Object.entries(changes)) {
      events.push({
        id: nextCommentId++,
        type: 'Change',
        field_name: field,
        value,
        previous_value: (ticket as unknown as Record<string, unknown>)[field],
      });
    }
    Object.assign(ticket, changes);
    if (comment) {
      const stored: SandboxComment = {
        id: nextCommentId++,
        ticketId: id,
        body: comment.body,
        public: comment.public,
        authorId,
        atMs: context.nowMs,
      };
      added.push(stored);
      events.push({ id: stored.id, type: 'Comment', body: stored.body, public: stored.public, author_id: authorId });
    }
    // Every update moves `updated_at` forward by at least a second, so a stale stamp is always caught.
    const nextSecond = Math.max(Math.floor(context.nowMs / 1000) * 1000, currentUpdatedMs + 1000);
    // Half a second in, so floating-point minutes never render as the second before.
    ticket.updatedMinutesAgo = (context.anchorMs - (nextSecond + 500)) / 60_000;
    ticketUpdates.set(id, [...recent, context.nowMs]);
    applied.push({
      kind: 'ticket',
      id,
      fields: [...Object.keys(changes), ...(comment ? ['comment'] : [])],
      atMs: context.nowMs,
    });
    return json(200, {
      ticket: renderTicket(context, ticket, false),
      audit: {
        id: nextCommentId++,
        ticket_id: id,
        created_at: zendeskTime(nextSecond),
        author_id: authorId,
        metadata: { system: {}, custom: {} },
        events: events,
        via: { channel: 'api', source: { from: {}, to: {}, rel: null } },
      },
    });
  }

  function updateUser(context: RouteContext, id: number, body: unknown): Reply {
    const user = context.scenario.zendesk.users.find((candidate) => candidate.id === id);
    if (!user) return json(404, { error: 'RecordNotFound', description: 'Not found' });
    const fields = recordField(body, 'user');
    if (!fields) return invalid('user', 'is required');
    if ('organization_id' in fields) {
      const orgId = fields.organization_id;
      if (orgId !== null && !context.scenario.zendesk.organizations.some((org) => org.id === orgId)) {
        return invalid('organization_id', 'is not an organization');
      }
      user.organization_id = orgId as number | null;
      // Zendesk moves the user's open tickets with a single membership (unverified): the sandbox does, so the
      // row's organization follows, as the handbook's workflow expects.
      for (const ticket of context.scenario.zendesk.tickets) {
        if (ticket.requester_id === id && ticket.status !== 'closed') ticket.organization_id = orgId as number | null;
      }
      applied.push({ kind: 'user', id, fields: ['organization_id'], atMs: context.nowMs });
    }
    return json(200, { user: renderUserRecord(context, id) });
  }

  function readUser(context: RouteContext, id: number): Reply {
    const rendered = renderUserRecord(context, id);
    return rendered ? json(200, { user: rendered }) : json(404, { error: 'RecordNotFound', description: 'Not found' });
  }

  function listComments(context: RouteContext, id: number): Reply {
    const ticket = context.scenario.zendesk.tickets.find((candidate) => candidate.id === id);
    if (!ticket) return json(404, { error: 'RecordNotFound', description: 'Not found' });
    const first = {
      id: id * 10,
      type: 'Comment',
      body: ticket.description,
      public: true,
      author_id: ticket.requester_id,
      created_at: zendeskTime(atOffset(context.anchorMs, -ticket.createdMinutesAgo)),
    };
    const later = added
      .filter((comment) => comment.ticketId === id)
      .map((comment) => ({
        id: comment.id,
        type: 'Comment',
        body: comment.body,
        public: comment.public,
        author_id: comment.authorId,
        created_at: zendeskTime(comment.atMs),
      }));
    const all = [first, ...later];
    if (context.query.get('sort_order') === 'desc') all.reverse();
    const perPage = Math.min(Math.max(queryInt(context.query, 'per_page') ?? 100, 1), 100);
    return json(200, { comments: all.slice(0, perPage), next_page: null, previous_page: null, count: all.length });
  }

  function autocompleteOrganizations(context: RouteContext): Reply {
    const name = (context.query.get('name') ?? '').trim().toLowerCase();
    if (name.length < 2) {
      return json(400, { error: 'InvalidValue', description: 'name must be at least 2 characters' });
    }
    const found = context.scenario.zendesk.organizations
      .filter((org) => org.name.toLowerCase().startsWith(name))
      .sort((a, b) => a.name.localeCompare(b.name))
      .slice(0, 100)
      .map((org) => ({
        url: `${context.origin}/api/v2/organizations/${org.id}.json`,
        id: org.id,
        name: org.name,
        external_id: null,
        domain_names: [...org.domain_names],
        tags: [...org.tags],
        created_at: zendeskTime(context.anchorMs - 300 * 86_400_000),
        updated_at: zendeskTime(context.anchorMs - 3 * 86_400_000),
      }));
    return json(200, { organizations: found, next_page: null, previous_page: null, count: found.length });
  }

  function renderUserRecord(context: RouteContext, id: number): Record<string, unknown> | null {
    const user = context.scenario.zendesk.users.find((candidate) => candidate.id === id);
    if (!user) return null;
    return {
      id: user.id,
      url: `${context.origin}/api/v2/users/${user.id}.json`,
      name: user.name,
      email: user.email,
      role: user.role,
      organization_id: user.organization_id,
      time_zone: user.time_zone ?? 'UTC',
      active: true,
      suspended: false,
    };
  }

  return {
    handle,
    writes: () => applied.map((write) => ({ ...write, fields: [...write.fields] })),
    comments: (ticketId) => added.filter((comment) => comment.ticketId === ticketId).map((comment) => ({ ...comment })),
  };
}

/** The demo token's twin for tests and the demo: reads work, writes are refused. */
export function withReadOnlyToken(scenario: Scenario): Scenario {
  const tokens = scenario.zendesk.apiTokens;
  if (!tokens.some((entry) => entry.token === SANDBOX_READ_ONLY_ZENDESK.token)) {
    tokens.push({ ...SANDBOX_READ_ONLY_ZENDESK });
  }
  return scenario;
}

/** The sandbox's read-write credentials, re-exported so write tests need one import. */
export const SANDBOX_WRITE_CREDENTIALS = SANDBOX_CREDENTIALS.zendesk;

function renderedUpdatedMs(context: RouteContext, ticket: ScenarioTicket): number {
  return Date.parse(zendeskTime(atOffset(context.anchorMs, -ticket.updatedMinutesAgo)));
}

function recordField(body: unknown, key: string): Record<string, unknown> | null {
  if (typeof body !== 'object' || body === null) return null;
  const value = (body as Record<string, unknown>)[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function invalid(field: string, description: string): Reply {
  return json(422, {
    error: 'RecordInvalid',
    description: 'Record validation errors',
    details: { [field]: [{ description: `${field} ${description}`, error: 'InvalidValue' }] },
  });
}

/** Reads a JSON body (at most 1 MiB); `undefined` when it is not JSON. */
async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of request) {
    total += (chunk as Buffer).length;
    if (total > MAX_REQUEST_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

function drain(request: IncomingMessage): void {
  request.resume();
}
