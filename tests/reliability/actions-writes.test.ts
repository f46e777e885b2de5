/**
 * Reliability of ticket writes through the actions service (the path every face uses), over real HTTP against a
 * hostile server that plays one Zendesk ticket: a conflict reloads and overwrites nothing, a refused write names
 * the permission while reads keep working, a 429's Retry-After is honoured and clamped, and a connection dropped
 * after the server applied the write is re-read and counted once, even when the user clicks again.
 */
import type { IncomingMessage } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActionLog } from '../../src/main/core/actions/log';
import { DEFAULT_SETTINGS } from '../../src/main/core/settings';
import { type ActionsService, createActionsService } from '../../src/main/runtime/actions';
import { MAX_SERVER_WAIT_MS } from '../../src/main/sources/http';
import type { Snapshot } from '../../src/shared/domain';
import type { Settings } from '../../src/shared/settings';
import { entry, snapshot, ticket } from '../main/fixtures';
import { fixedClock, memoryStore } from '../support/factories';
import { type HostileServer, startHostileServer } from './hostile-server';

const NOW = Date.parse('2026-11-30T09:00:00Z');
const LOOKED_AT = '2026-11-30T08:00:00Z';
const ID = 7;
const TICKET_PATH = `/api/v2/tickets/${ID}`;

interface Comment {
  id: number;
  type: 'Comment';
  body: string;
  public: boolean;
}

/** The ticket as the server holds it. */
let state: { status: string; updated_at: string; assignee_id: number | null; comments: Comment[] };
/** What PUT does this time; GETs always answer from `state`. */
let onPut: (body: { ticket: Record<string, unknown> }, request: IncomingMessage) => 'answer' | 'drop' | Response;
let server: HostileServer;
let repolls: number;
let putCount: number;
let service: ActionsService;
let clock: ReturnType<typeof fixedClock>;

function applyPut(body: { ticket: Record<string, unknown> }): boolean {
  const fields = body.ticket;
  if (fields.safe_update && fields.updated_stamp !== state.updated_at) return false;
  if (typeof fields.status === 'string') state.status = fields.status;
  const comment = fields.comment as { body: string; public: boolean } | undefined;
  if (comment) state.comments.push({ id: state.comments.length + 1, type: 'Comment', ...comment });
  state.updated_at = new Date(Date.parse(state.updated_at) + 60_000).toISOString().replace('.000Z', 'Z');
  return true;
}

function ticketJson() {
  return {
    ticket: {
      id: ID,
      status: state.status,
      updated_at: state.updated_at,
      assignee_id: state.assignee_id,
      description: 'I lost my phone with the TOTP codes, please remove 2FA',
    },
  };
}

beforeEach(async () => {
  state = { status: 'open', updated_at: LOOKED_AT, assignee_id: null, comments: [] };
  onPut = () => 'answer';
  repolls = 0;
  putCount = 0;
  clock = fixedClock(NOW);
  server = await startHostileServer(async (request, response, url) => {
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    };
    if (request.method === 'GET' && (url.pathname === TICKET_PATH || url.pathname === `${TICKET_PATH}.json`)) {
      return send(200, ticketJson());
    }
    if (request.method === 'GET' && url.pathname === `${TICKET_PATH}/comments`) {
      return send(200, { comments: [...state.comments].reverse() });
    }
    if (request.method === 'GET' && url.pathname === '/api/v2/users/me') {
      return send(200, { user: { id: 9, name: 'Ada Lovelace', role: 'agent' } });
    }
    if (request.method === 'PUT' && url.pathname === TICKET_PATH) {
      putCount++;
      let raw = '';
      for await (const chunk of request) raw += chunk;
      const body = JSON.parse(raw) as { ticket: Record<string, unknown> };
      const mode = onPut(body, request);
      if (mode === 'drop') {
        // Applied on the server, then the connection dies before any answer.
        applyPut(body);
        request.socket.destroy();
        return;
      }
      if (mode instanceof Response) {
        response.writeHead(mode.status, Object.fromEntries(mode.headers));
        response.end(await mode.text());
        return;
      }
      if (!applyPut(body)) return send(409, { error: 'UpdateConflict', description: 'Ticket changed' });
      const comment = state.comments.at(-1);
      return send(200, {
        ...ticketJson(),
        audit: { events: comment ? [{ type: 'Comment', body: comment.body, public: comment.public }] : [] },
      });
    }
    send(404, { error: 'RecordNotFound' });
  });
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    zendesk: { ...DEFAULT_SETTINGS.zendesk, subdomain: 'posthoghelp', baseUrl: `${server.origin}/api/v2` },
    polling: { ...DEFAULT_SETTINGS.polling, timeoutSeconds: 3 },
  };
  // The snapshot the user looked at: the ticket as it was at 08:00.
  const looked: Snapshot = snapshot({ queue: [entry(ticket(ID, { status: 'open', updatedAt: LOOKED_AT }))] });
  service = createActionsService({
    settings: () => settings,
    zendeskCredentials: () => ({ email: 'ada@example.com', token: 'zd-secret-token' }),
    pagerdutyToken: () => null,
    snapshot: () => looked,
    repoll: async () => {
      repolls++;
    },
    log: createActionLog(memoryStore()),
    clock,
    timeZone: () => 'UTC',
  });
});

afterEach(async () => {
  await server.close();
});

const puts = () => putCount;

describe('ticket writes through the actions service, against a hostile server', () => {
  it('a conflict (409) reloads, says "changed since you looked" and overwrites nothing', async () => {
    // Another agent put the ticket On-hold after the user looked.
    state.status = 'hold';
    state.updated_at = '2026-11-30T08:30:00Z';
    const result = await service.run({ action: 'status', ticketId: ID, params: { status: 'pending', note: 'Asked' } });
    expect(result.result).toBe('conflict');
    expect(result.message).toContain('changed since you looked; nothing was overwritten');
    expect(state).toMatchObject({ status: 'hold', comments: [] });
    expect(repolls).toBe(1);
    expect(service.entries().map((e) => [e.action, e.result])).toEqual([['status', 'conflict']]);
  });

  it('a refused write (403) names the missing permission, and reads keep working', async () => {
    onPut = () =>
      new Response(JSON.stringify({ error: 'Forbidden', description: 'You do not have access' }), {
        status: 403,
        headers: { 'content-type': 'application/json' },
      });
    const result = await service.run({ action: 'status', ticketId: ID, params: { status: 'solved' } });
    expect(result).toMatchObject({ result: 'forbidden', permission: 'your Zendesk role cannot update this ticket' });
    expect(result.message).toContain('(403)');
    expect(result.message).not.toContain('zd-secret-token');
    expect(state.status).toBe('open');
    // The same token still reads: the playbook is filled from the ticket, and its offers still match.
    const guide = await service.playbook(ID, 'two_factor_removal');
    expect('text' in guide && guide.text).toContain(`According to ticket #${ID}`);
    expect((await service.offers(ID)).playbooks.map((p) => p.id)).toEqual(['two_factor_removal']);
  });

  it('a rate limit (429) honours Retry-After, clamps an absurd one, and sends nothing until it passes', async () => {
    onPut = () => new Response('{}', { status: 429, headers: { 'retry-after': '90' } });
    const first = await service.run({ action: 'status', ticketId: ID, params: { status: 'pending' } });
    expect(first).toMatchObject({ result: 'rate_limited' });
    expect(first.message).toContain('(429); try again in 90 s');
    expect(puts()).toBe(1);
    expect(repolls).toBe(0);
    // A click before the wait is over is answered here, without another request.
    clock.advance(30_000);
    const early = await service.run({ action: 'status', ticketId: ID, params: { status: 'pending' } });
    expect(early).toMatchObject({ result: 'rate_limited', requests: 0 });
    expect(early.message).toContain('try again in 60 s. Nothing was sent.');
    expect(puts()).toBe(1);

    putCount = 0;
    onPut = () => new Response('{}', { status: 429, headers: { 'retry-after': String(30 * 24 * 3600) } });
    clock.advance(61_000);
    const clamped = await service.run({ action: 'status', ticketId: ID, params: { status: 'pending' } });
    expect(clamped.result).toBe('rate_limited');
    expect(clamped.message).toContain(`try again in ${MAX_SERVER_WAIT_MS / 60_000} min`);
    expect(state.status).toBe('open');
  });

  it('a connection dropped after the server applied the write is re-read and applied once, also on a second click', async () => {
    onPut = () => 'drop';
    const params = { status: 'pending' as const, note: 'Replied by email' };
    const result = await service.run({ action: 'status', ticketId: ID, params });
    expect(result.result).toBe('applied');
    expect(result.message).toContain(`Done: Set ticket #${ID} to Pending`);
    expect(puts()).toBe(1);
    expect(server.requests(`${TICKET_PATH}/comments`)).toBe(1);

    // The user clicks again before the row refreshed: same stale stamp, so Zendesk refuses (409) and the re-read
    // shows the change is already there. Still one note.
    onPut = () => 'answer';
    const again = await service.run({ action: 'status', ticketId: ID, params });
    expect(again.result).toBe('already_applied');
    expect(state.status).toBe('pending');
    expect(state.comments).toEqual([{ id: 1, type: 'Comment', body: 'Replied by email', public: false }]);
    expect(service.entries().map((e) => e.result)).toEqual(['applied', 'already_applied']);
  });
});
