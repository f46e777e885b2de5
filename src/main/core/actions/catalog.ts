/**
 * The Zendesk ticket actions the handbook asks for, as plans: the confirmation sentence, the exact requests that
 * will be sent (what `--dry-run` prints), how to check the answer, and how to tell after an unknown outcome
 * whether the change is on the server. Pure: no I/O, no clock; the write client executes a plan.
 */
import type { IsoInstant, TicketStatus } from '../../../shared/domain';

/** The named actions a face may ask for on a ticket. */
export type ActionName = 'status' | 'replied_on_website' | 'assign_org' | 'assign_to_me';

export const ACTION_NAMES: readonly ActionName[] = ['status', 'replied_on_website', 'assign_org', 'assign_to_me'];

/** Statuses an agent sets by hand in the handbook's workflows. */
export type SettableStatus = 'pending' | 'hold' | 'solved';

/** One HTTP request exactly as it will be sent; `path` is absolute on the API host (`/api/v2/...`). */
export interface PlannedRequest {
  method: 'GET' | 'PUT';
  path: string;
  /** The JSON body, or `null` for a GET. */
  body: unknown;
}

/** `METHOD /path?query` without the host: how a dialog or a dry run lists a request. */
export function requestLine(request: { method: string; url: string }): string {
  try {
    const url = new URL(request.url);
    return `${request.method} ${url.pathname}${url.search}`;
  } catch {
    return request.method;
  }
}

/** What the catalog needs to know about a ticket: a subset of the snapshot's `Ticket`, so either fits. */
export interface ActionTicket {
  id: number;
  status: TicketStatus;
  /** Zendesk's `updated_at`, sent back as `updated_stamp` so a change made since is refused (409). */
  updatedAt: IsoInstant | null;
  assigneeId: number | null;
  requester: { id: number; name: string } | null;
  organization: { id: number; name: string } | null;
  /** The community question on posthog.com, when the ticket is one. */
  moderationUrl: string | null;
  /** The org named on the `Admin:` line; `organizationId` is PostHog's id (not a Zendesk one) when known. */
  orgAssignment: { needed: true; suggestedOrg: string | null; organizationId?: string | null } | null;
}

/** Who is acting and what the settings allow. */
export interface ActionContext {
  /** The Zendesk user id of the token's user (`/users/me`), for "assign to me". */
  meId: number | null;
  /** "Assign to me" is off unless the team turns it on (the handbook says teams differ). */
  assignToMeEnabled: boolean;
}

/** Parameters per action, as the window, tray or CLI collect them. */
export interface ActionParams {
  status: { status: SettableStatus; note?: string };
  replied_on_website: { status?: 'pending' | 'solved'; questionUrl?: string };
  assign_org: { organizationId: number; organizationName: string };
  assign_to_me: Record<string, never>;
}

/**
 * How the server's state after a write of unknown outcome compares with what was asked: `applied` (it is there),
 * `not_applied` (nothing changed since we looked: safe to send again), `changed` (someone else changed it).
 */
export type RecheckVerdict = 'applied' | 'not_applied' | 'changed';

/** A write ready to confirm and send. */
export interface ActionPlan {
  action: ActionName;
  ticketId: number;
  /** Names the change in words; shown before anything is sent. */
  confirmation: string;
  /** Sent in order, each once. */
  requests: PlannedRequest[];
  /** What a 403 means for this write, in the user's words. */
  forbidden: string;
  /** Counts against Zendesk's per-ticket update limit (ticket updates do; user updates do not). */
  updatesTicket: boolean;
  /** A fixed-vocabulary summary for the action log: never the note text or any customer text. */
  summary: string;
  /** `null` when the last response shows the change; otherwise what differs. */
  verify(responseBody: unknown): string | null;
  /** GETs that show whether the change is on the server, after a timeout or a dropped connection. */
  recheck: PlannedRequest[];
  /** Reads the recheck responses (in `recheck` order). */
  judge(bodies: unknown[]): RecheckVerdict;
}

export type RefusalReason =
  | 'note_required'
  | 'note_too_long'
  | 'no_question_link'
  | 'disabled'
  | 'no_identity'
  | 'no_requester'
  | 'no_stamp'
  | 'closed'
  | 'bad_params';

/** A plan the catalog will not make, with the sentence to show. */
export interface ActionRefusal {
  refused: RefusalReason;
  message: string;
}

/** Zendesk caps a comment at 64 KB; a note this long is a paste gone wrong, not a note. */
export const MAX_NOTE_LENGTH = 10_000;

const STATUS_WORDS: Record<SettableStatus, string> = { pending: 'Pending', hold: 'On-hold', solved: 'Solved' };

/** Makes the plan for one action on one ticket, or says why not. */
export function planAction<A extends ActionName>(
  action: A,
  ticket: ActionTicket,
  params: ActionParams[A],
  context: ActionContext,
): ActionPlan | ActionRefusal {
  if (ticket.status === 'closed') {
    return refuse('closed', `Ticket #${ticket.id} is closed: Zendesk does not allow changes to closed tickets.`);
  }
  switch (action) {
    case 'status':
      return planStatus(ticket, params as ActionParams['status']);
    case 'replied_on_website':
      return planRepliedOnWebsite(ticket, params as ActionParams['replied_on_website']);
    case 'assign_org':
      return planAssignOrg(ticket, params as ActionParams['assign_org']);
    case 'assign_to_me':
      return planAssignToMe(ticket, context);
    default:
      return refuse('bad_params', `There is no action called "${String(action)}".`);
  }
}

/** True when `planAction` refused. */
export function isRefusal<T extends object>(result: T | ActionRefusal): result is ActionRefusal {
  return 'refused' in result;
}

function planStatus(ticket: ActionTicket, params: ActionParams['status']): ActionPlan | ActionRefusal {
  if (!isSettableStatus(params?.status)) {
    return refuse('bad_params', 'Choose Pending, On-hold or Solved.');
  }
  const note = cleanNote(params.note);
  if (typeof note !== 'string' && note !== null) return note;
  if (params.status === 'hold' && note === null) {
    return refuse(
      'note_required',
      'On-hold needs an internal note saying what you are waiting for: it pauses the SLA, so use it sparingly.',
    );
  }
  const stamp = stampOf(ticket);
  if (typeof stamp !== 'string') return stamp;
  const words = STATUS_WORDS[params.status];
  const holdWarning = params.status === 'hold' ? ' On-hold pauses the SLA: use it sparingly.' : '';
  const notePart = note === null ? '' : ' and add your internal note (not visible to the customer)';
  return ticketUpdate(ticket, stamp, {
    action: 'status',
    status: params.status,
    note,
    confirmation: `Set ticket #${ticket.id} to ${words}${notePart}.${holdWarning}`,
    summary: `status ${params.status}${note === null ? '' : ' with internal note'}`,
  });
}

function planRepliedOnWebsite(
  ticket: ActionTicket,
  params: ActionParams['replied_on_website'],
): ActionPlan | ActionRefusal {
  const status = params?.status ?? 'pending';
  if (status !== 'pending' && status !== 'solved') return refuse('bad_params', 'Choose Pending or Solved.');
  const link = params?.questionUrl ?? ticket.moderationUrl;
  if (!link || !isQuestionLink(link)) {
    return refuse(
      'no_question_link',
      `Ticket #${ticket.id} has no posthog.com/questions link to name in the note; paste the question's link.`,
    );
  }
  const stamp = stampOf(ticket);
  if (typeof stamp !== 'string') return stamp;
  const note = `Replied on the community page: ${link}`;
  return ticketUpdate(ticket, stamp, {
    action: 'replied_on_website',
    status,
    note,
    confirmation: `Add the internal note "Replied on the community page: ${link}" to ticket #${ticket.id} and set it to ${STATUS_WORDS[status]}, in one update.`,
    summary: `community reply noted, status ${status}`,
  });
}

function planAssignToMe(ticket: ActionTicket, context: ActionContext): ActionPlan | ActionRefusal {
  if (!context.assignToMeEnabled) {
    return refuse('disabled', '"Assign to me" is turned off in the settings (teams differ; the handbook says so).');
  }
  const meId = context.meId;
  if (meId === null || !Number.isSafeInteger(meId) || meId <= 0) {
    return refuse('no_identity', 'Support Hero does not know your Zendesk user yet; check the Zendesk connection.');
  }
  const stamp = stampOf(ticket);
  if (typeof stamp !== 'string') return stamp;
  const path = ticketPath(ticket.id);
  const body = { ticket: { assignee_id: meId, safe_update: true, updated_stamp: stamp } };
  return {
    action: 'assign_to_me',
    ticketId: ticket.id,
    confirmation: `Assign ticket #${ticket.id} to you.`,
    requests: [{ method: 'PUT', path, body }],
    forbidden: 'your Zendesk role cannot update this ticket',
    updatesTicket: true,
    summary: 'assigned to me',
    verify: (response) => {
      const updated = ticketOf(response);
      if (!updated) return 'Zendesk answered without the ticket';
      return updated.assignee_id === meId ? null : 'the ticket is not assigned to you';
    },
    recheck: [{ method: 'GET', path, body: null }],
    judge: ([read]) => {
      const current = ticketOf(read);
      if (!current) return 'changed';
      if (current.assignee_id === meId) return 'applied';
      return sameInstant(current.updated_at, stamp) ? 'not_applied' : 'changed';
    },
  };
}

function planAssignOrg(ticket: ActionTicket, params: ActionParams['assign_org']): ActionPlan | ActionRefusal {
  const requester = ticket.requester;
  if (!requester || !Number.isSafeInteger(requester.id) || requester.id <= 0) {
    return refuse('no_requester', `Ticket #${ticket.id} has no requester to move.`);
  }
  const orgId = params?.organizationId;
  if (typeof orgId !== 'number' || !Number.isSafeInteger(orgId) || orgId <= 0) {
    return refuse('bad_params', 'Look the organization up and choose one first.');
  }
  const orgName = typeof params.organizationName === 'string' ? params.organizationName : `organization ${orgId}`;
  const path = `/api/v2/users/${requester.id}`;
  const previousOrgId = ticket.organization?.id ?? null;
  const from = ticket.organization ? ` from "${ticket.organization.name}"` : '';
  return {
    action: 'assign_org',
    ticketId: ticket.id,
    confirmation: `Move ${requester.name} (the requester of ticket #${ticket.id})${from} to the organization "${orgName}".`,
    requests: [{ method: 'PUT', path, body: { user: { organization_id: orgId } } }],
    forbidden: 'your Zendesk role cannot edit users',
    updatesTicket: false,
    summary: `requester moved to organization ${orgId}`,
    verify: (response) => {
      const user = recordOf(response, 'user');
      if (!user) return 'Zendesk answered without the user';
      return user.organization_id === orgId ? null : 'the requester is not in the chosen organization';
    },
    recheck: [{ method: 'GET', path, body: null }],
    judge: ([read]) => {
      const user = recordOf(read, 'user');
      if (!user) return 'changed';
      if (user.organization_id === orgId) return 'applied';
      return user.organization_id === previousOrgId ? 'not_applied' : 'changed';
    },
  };
}

/** A status change with an optional internal note, in one conflict-checked ticket update. */
function ticketUpdate(
  ticket: ActionTicket,
  stamp: string,
  spec: { action: ActionName; status: SettableStatus; note: string | null; confirmation: string; summary: string },
): ActionPlan {
  const path = ticketPath(ticket.id);
  const fields: Record<string, unknown> = { status: spec.status };
  // `public` always explicit: otherwise a comment inherits the visibility the ticket was created with.
  if (spec.note !== null) fields.comment = { body: spec.note, public: false };
  // Never `tags`: a ticket PUT with tags replaces them all.
  const body = { ticket: { ...fields, safe_update: true, updated_stamp: stamp } };
  const noteShown = (read: unknown) => spec.note === null || hasPrivateNote(read, spec.note);
  return {
    action: spec.action,
    ticketId: ticket.id,
    confirmation: spec.confirmation,
    requests: [{ method: 'PUT', path, body }],
    forbidden: 'your Zendesk role cannot update this ticket',
    updatesTicket: true,
    summary: spec.summary,
    verify: (response) => {
      const updated = ticketOf(response);
      if (!updated) return 'Zendesk answered without the ticket';
      if (updated.status !== spec.status) return `the ticket is ${String(updated.status)}, not ${spec.status}`;
      if (spec.note !== null && !auditHasNote(response, spec.note)) return 'the internal note is not in the update';
      return null;
    },
    recheck:
      spec.note === null
        ? [{ method: 'GET', path, body: null }]
        : [
            { method: 'GET', path, body: null },
            { method: 'GET', path: `${path}/comments?sort_order=desc&per_page=10`, body: null },
          ],
    judge: ([read, comments]) => {
      const current = ticketOf(read);
      if (!current) return 'changed';
      if (sameInstant(current.updated_at, stamp)) return 'not_applied';
      return current.status === spec.status && noteShown(comments) ? 'applied' : 'changed';
    },
  };
}

/** The org lookup behind "assign to org": one autocomplete request, and how to read its answer. */
export interface OrgLookupPlan {
  /** The name searched for, from the ticket's Admin line. */
  name: string;
  request: PlannedRequest;
  read(responseBody: unknown): OrgLookupResult;
}

/** An exact (case-insensitive) name match, or the candidates to choose from. */
export type OrgLookupResult =
  | { kind: 'match'; organization: { id: number; name: string } }
  | { kind: 'candidates'; organizations: { id: number; name: string }[] }
  | { kind: 'none' };

/** Zendesk's autocomplete needs at least two characters (its docs say "name starts with"). */
const MIN_LOOKUP_LENGTH = 2;
const MAX_CANDIDATES = 10;

/** Plans the organization lookup for a ticket flagged "assign to org", or says why there is none. */
export function planOrgLookup(ticket: ActionTicket, nameOverride?: string): OrgLookupPlan | ActionRefusal {
  const name = (nameOverride ?? ticket.orgAssignment?.suggestedOrg ?? '').trim();
  if (!ticket.orgAssignment && nameOverride === undefined) {
    return refuse('bad_params', `Ticket #${ticket.id} is not flagged "assign to org".`);
  }
  if (name.length < MIN_LOOKUP_LENGTH) {
    return refuse('bad_params', `Ticket #${ticket.id} names no organization on its Admin line; type one to look up.`);
  }
  const query = new URLSearchParams({ name: name.slice(0, 200) });
  return {
    name,
    request: { method: 'GET', path: `/api/v2/organizations/autocomplete?${query.toString()}`, body: null },
    read: (body) => {
      const list = Array.isArray((body as { organizations?: unknown } | null)?.organizations)
        ? ((body as { organizations: unknown[] }).organizations ?? [])
        : [];
      const organizations = list
        .map((item) => recordOf({ item }, 'item'))
        .filter((org): org is Record<string, unknown> => org !== null)
        .filter((org) => Number.isSafeInteger(org.id) && (org.id as number) > 0 && typeof org.name === 'string')
        .map((org) => ({ id: org.id as number, name: org.name as string }))
        .slice(0, MAX_CANDIDATES);
      const wanted = name.toLocaleLowerCase();
      const exact = organizations.filter((org) => org.name.trim().toLocaleLowerCase() === wanted);
      if (exact.length === 1 && exact[0]) return { kind: 'match', organization: exact[0] };
      if (organizations.length === 0) return { kind: 'none' };
      return { kind: 'candidates', organizations };
    },
  };
}

// ------------------------------------------------------------------------------------------------

function refuse(refused: RefusalReason, message: string): ActionRefusal {
  return { refused, message };
}

function isSettableStatus(value: unknown): value is SettableStatus {
  return value === 'pending' || value === 'hold' || value === 'solved';
}

/** The user's note, trimmed; `null` for none; a refusal when it cannot be sent. */
function cleanNote(note: unknown): string | null | ActionRefusal {
  if (note === undefined || note === null) return null;
  if (typeof note !== 'string') return refuse('bad_params', 'The note must be text.');
  const trimmed = note.trim();
  if (trimmed === '') return null;
  if (trimmed.length > MAX_NOTE_LENGTH) {
    return refuse('note_too_long', `The note is longer than ${MAX_NOTE_LENGTH.toLocaleString('en-US')} characters.`);
  }
  return trimmed;
}

function stampOf(ticket: ActionTicket): string | ActionRefusal {
  if (!ticket.updatedAt) {
    return refuse('no_stamp', `Ticket #${ticket.id} has no "updated at" to check against; reload it first.`);
  }
  return ticket.updatedAt;
}

function isQuestionLink(link: string): boolean {
  try {
    const url = new URL(link);
    return (
      url.protocol === 'https:' &&
      (url.hostname === 'posthog.com' || url.hostname === 'www.posthog.com') &&
      url.pathname.startsWith('/questions/') &&
      url.pathname.length > '/questions/'.length &&
      !url.username &&
      !url.password &&
      link.length <= 500
    );
  } catch {
    return false;
  }
}

/** Zendesk writes `...:00Z`, the snapshot `...:00.000Z`: the same instant either way. */
function sameInstant(value: unknown, stamp: string): boolean {
  if (typeof value !== 'string') return false;
  const a = Date.parse(value);
  return Number.isFinite(a) && a === Date.parse(stamp);
}

function ticketPath(id: number): string {
  return `/api/v2/tickets/${id}`;
}

function recordOf(body: unknown, key: string): Record<string, unknown> | null {
  if (typeof body !== 'object' || body === null) return null;
  const value = (body as Record<string, unknown>)[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function ticketOf(body: unknown): Record<string, unknown> | null {
  return recordOf(body, 'ticket');
}

function auditHasNote(response: unknown, note: string): boolean {
  const audit = recordOf(response, 'audit');
  const events = Array.isArray(audit?.events) ? (audit.events as unknown[]) : [];
  return events.some((event) => isPrivateComment(event, note));
}

/** A ticket-comments listing holds our note as a private comment. */
function hasPrivateNote(listing: unknown, note: string): boolean {
  const comments = (listing as { comments?: unknown } | null)?.comments;
  return Array.isArray(comments) && comments.some((comment) => isPrivateComment(comment, note));
}

function isPrivateComment(value: unknown, note: string): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  if (record.type !== undefined && record.type !== 'Comment') return false;
  return record.public === false && typeof record.body === 'string' && record.body.trim() === note;
}
