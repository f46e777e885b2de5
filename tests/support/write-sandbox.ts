/**
 * A small real HTTP server for the write tests and the actions bench: the sandbox's write handler first, the
 * read routes (zendesk.ts) for everything else, over one world built from the demo scenario. It counts the
 * requests it serves and can drop the next write before it reaches the handler (a write that never applied).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ActionTicket } from '../../src/main/core/actions/catalog';
import { createActionLog } from '../../src/main/core/actions/log';
import { DEFAULT_SETTINGS } from '../../src/main/core/settings';
import { type ActionsService, createActionsService } from '../../src/main/runtime/actions';
import { demoScenario, SANDBOX_CREDENTIALS, type Scenario } from '../../src/main/sources/sandbox';
import { rateLimited, send } from '../../src/main/sources/sandbox/respond';
import { authenticateZendesk, renderTicket, routeZendesk } from '../../src/main/sources/sandbox/zendesk';
import {
  createZendeskWriteHandler,
  withReadOnlyToken,
  type ZendeskWriteHandler,
} from '../../src/main/sources/sandbox/zendesk-writes';
import { findAdminLine } from '../../src/main/sources/zendesk/admin-line';
import { extractUrls, findModerationUrl } from '../../src/main/sources/zendesk/transform';
import type { Ticket } from '../../src/shared/domain';
import type { Settings } from '../../src/shared/settings';
import { entry, snapshot } from '../main/fixtures';
import { fixedClock, memoryStore } from './factories';

export interface WriteSandbox {
  /** `http://127.0.0.1:PORT/api/v2` */
  baseUrl: string;
  world: Scenario;
  handler: ZendeskWriteHandler;
  /** Requests served, as `METHOD /path?query`. */
  requests: string[];
  /** The next PUT is answered by destroying its connection before the handler sees it. */
  dropNextWriteBeforeApplying(): void;
  /** The next PUT is applied by the handler, then its connection is destroyed before any answer. */
  dropNextWriteAfterApplying(): void;
  /** The next `count` PUTs get Zendesk's 429 with this Retry-After, before the handler sees them. */
  rateLimitNextWrites(count: number, retryAfterSeconds: number): void;
  /** A ticket as the snapshot would carry it (the fields the catalog reads), from the world as it is now. */
  ticket(id: number): ActionTicket;
  close(): Promise<void>;
}

/** Starts the server over a fresh demo world anchored at `clock()`. */
export async function startWriteSandbox(clock: () => number): Promise<WriteSandbox> {
  const world = withReadOnlyToken({ ...demoScenario(), anchorMs: clock() });
  const handler = createZendeskWriteHandler(world, { clock });
  const requests: string[] = [];
  let dropBefore = false;
  let dropAfter = false;
  let limited = { left: 0, retryAfterSeconds: 0 };
  let origin = '';
  const server: Server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    if (dropBefore && request.method === 'PUT') {
      dropBefore = false;
      request.socket.destroy();
      return;
    }
    if (limited.left > 0 && request.method === 'PUT') {
      limited.left--;
      request.resume();
      send(response, rateLimited('zendesk', { 'retry-after': String(limited.retryAfterSeconds) }));
      return;
    }
    // The drop goes with the next write only (as the full sandbox's `drop_after_applying` fault does).
    const dropAfterApplying = dropAfter && request.method === 'PUT';
    if (dropAfterApplying) dropAfter = false;
    if (handler.handle(request, response, { dropAfterApplying })) return;
    const url = new URL(request.url ?? '/', origin);
    const email = authenticateZendesk(world.zendesk, request.headers.authorization);
    if (email === null) {
      send(response, { status: 401, body: { error: "Couldn't authenticate you" } });
      return;
    }
    send(
      response,
      routeZendesk(
        {
          scenario: world,
          anchorMs: world.anchorMs ?? clock(),
          nowMs: clock(),
          origin,
          path: url.pathname,
          query: url.searchParams,
        },
        email,
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl: `${origin}/api/v2`,
    world,
    handler,
    requests,
    dropNextWriteBeforeApplying: () => {
      dropBefore = true;
    },
    dropNextWriteAfterApplying: () => {
      dropAfter = true;
    },
    rateLimitNextWrites: (count, retryAfterSeconds) => {
      limited = { left: count, retryAfterSeconds };
    },
    ticket: (id) => actionTicket(world, id, clock(), origin),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function actionTicket(world: Scenario, id: number, nowMs: number, origin: string): ActionTicket {
  const raw = world.zendesk.tickets.find((ticket) => ticket.id === id);
  if (!raw) throw new Error(`no ticket ${id} in the world`);
  const rendered = renderTicket(
    { scenario: world, anchorMs: world.anchorMs ?? nowMs, nowMs, origin, path: '', query: new URLSearchParams() },
    raw,
    false,
  );
  const requester = world.zendesk.users.find((user) => user.id === raw.requester_id) ?? null;
  const organization = world.zendesk.organizations.find((org) => org.id === raw.organization_id) ?? null;
  const freeEmail = organization !== null && /^gmail user/i.test(organization.name);
  return {
    id,
    status: raw.status,
    // As the snapshot holds it: canonical ISO with milliseconds, not Zendesk's `...Z` form.
    updatedAt: new Date(Date.parse(rendered.updated_at as string)).toISOString(),
    assigneeId: raw.assignee_id,
    requester: requester ? { id: requester.id, name: requester.name } : null,
    organization: organization ? { id: organization.id, name: organization.name } : null,
    moderationUrl: findModerationUrl(extractUrls(raw.description)),
    orgAssignment: freeEmail
      ? (() => {
          const line = findAdminLine(raw.description);
          return {
            needed: true,
            suggestedOrg: line?.organizationName ?? null,
            organizationId: line?.organizationId ?? null,
          };
        })()
      : null,
  };
}

/** Demo tickets by what the workflows need, found by their content so demo-data edits do not break the tests. */
export function demoTicketIds(world: Scenario): { plain: number; community: number; freeEmail: number } {
  const open = world.zendesk.tickets.filter((ticket) => ticket.status !== 'closed');
  const community = open.find((ticket) => findModerationUrl(extractUrls(ticket.description)) !== null);
  const freeEmail = open.find((ticket) => {
    const org = world.zendesk.organizations.find((candidate) => candidate.id === ticket.organization_id);
    const named = findAdminLine(ticket.description)?.organizationName ?? null;
    return (
      org !== undefined &&
      /^gmail user/i.test(org.name) &&
      named !== null &&
      world.zendesk.organizations.some((candidate) => candidate.name.toLowerCase() === named.toLowerCase())
    );
  });
  const plain = open.find(
    (ticket) => ticket !== community && ticket !== freeEmail && (ticket.status === 'open' || ticket.status === 'new'),
  );
  if (!community || !freeEmail || !plain) throw new Error('the demo world lacks a ticket the write tests need');
  return { plain: plain.id, community: community.id, freeEmail: freeEmail.id };
}

/**
 * The actions service (what every face calls) over `sandbox`, its snapshot holding `tickets`: for counting what
 * opening the dialog and choosing in it cost at the server. `tickets` is read on every call, so a test can change
 * a ticket's `updatedAt` as a poll would.
 */
export function actionsServiceOver(sandbox: WriteSandbox, tickets: () => Ticket[], nowMs: number): ActionsService {
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    zendesk: { ...DEFAULT_SETTINGS.zendesk, subdomain: 'posthoghelp-demo', baseUrl: sandbox.baseUrl },
    polling: { ...DEFAULT_SETTINGS.polling, timeoutSeconds: 5 },
  };
  return createActionsService({
    settings: () => settings,
    zendeskCredentials: () => SANDBOX_CREDENTIALS.zendesk,
    pagerdutyToken: () => null,
    snapshot: () => snapshot({ queue: tickets().map(entry) }),
    repoll: async () => undefined,
    log: createActionLog(memoryStore()),
    clock: fixedClock(nowMs),
    timeZone: () => 'UTC',
  });
}
