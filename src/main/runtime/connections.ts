/**
 * One-off calls from the settings page: testing a connection, listing views, organization fields, schedules,
 * Slack channels or user groups to pick from, and reading which workspace a Slack token belongs to before it is
 * saved. Each builds its own source from the request's settings and token, never the engine's.
 */
import type { ServiceName, SourceFailure } from '../../shared/domain';
import { SERVICE_LABEL } from '../../shared/domain';
import type {
  PickerKind,
  PickerListRequest,
  PickerListResponse,
  PickerOption,
  TestConnectionRequest,
  TestConnectionResponse,
} from '../../shared/ipc';
import { PICKER_SERVICE } from '../../shared/ipc';
import type { Settings } from '../../shared/settings';
import { SLACK_TEAM_ID } from '../../shared/slack-ids';
import { connectionFailureSentence, toSourceFailure } from '../core/failures';
import type { Clock, SecretStore } from '../core/ports';
import { hostOf, type SlackIdentity, workspaceMismatch } from '../sources/slack';
import { SourceError } from '../sources/source';
import { pagerdutySourceFor, slackSourceFor, zendeskSourceFor } from './sources';

/** What the one-off calls need: the stored tokens (when none is typed), the clock and the user's zone. */
export interface ConnectionDeps {
  secrets: SecretStore;
  clock: Clock;
  timeZone: () => string;
}

type OneOffSource =
  | { kind: 'zendesk'; source: ReturnType<typeof zendeskSourceFor> }
  | { kind: 'pagerduty'; source: ReturnType<typeof pagerdutySourceFor> }
  | { kind: 'slack'; source: ReturnType<typeof slackSourceFor>; typedToken: boolean };

type OneOffResult<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * The workspace a Slack token acts in, to record with it when it is saved; or why it could not be read (a sentence
 * for the token's field). The settings:save handler (electron/handlers.ts) asks for it through the runtime.
 */
export type SlackBinding =
  | { ok: true; teamId: string; workspaceUrl: string | null; connectedAs: string }
  | { ok: false; message: string };

/** Checks the request's settings and token against the service: "Connected to … as …", or why not. */
export async function testConnection(
  deps: ConnectionDeps,
  request: TestConnectionRequest,
): Promise<TestConnectionResponse> {
  const service: ServiceName =
    request?.service === 'pagerduty' ? 'pagerduty' : request?.service === 'slack' ? 'slack' : 'zendesk';
  const result = await withService(deps, service, request, async (oneOff) => {
    if (oneOff.kind === 'zendesk') {
      const me = await oneOff.source.whoAmI();
      return `Connected to ${request.settings.zendesk.subdomain} as ${describePerson(me.name, me.email)}`;
    }
    if (oneOff.kind === 'slack') {
      const me = await slackIdentity(oneOff, request.settings);
      const connected = `Connected to ${describeWorkspace(me)} as ${me.userName}`;
      const bound = request.settings.slack;
      // A new token for another workspace is fine to test; saving it moves Slack to that workspace.
      if (oneOff.typedToken && bound.teamId !== null && bound.teamId !== me.teamId) {
        return `${connected}; saving this token follows this workspace instead of ${workspaceLabel(bound)}`;
      }
      return connected;
    }
    const me = await oneOff.source.whoAmI();
    return `Connected to PagerDuty as ${describePerson(me.name, me.email)}`;
  });
  return result.ok ? { ok: true, message: result.value } : { ok: false, message: result.message };
}

/** The options of one picker (views, organization fields or schedules), read with the request's settings. */
export async function listPicker(
  deps: ConnectionDeps,
  kind: PickerKind,
  request: PickerListRequest,
): Promise<PickerListResponse> {
  const service = PICKER_SERVICE[kind] ?? 'zendesk';
  let note: string | null = null;
  const result = await withService(deps, service, request, async (oneOff): Promise<PickerOption[]> => {
    if (oneOff.kind === 'slack') {
      // A stored token bound to a workspace lists nothing from another one.
      if (!oneOff.typedToken) await slackIdentity(oneOff, request.settings);
      if (kind === 'slack:usergroups') {
        const groups = await oneOff.source.listUsergroups();
        return groups.map((group) => withDetail(group.id, group.name, group.handle ? `@${group.handle}` : null));
      }
      const { channels, truncated } = await oneOff.source.listChannels();
      if (truncated) note = `Only the first ${channels.length} channels are listed; type an id for any other`;
      return channels.map((channel) => {
        const detail = [channel.isPrivate ? 'private' : null, channel.isMember ? null : 'not a member'].filter(Boolean);
        return withDetail(channel.id, `#${channel.name}`, detail.length > 0 ? detail.join(', ') : null);
      });
    }
    if (oneOff.kind === 'pagerduty') {
      const schedules = await oneOff.source.listSchedules();
      return schedules.map((schedule) => withDetail(schedule.id, schedule.name, schedule.id));
    }
    if (kind === 'zendesk:orgFields') {
      const fields = await oneOff.source.listOrganizationFields();
      return fields.map((field) => withDetail(field.key, field.title, field.key));
    }
    const views = await oneOff.source.listViews();
    return views.map((view) => withDetail(String(view.id), view.title, view.active ? null : 'inactive'));
  });
  if (!result.ok) return { ok: false, message: result.message };
  return note ? { ok: true, options: result.value, note } : { ok: true, options: result.value };
}

/**
 * Which workspace `token` acts in (`auth.test`), for saving it bound to that workspace; a failure comes back as
 * the same sentence a connection test gives.
 */
export async function slackWorkspace(deps: ConnectionDeps, settings: Settings, token: string): Promise<SlackBinding> {
  const result = await withService(deps, 'slack', { settings, token }, async (oneOff) => {
    if (oneOff.kind !== 'slack') throw new Error('not a Slack source');
    return oneOff.source.testConnection();
  });
  if (!result.ok) return { ok: false, message: result.message };
  const me = result.value;
  if (!SLACK_TEAM_ID.test(me.teamId)) {
    return { ok: false, message: 'Slack did not say which workspace this token belongs to: try again' };
  }
  return {
    ok: true,
    teamId: me.teamId,
    workspaceUrl: me.url || null,
    connectedAs: `Connected to ${describeWorkspace(me)} as ${me.userName}`,
  };
}

/**
 * The settings with a stored Slack token that has no workspace recorded (saved before bindings existed) bound to
 * the workspace a good poll saw it act in, as saving a token binds it; null when there is nothing to bind (already
 * bound, no stored token, no good poll yet, or a team id Slack would not send).
 */
export function bindSeenSlackWorkspace(
  settings: Settings,
  seen: { teamId: string; workspaceUrl: string | null } | null,
  secrets: SecretStore,
): Settings | null {
  if (settings.slack.teamId !== null || seen === null || !SLACK_TEAM_ID.test(seen.teamId)) return null;
  if (!secrets.get('slackToken')) return null;
  return { ...settings, slack: { ...settings.slack, teamId: seen.teamId, workspaceUrl: seen.workspaceUrl } };
}

/** Who a Slack source's token acts as; refused when the settings bind Slack to another workspace. */
async function slackIdentity(oneOff: Extract<OneOffSource, { kind: 'slack' }>, settings: Settings) {
  const me = await oneOff.source.testConnection();
  if (!oneOff.typedToken) {
    const wrong = workspaceMismatch(me, settings.slack.teamId, settings.slack.workspaceUrl);
    if (wrong) throw new SourceError(wrong);
  }
  return me;
}

/** "Globex Corp (globex.slack.com)". */
function describeWorkspace(me: SlackIdentity): string {
  const host = hostOf(me.url);
  const name = me.teamName || me.teamId;
  return host ? `${name} (${host})` : name;
}

function workspaceLabel(slack: Settings['slack']): string {
  return (slack.workspaceUrl ? hostOf(slack.workspaceUrl) : null) ?? slack.teamId ?? 'the saved workspace';
}

const SLACK_TOKEN_CODES: Record<string, string> = {
  invalid_auth: 'Slack does not recognise this token (invalid_auth): check that you copied all of it',
  not_authed: 'Slack received no token (not_authed): enter the token again',
  token_revoked: 'This Slack token was revoked (token_revoked): create a new one',
  token_expired:
    'This Slack token has expired (token_expired): tokens with rotation expire every 12 hours; use one without',
  account_inactive: 'The Slack account behind this token is deactivated (account_inactive)',
};

/** What a Slack connection test or picker says went wrong: the Slack code in words, and what to do about it. */
function slackFailureSentence(failure: SourceFailure, settings: Settings, nowMs: number, timeZone: string): string {
  if (failure.kind === 'auth_rejected') {
    const code = /\b(invalid_auth|not_authed|token_revoked|token_expired|account_inactive)\b/.exec(failure.detail)?.[1];
    if (code) return SLACK_TOKEN_CODES[code]!;
    if (failure.detail.includes('missing_scope')) {
      const scope = /lacks the (.+?) scope/.exec(failure.detail)?.[1];
      return scope
        ? `The Slack token lacks the ${scope} scope (missing_scope): add it to the Slack app and install it again`
        : 'The Slack token lacks a scope this needs (missing_scope): check the scopes in the README';
    }
    if (failure.detail.includes('wrong_workspace')) {
      return `Slack: ${failure.detail.replace(/ \(wrong_workspace\)$/, '')} in the settings`;
    }
    // Slack's refusals arrive as HTTP 200, so no status is shown; a 401/403 names its own in the detail.
    return failure.detail.startsWith('Slack refused the token')
      ? `${failure.detail}: check the token`
      : `Slack refused the token: ${failure.detail}`;
  }
  if (failure.kind === 'offline') return 'Could not reach Slack: check your connection';
  return connectionFailureSentence('slack', failure, settings, nowMs, timeZone);
}

/** Runs `call` on a source for `service` built from the request; a failure comes back as a sentence. */
async function withService<T>(
  deps: ConnectionDeps,
  service: ServiceName,
  request: TestConnectionRequest | PickerListRequest,
  call: (source: OneOffSource) => Promise<T>,
): Promise<OneOffResult<T>> {
  const settings = request.settings;
  const token = request.token || deps.secrets.get(SECRET_OF[service]) || null;
  const missing = missingSetup(service, settings, token);
  if (missing) return { ok: false, message: missing };
  const source: OneOffSource =
    service === 'zendesk'
      ? { kind: 'zendesk', source: zendeskSourceFor(settings, token!, deps.clock) }
      : service === 'slack'
        ? // The one-off source reads no channel, so the binding is checked here (slackIdentity), not by the source.
          { kind: 'slack', source: slackSourceFor(unbound(settings), token!, deps.clock), typedToken: !!request.token }
        : { kind: 'pagerduty', source: pagerdutySourceFor(settings, token!, deps.clock) };
  try {
    return { ok: true, value: await call(source) };
  } catch (error) {
    const failure = toSourceFailure(service, error, `${SERVICE_LABEL[service]} gave an answer we could not use`);
    const message =
      service === 'slack'
        ? slackFailureSentence(failure, settings, deps.clock.now(), deps.timeZone())
        : connectionFailureSentence(service, failure, settings, deps.clock.now(), deps.timeZone());
    return { ok: false, message: redact(message, [token!]) };
  }
}

const SECRET_OF = { zendesk: 'zendeskToken', pagerduty: 'pagerdutyToken', slack: 'slackToken' } as const;

function unbound(settings: Settings): Settings {
  return { ...settings, slack: { ...settings.slack, teamId: null } };
}

function withDetail(id: string, label: string, detail: string | null): PickerOption {
  return detail ? { id, label, detail } : { id, label };
}

function describePerson(name: string, email: string | null): string {
  return email && email !== name ? `${name} (${email})` : name;
}

function missingSetup(service: ServiceName, settings: Settings, token: string | null): string | null {
  if (!settings || typeof settings !== 'object') return 'The settings are missing';
  if (service === 'zendesk') {
    if (!settings.zendesk?.subdomain) return 'Enter the Zendesk subdomain first';
    if (!settings.zendesk.email) return 'Enter your Zendesk email first';
    if (!token) return 'Enter a Zendesk API token first';
    return null;
  }
  if (service === 'slack') return token ? null : 'Enter a Slack token first';
  if (!token) return 'Enter a PagerDuty API token first';
  return null;
}

function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
}
