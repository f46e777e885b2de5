import { describe, expect, it } from 'vitest';
import {
  type ActionPlan,
  type ActionRefusal,
  type ActionTicket,
  isRefusal,
  planAction,
  planOrgLookup,
} from '../../../../src/main/core/actions/catalog';

const STAMP = '2026-11-30T08:35:00.000Z';
const context = { meId: 7_001, assignToMeEnabled: false };

function ticket(overrides: Partial<ActionTicket> = {}): ActionTicket {
  return {
    id: 48_128,
    status: 'open',
    updatedAt: STAMP,
    assigneeId: null,
    requester: { id: 8_004, name: 'Pat Developer' },
    organization: { id: 9_104, name: 'Gmail user - please assign to correct org' },
    moderationUrl: null,
    orgAssignment: { needed: true, suggestedOrg: 'Northwind Robotics' },
    ...overrides,
  };
}

function plan(result: ActionPlan | ActionRefusal): ActionPlan {
  if (isRefusal(result)) throw new Error(`refused: ${result.message}`);
  return result;
}

function refusal(result: ActionPlan | ActionRefusal): ActionRefusal {
  if (!isRefusal(result)) throw new Error('expected a refusal');
  return result;
}

describe('status', () => {
  it('is one conflict-checked ticket update with the note private and no tags', () => {
    const made = plan(planAction('status', ticket(), { status: 'pending', note: '  Waiting on logs  ' }, context));
    expect(made.requests).toEqual([
      {
        method: 'PUT',
        path: '/api/v2/tickets/48128',
        body: {
          ticket: {
            status: 'pending',
            comment: { body: 'Waiting on logs', public: false },
            safe_update: true,
            updated_stamp: STAMP,
          },
        },
      },
    ]);
    expect(made.confirmation).toBe(
      'Set ticket #48128 to Pending and add your internal note (not visible to the customer).',
    );
    expect(made.summary).toBe('status pending with internal note');
    expect(made.summary).not.toContain('logs');
  });

  it('sends no comment without a note, and never tags', () => {
    const made = plan(
      planAction('status', ticket({ tags: ['a'] } as Partial<ActionTicket>), { status: 'solved' }, context),
    );
    const body = made.requests[0]?.body as { ticket: Record<string, unknown> };
    expect(body.ticket).toEqual({ status: 'solved', safe_update: true, updated_stamp: STAMP });
    expect(made.confirmation).toBe('Set ticket #48128 to Solved.');
  });

  it('refuses On-hold without a note, saying it pauses the SLA', () => {
    const refused = refusal(planAction('status', ticket(), { status: 'hold', note: '   ' }, context));
    expect(refused.refused).toBe('note_required');
    expect(refused.message).toMatch(/pauses the SLA/);
    expect(refused.message).toMatch(/sparingly/);
  });

  it('On-hold with a note warns in its confirmation, as the handbook does', () => {
    const made = plan(
      planAction('status', ticket(), { status: 'hold', note: 'Waiting on the ClickHouse team' }, context),
    );
    expect(made.confirmation).toBe(
      'Set ticket #48128 to On-hold and add your internal note (not visible to the customer). On-hold pauses the SLA: use it sparingly.',
    );
  });

  it('refuses a status it does not set, a closed ticket and a ticket without updated_at', () => {
    expect(refusal(planAction('status', ticket(), { status: 'open' as 'pending' }, context)).refused).toBe(
      'bad_params',
    );
    expect(refusal(planAction('status', ticket({ status: 'closed' }), { status: 'pending' }, context)).refused).toBe(
      'closed',
    );
    expect(refusal(planAction('status', ticket({ updatedAt: null }), { status: 'pending' }, context)).refused).toBe(
      'no_stamp',
    );
    expect(
      refusal(planAction('status', ticket(), { status: 'pending', note: 'x'.repeat(10_001) }, context)).refused,
    ).toBe('note_too_long');
  });

  it('verifies the answer: status and the private note must both be there', () => {
    const made = plan(planAction('status', ticket(), { status: 'pending', note: 'n' }, context));
    const note = { type: 'Comment', body: 'n', public: false };
    expect(made.verify({ ticket: { status: 'pending' }, audit: { events: [note] } })).toBeNull();
    // Zendesk ignores what it does not understand and still answers 200.
    expect(made.verify({ ticket: { status: 'open' }, audit: { events: [note] } })).toMatch(/open, not pending/);
    expect(made.verify({ ticket: { status: 'pending' }, audit: { events: [{ ...note, public: true }] } })).toMatch(
      /note/,
    );
    expect(made.verify({})).toMatch(/without the ticket/);
  });

  it('judges a re-read: unchanged stamp is not applied, the change is applied, anything else changed', () => {
    const made = plan(planAction('status', ticket(), { status: 'pending', note: 'n' }, context));
    expect(made.recheck.map((request) => request.path)).toEqual([
      '/api/v2/tickets/48128',
      '/api/v2/tickets/48128/comments?sort_order=desc&per_page=10',
    ]);
    const note = { comments: [{ body: 'n', public: false }] };
    expect(made.judge([{ ticket: { status: 'open', updated_at: '2026-11-30T08:35:00Z' } }, note])).toBe('not_applied');
    expect(made.judge([{ ticket: { status: 'pending', updated_at: '2026-11-30T09:00:00Z' } }, note])).toBe('applied');
    expect(made.judge([{ ticket: { status: 'pending', updated_at: '2026-11-30T09:00:00Z' } }, { comments: [] }])).toBe(
      'changed',
    );
    expect(made.judge([{ ticket: { status: 'solved', updated_at: '2026-11-30T09:00:00Z' } }, note])).toBe('changed');
  });
});

describe('replied_on_website', () => {
  const community = ticket({ moderationUrl: 'https://posthog.com/questions/does-capture-accept-gzip' });

  it('adds the handbook note and sets Pending by default, in one update', () => {
    const made = plan(planAction('replied_on_website', community, {}, context));
    expect(made.requests).toHaveLength(1);
    expect(made.requests[0]?.body).toEqual({
      ticket: {
        status: 'pending',
        comment: {
          body: 'Replied on the community page: https://posthog.com/questions/does-capture-accept-gzip',
          public: false,
        },
        safe_update: true,
        updated_stamp: STAMP,
      },
    });
    expect(made.confirmation).toBe(
      'Add the internal note "Replied on the community page: https://posthog.com/questions/does-capture-accept-gzip" to ticket #48128 and set it to Pending, in one update.',
    );
    expect(made.summary).not.toContain('posthog.com');
  });

  it('sets Solved when chosen, and refuses without a posthog.com question link', () => {
    const solved = plan(planAction('replied_on_website', community, { status: 'solved' }, context));
    expect((solved.requests[0]!.body as { ticket: { status: string } }).ticket.status).toBe('solved');
    expect(refusal(planAction('replied_on_website', ticket(), {}, context)).refused).toBe('no_question_link');
    expect(
      refusal(planAction('replied_on_website', ticket(), { questionUrl: 'https://evil.example/questions/x' }, context))
        .refused,
    ).toBe('no_question_link');
  });
});

describe('assign_to_me', () => {
  it('is off by default (a setting)', () => {
    expect(refusal(planAction('assign_to_me', ticket(), {}, context)).refused).toBe('disabled');
  });

  it('sets the assignee to the token user, conflict-checked', () => {
    const made = plan(planAction('assign_to_me', ticket(), {}, { meId: 7_001, assignToMeEnabled: true }));
    expect(made.requests).toEqual([
      {
        method: 'PUT',
        path: '/api/v2/tickets/48128',
        body: { ticket: { assignee_id: 7_001, safe_update: true, updated_stamp: STAMP } },
      },
    ]);
    expect(made.confirmation).toBe('Assign ticket #48128 to you.');
    expect(made.verify({ ticket: { assignee_id: 7_001 } })).toBeNull();
    expect(made.verify({ ticket: { assignee_id: 7_002 } })).not.toBeNull();
    expect(refusal(planAction('assign_to_me', ticket(), {}, { meId: null, assignToMeEnabled: true })).refused).toBe(
      'no_identity',
    );
  });
});

describe('assign_org', () => {
  it('looks the Admin line organization up with autocomplete', () => {
    const lookup = planOrgLookup(ticket());
    if (isRefusal(lookup)) throw new Error(lookup.message);
    expect(lookup.request).toEqual({
      method: 'GET',
      path: '/api/v2/organizations/autocomplete?name=Northwind+Robotics',
      body: null,
    });
    expect(lookup.read({ organizations: [{ id: 9_106, name: 'Northwind Robotics' }] })).toEqual({
      kind: 'match',
      organization: { id: 9_106, name: 'Northwind Robotics' },
    });
    expect(
      lookup.read({
        organizations: [
          { id: 1, name: 'Northwind Robotics EU' },
          { id: 2, name: 'Northwind Robotics US' },
        ],
      }),
    ).toEqual({
      kind: 'candidates',
      organizations: [
        { id: 1, name: 'Northwind Robotics EU' },
        { id: 2, name: 'Northwind Robotics US' },
      ],
    });
    expect(lookup.read({ organizations: [] })).toEqual({ kind: 'none' });
    expect(lookup.read('garbage')).toEqual({ kind: 'none' });
  });

  it('refuses a lookup without a name or on a ticket not flagged', () => {
    expect(isRefusal(planOrgLookup(ticket({ orgAssignment: { needed: true, suggestedOrg: null } })))).toBe(true);
    expect(isRefusal(planOrgLookup(ticket({ orgAssignment: null })))).toBe(true);
  });

  it('moves the requester with one user update naming both organizations', () => {
    const made = plan(
      planAction('assign_org', ticket(), { organizationId: 9_106, organizationName: 'Northwind Robotics' }, context),
    );
    expect(made.requests).toEqual([
      { method: 'PUT', path: '/api/v2/users/8004', body: { user: { organization_id: 9_106 } } },
    ]);
    expect(made.confirmation).toBe(
      'Move Pat Developer (the requester of ticket #48128) from "Gmail user - please assign to correct org" to the organization "Northwind Robotics".',
    );
    expect(made.forbidden).toBe('your Zendesk role cannot edit users');
    expect(made.updatesTicket).toBe(false);
    expect(made.summary).toBe('requester moved to organization 9106');
    expect(made.verify({ user: { organization_id: 9_106 } })).toBeNull();
    expect(made.verify({ user: { organization_id: 9_104 } })).not.toBeNull();
    expect(made.judge([{ user: { organization_id: 9_104 } }])).toBe('not_applied');
    expect(made.judge([{ user: { organization_id: 9_106 } }])).toBe('applied');
    expect(made.judge([{ user: { organization_id: 1 } }])).toBe('changed');
  });

  it('refuses without a chosen organization or a requester', () => {
    expect(refusal(planAction('assign_org', ticket(), {} as never, context)).refused).toBe('bad_params');
    expect(
      refusal(
        planAction('assign_org', ticket({ requester: null }), { organizationId: 1, organizationName: 'x' }, context),
      ).refused,
    ).toBe('no_requester');
  });
});
