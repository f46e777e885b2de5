/**
 * What opening the action dialog costs at the server: one read of the ticket (its first comment, for playbook
 * matching), kept while the ticket is unchanged so the playbook or issue form chosen next reads nothing more.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionsService } from '../../../src/main/runtime/actions';
import type { Ticket } from '../../../src/shared/domain';
import { ticket } from '../../main/fixtures';
import { actionsServiceOver, demoTicketIds, startWriteSandbox, type WriteSandbox } from '../../support/write-sandbox';

const NOW = Date.parse('2026-11-30T09:00:00Z');

let sandbox: WriteSandbox;
let tickets: Ticket[];
let service: ActionsService;
let id: number;

beforeEach(async () => {
  sandbox = await startWriteSandbox(() => NOW);
  id = demoTicketIds(sandbox.world).plain;
  tickets = [ticket(id, { updatedAt: '2026-11-30T08:00:00.000Z' })];
  service = actionsServiceOver(sandbox, () => tickets, NOW);
});

afterEach(async () => {
  await sandbox.close();
});

const ticketReads = () => sandbox.requests.filter((line) => line === `GET /api/v2/tickets/${id}.json`).length;

describe('reads behind the action dialog', () => {
  it('opening costs one ticket read; the playbook and the issue form chosen next reuse it', async () => {
    await service.offers(id);
    expect(sandbox.requests).toEqual([`GET /api/v2/tickets/${id}.json`]);
    await service.playbook(id, 'two_factor_removal');
    await service.issueForm(id, 'bug');
    await service.offers(id);
    expect(ticketReads()).toBe(1);
    // Only the agent's name is new (once, for the playbook's signature).
    expect(sandbox.requests.filter((line) => line !== `GET /api/v2/tickets/${id}.json`)).toEqual([
      'GET /api/v2/users/me',
    ]);
  });

  it('reads again once a poll shows the ticket changed, or for another ticket', async () => {
    await service.offers(id);
    tickets = [ticket(id, { updatedAt: '2026-11-30T08:30:00.000Z' })];
    await service.offers(id);
    expect(ticketReads()).toBe(2);
    const other = demoTicketIds(sandbox.world).community;
    tickets = [...tickets, ticket(other)];
    await service.offers(other);
    await service.offers(id);
    expect(ticketReads()).toBe(3);
  });

  it('keeps no failed read: the next opening tries again', async () => {
    const missing = 999_999_999;
    tickets = [...tickets, ticket(missing)];
    await service.offers(missing);
    await service.offers(missing);
    expect(sandbox.requests.filter((line) => line === `GET /api/v2/tickets/${missing}.json`)).toHaveLength(2);
  });
});
