/**
 * The Zendesk actions over real HTTP: the write client against the sandbox's write handler and read routes, on a
 * world built from the demo scenario. Each action applies and later reads see it; conflicts, refusals, rate limits,
 * dropped connections and double clicks behave as issue 13 asks.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ActionPlan,
  type ActionRefusal,
  isRefusal,
  type OrgLookupPlan,
  planAction,
  planOrgLookup,
} from '../../../src/main/core/actions/catalog';
import { createActionLog } from '../../../src/main/core/actions/log';
import { SANDBOX_CREDENTIALS } from '../../../src/main/sources/sandbox';
import { SANDBOX_READ_ONLY_ZENDESK } from '../../../src/main/sources/sandbox/zendesk-writes';
import { createZendeskClient } from '../../../src/main/sources/zendesk/client';
import {
  createZendeskWriteClient,
  type ZendeskWriteClientConfig,
} from '../../../src/main/sources/zendesk/write-client';
import { fixedClock, memoryStore } from '../../support/factories';
import { demoTicketIds, startWriteSandbox, type WriteSandbox } from '../../support/write-sandbox';

const NOW = Date.parse('2026-11-30T09:00:00Z');
const { email, token } = SANDBOX_CREDENTIALS.zendesk;
const context = { meId: 7_001, assignToMeEnabled: true };

let clock: ReturnType<typeof fixedClock>;
let sandbox: WriteSandbox;
let ids: ReturnType<typeof demoTicketIds>;

beforeEach(async () => {
  clock = fixedClock(NOW);
  sandbox = await startWriteSandbox(clock.now);
  ids = demoTicketIds(sandbox.world);
});

afterEach(async () => {
  await sandbox.close();
});

function writer(overrides: Partial<ZendeskWriteClientConfig> = {}) {
  return createZendeskWriteClient({
    subdomain: 'posthoghelp-demo',
    email,
    token,
    baseUrl: sandbox.baseUrl,
    timeoutMs: 3_000,
    now: clock.now,
    ...overrides,
  });
}

function plan(result: ActionPlan | ActionRefusal): ActionPlan {
  if (isRefusal(result)) throw new Error(`refused: ${result.message}`);
  return result;
}

function worldTicket(id: number) {
  const found = sandbox.world.zendesk.tickets.find((ticket) => ticket.id === id);
  if (!found) throw new Error(`no ticket ${id}`);
  return found;
}

function worldUser(id: number) {
  const found = sandbox.world.zendesk.users.find((user) => user.id === id);
  if (!found) throw new Error(`no user ${id}`);
  return found;
}

/** Someone else edits the ticket in Zendesk a minute later (an agent, a trigger). */
async function someoneElseAssigns(id: number): Promise<void> {
  clock.advance(60_000);
  const other = plan(planAction('assign_to_me', sandbox.ticket(id), {}, { meId: 7_003, assignToMeEnabled: true }));
  expect((await writer().execute(other)).kind).toBe('applied');
  clock.advance(60_000);
}

describe('each action applies once, and later reads see it', () => {
  it('status with a note: one update, a private note, the new status in reads', async () => {
    const before = sandbox.ticket(ids.plain);
    const made = plan(planAction('status', before, { status: 'pending', note: 'Waiting for their logs' }, context));
    const outcome = await writer().execute(made);
    expect(outcome).toMatchObject({ kind: 'applied', confirmedBy: 'response', requests: 1 });
    expect(worldTicket(ids.plain).status).toBe('pending');
    expect(sandbox.handler.comments(ids.plain)).toMatchObject([{ body: 'Waiting for their logs', public: false }]);
    expect(sandbox.ticket(ids.plain).updatedAt).not.toBe(before.updatedAt);
    // The read route (what the next poll uses) serves the change.
    const read = await createZendeskClient({ subdomain: 'x', email, token, baseUrl: sandbox.baseUrl, timeoutMs: 3_000 })
      .session()
      .showManyTickets([ids.plain]);
    expect(((read.tickets as unknown[])[0] as { status: string }).status).toBe('pending');
  });

  it('hold with a note applies; without one it is refused before anything is sent', async () => {
    const refused = planAction('status', sandbox.ticket(ids.plain), { status: 'hold' }, context);
    expect(isRefusal(refused)).toBe(true);
    expect(sandbox.requests).toEqual([]);
    const made = plan(
      planAction('status', sandbox.ticket(ids.plain), { status: 'hold', note: 'Waiting on infra' }, context),
    );
    expect((await writer().execute(made)).kind).toBe('applied');
    expect(worldTicket(ids.plain).status).toBe('hold');
  });

  it('replied on the website: the handbook note and Pending, in one update', async () => {
    const made = plan(planAction('replied_on_website', sandbox.ticket(ids.community), {}, context));
    expect(await writer().execute(made)).toMatchObject({ kind: 'applied', requests: 1 });
    expect(worldTicket(ids.community).status).toBe('pending');
    const [note] = sandbox.handler.comments(ids.community);
    expect(note?.public).toBe(false);
    expect(note?.body).toMatch(/^Replied on the community page: https:\/\/posthog\.com\/questions\//);
    expect(sandbox.handler.writes()).toHaveLength(1);
  });

  it('assign to me sets the assignee', async () => {
    const made = plan(
      planAction('assign_to_me', sandbox.ticket(ids.plain), {}, { meId: 7_002, assignToMeEnabled: true }),
    );
    expect((await writer().execute(made)).kind).toBe('applied');
    expect(worldTicket(ids.plain).assignee_id).toBe(7_002);
  });

  it('assign to org: the lookup finds the Admin line org, then the requester moves (2 requests)', async () => {
    const ticket = sandbox.ticket(ids.freeEmail);
    const lookup = planOrgLookup(ticket) as OrgLookupPlan;
    const client = writer();
    const found = await client.lookup(lookup);
    if (found.kind !== 'found' || found.result.kind !== 'match') throw new Error(`no match: ${JSON.stringify(found)}`);
    const org = found.result.organization;
    expect(org.name.toLowerCase()).toBe(ticket.orgAssignment?.suggestedOrg?.toLowerCase());
    const made = plan(
      planAction('assign_org', ticket, { organizationId: org.id, organizationName: org.name }, context),
    );
    expect(await client.execute(made)).toMatchObject({ kind: 'applied', requests: 1 });
    expect(worldUser(ticket.requester?.id ?? 0).organization_id).toBe(org.id);
    // The row updates: the ticket's organization follows the requester.
    expect(sandbox.ticket(ids.freeEmail).organization?.id).toBe(org.id);
    expect(sandbox.requests.filter((line) => !line.startsWith('GET /api/v2/tickets'))).toHaveLength(2);
  });

  it('the lookup offers candidates when the name is only a prefix', async () => {
    const ticket = sandbox.ticket(ids.freeEmail);
    const lookup = planOrgLookup(ticket, 'Nor') as OrgLookupPlan;
    const found = await writer().lookup(lookup);
    expect(found).toMatchObject({ kind: 'found', result: { kind: 'candidates' } });
  });
});

describe('safe against others', () => {
  it('a conflict says changed since you looked, and nothing is overwritten', async () => {
    const stale = sandbox.ticket(ids.plain);
    await someoneElseAssigns(ids.plain);
    const statusBefore = worldTicket(ids.plain).status;
    const made = plan(planAction('status', stale, { status: 'solved', note: 'Fixed' }, context));
    const outcome = await writer().execute(made);
    expect(outcome.kind).toBe('conflict');
    expect(outcome.message).toMatch(/changed since you looked/);
    // The fresh ticket comes back so the row can reload.
    expect((outcome as { current: { ticket: { assignee_id: number } } }).current.ticket.assignee_id).toBe(7_003);
    expect(worldTicket(ids.plain).status).toBe(statusBefore);
    expect(worldTicket(ids.plain).assignee_id).toBe(7_003);
    expect(sandbox.handler.comments(ids.plain)).toEqual([]);
  });

  it('a read-only token: 403 names the permission, and reads still work', async () => {
    const readOnly = { email: SANDBOX_READ_ONLY_ZENDESK.email, token: SANDBOX_READ_ONLY_ZENDESK.token };
    const made = plan(planAction('status', sandbox.ticket(ids.plain), { status: 'pending' }, context));
    const outcome = await writer(readOnly).execute(made);
    expect(outcome).toMatchObject({ kind: 'forbidden', permission: 'your Zendesk role cannot update this ticket' });
    expect(outcome.message).toContain('your Zendesk role cannot update this ticket');
    const user = plan(
      planAction(
        'assign_org',
        sandbox.ticket(ids.freeEmail),
        { organizationId: 9_106, organizationName: 'N' },
        context,
      ),
    );
    expect(await writer(readOnly).execute(user)).toMatchObject({
      kind: 'forbidden',
      permission: 'your Zendesk role cannot edit users',
    });
    expect(sandbox.handler.writes()).toEqual([]);
    const reads = createZendeskClient({ subdomain: 'x', ...readOnly, baseUrl: sandbox.baseUrl, timeoutMs: 3_000 });
    const page = await reads.session().showManyTickets([ids.plain]);
    expect(page.tickets).toHaveLength(1);
  });

  it('a 422 comes back with the field messages', async () => {
    const made = plan(planAction('status', sandbox.ticket(ids.plain), { status: 'pending' }, context));
    const bad = { ...made, requests: [{ ...made.requests[0]!, body: { ticket: { status: 'bogus' } } }] };
    const outcome = await writer().execute(bad);
    expect(outcome).toMatchObject({ kind: 'invalid', fields: [{ field: 'status' }] });
    expect(outcome.message).toMatch(/status bogus is not a valid status/);
  });
});

describe('rate limits', () => {
  it('a 429 is reported with the server wait and nothing applies', async () => {
    sandbox.rateLimitNextWrites(1, 30);
    const made = plan(planAction('status', sandbox.ticket(ids.plain), { status: 'pending' }, context));
    const outcome = await writer().execute(made);
    expect(outcome).toMatchObject({
      kind: 'rate_limited',
      local: false,
      retryAt: new Date(NOW + 30_000).toISOString(),
    });
    expect(sandbox.handler.writes()).toEqual([]);
  });

  it('a huge Retry-After is clamped to an hour', async () => {
    sandbox.rateLimitNextWrites(1, 10 * 24 * 3600);
    const made = plan(planAction('status', sandbox.ticket(ids.plain), { status: 'pending' }, context));
    const outcome = await writer().execute(made);
    expect(outcome).toMatchObject({ kind: 'rate_limited', retryAt: new Date(NOW + 3_600_000).toISOString() });
  });

  it('the local per-ticket budget stops writes before Zendesk has to', async () => {
    const client = writer({ limits: { perTicket: { max: 2, windowMs: 600_000 } } });
    for (const status of ['pending', 'solved'] as const) {
      const made = plan(planAction('status', sandbox.ticket(ids.plain), { status }, context));
      expect((await client.execute(made)).kind).toBe('applied');
      clock.advance(1_000);
    }
    const sent = sandbox.requests.length;
    const third = plan(planAction('status', sandbox.ticket(ids.plain), { status: 'pending' }, context));
    const outcome = await client.execute(third);
    expect(outcome).toMatchObject({ kind: 'rate_limited', local: true, requests: 0 });
    expect(sandbox.requests.length).toBe(sent);
    clock.advance(600_000);
    expect((await client.execute(third)).kind).toBe('applied');
  });

  it('the account budget counts every ticket', async () => {
    const client = writer({ limits: { account: { max: 1, windowMs: 60_000 } } });
    expect(
      (await client.execute(plan(planAction('status', sandbox.ticket(ids.plain), { status: 'pending' }, context))))
        .kind,
    ).toBe('applied');
    const other = plan(planAction('replied_on_website', sandbox.ticket(ids.community), {}, context));
    expect(await client.execute(other)).toMatchObject({ kind: 'rate_limited', local: true });
  });
});

describe('safe against itself', () => {
  it('a connection dropped after the write applied: re-read, applied exactly once', async () => {
    sandbox.dropNextWriteAfterApplying();
    const made = plan(
      planAction('status', sandbox.ticket(ids.plain), { status: 'pending', note: 'Once only' }, context),
    );
    const outcome = await writer().execute(made);
    expect(outcome).toMatchObject({ kind: 'applied', confirmedBy: 'reread' });
    expect(sandbox.handler.writes()).toHaveLength(1);
    expect(sandbox.handler.comments(ids.plain)).toHaveLength(1);
    expect(sandbox.requests.filter((line) => line.startsWith('PUT'))).toHaveLength(1);
  });

  it('a connection dropped before the write applied: re-read, sent again once, applied once', async () => {
    sandbox.dropNextWriteBeforeApplying();
    const made = plan(planAction('replied_on_website', sandbox.ticket(ids.community), {}, context));
    const outcome = await writer().execute(made);
    expect(outcome).toMatchObject({ kind: 'applied', confirmedBy: 'response' });
    expect(sandbox.requests.filter((line) => line.startsWith('PUT'))).toHaveLength(2);
    expect(sandbox.handler.writes()).toHaveLength(1);
    expect(sandbox.handler.comments(ids.community)).toHaveLength(1);
  });

  it('assign to me after a dropped connection is not sent again', async () => {
    sandbox.dropNextWriteAfterApplying();
    const made = plan(planAction('assign_to_me', sandbox.ticket(ids.plain), {}, context));
    expect((await writer().execute(made)).kind).toBe('applied');
    expect(sandbox.handler.writes()).toHaveLength(1);
  });

  it('a dropped connection after a user update: re-read shows the move, applied once', async () => {
    const ticket = sandbox.ticket(ids.freeEmail);
    sandbox.dropNextWriteAfterApplying();
    const made = plan(planAction('assign_org', ticket, { organizationId: 9_106, organizationName: 'N' }, context));
    expect(await writer().execute(made)).toMatchObject({ kind: 'applied', confirmedBy: 'reread' });
    expect(sandbox.handler.writes()).toHaveLength(1);
  });

  it('a double click sends once; a later click on the stale row says it is already done', async () => {
    const client = writer();
    const made = plan(
      planAction('status', sandbox.ticket(ids.plain), { status: 'solved', note: 'Fixed in 1.2' }, context),
    );
    const [first, second] = await Promise.all([client.execute(made), client.execute(made)]);
    expect(first).toEqual(second);
    expect(first.kind).toBe('applied');
    expect(sandbox.handler.writes()).toHaveLength(1);
    const again = await client.execute(made);
    expect(again.kind).toBe('already_applied');
    expect(sandbox.handler.writes()).toHaveLength(1);
    expect(sandbox.handler.comments(ids.plain)).toHaveLength(1);
  });

  it('a different change of the same kind while one is in flight is held back', async () => {
    const client = writer();
    const ticket = sandbox.ticket(ids.plain);
    const first = client.execute(plan(planAction('status', ticket, { status: 'pending' }, context)));
    const second = await client.execute(plan(planAction('status', ticket, { status: 'solved' }, context)));
    expect(second.kind).toBe('busy');
    expect((await first).kind).toBe('applied');
    expect(worldTicket(ids.plain).status).toBe('pending');
  });
});

describe('the action log', () => {
  it('records each action without a token or customer text', async () => {
    const store = memoryStore();
    const log = createActionLog(store);
    const client = writer();
    const note = 'Customer says their API key is phc_SECRET in the EU region';
    const runs: [ActionPlan, string][] = [
      [plan(planAction('status', sandbox.ticket(ids.plain), { status: 'pending', note }, context)), 'status'],
      [plan(planAction('replied_on_website', sandbox.ticket(ids.community), {}, context)), 'replied'],
    ];
    for (const [made] of runs) {
      const outcome = await client.execute(made);
      log.record({
        at: clock.now(),
        action: made.action,
        ticketId: made.ticketId,
        result: outcome.kind,
        summary: made.summary,
        requests: outcome.requests,
      });
    }
    const stale = sandbox.ticket(ids.freeEmail);
    await someoneElseAssigns(ids.freeEmail);
    const conflicted = plan(planAction('status', stale, { status: 'solved' }, context));
    const outcome = await client.execute(conflicted);
    log.record({
      at: clock.now(),
      action: 'status',
      ticketId: stale.id,
      result: outcome.kind,
      summary: conflicted.summary,
      requests: outcome.requests,
    });
    expect(log.entries().map((entry) => [entry.action, entry.ticketId, entry.result])).toEqual([
      ['status', ids.plain, 'applied'],
      ['replied_on_website', ids.community, 'applied'],
      ['status', ids.freeEmail, 'conflict'],
    ]);
    const stored = JSON.stringify(store.get('actionLog'));
    for (const text of [note, 'phc_SECRET', token, 'posthog.com/questions', email, 'Pat Developer']) {
      expect(stored).not.toContain(text);
    }
  });
});
