/**
 * What each IPC channel does. Thin: the runtime decides, this only looks things up and hands them over.
 */
import type { NotificationState, ServiceName, Snapshot } from '../../shared/domain';
import type {
  FieldError,
  Notice,
  PauseRequest,
  PickerKind,
  PickerListRequest,
  PickerListResponse,
  SaveSettingsRequest,
  SaveSettingsResponse,
  SecretStatus,
  SettingsView,
  TestConnectionRequest,
  TestConnectionResponse,
} from '../../shared/ipc';
import { INVOKE_CHANNELS, PICKER_SERVICE } from '../../shared/ipc';
import type { SecretName, Settings } from '../../shared/settings';
import { handoverMarkdown } from '../core/handover';
import type { LinkOpener } from '../core/ports';
import { validateSettings } from '../core/settings';
import { ticketLink } from '../core/snapshot';
import type { SlackBinding } from '../runtime/connections';
import { type ActionsFace, type ClipboardWriter, registerActionHandlers } from './action-handlers';
import type { IpcBridge } from './ipc';

/** What the handlers need from the rest of the app (the composition root wires the runtime and stores). */
export interface HandlerDeps {
  snapshot(): Snapshot | null;
  refresh(): Promise<unknown> | unknown;
  pause(request: PauseRequest): NotificationState | Promise<NotificationState>;
  settingsView(): SettingsView;
  /** Persists and applies validated settings. */
  applySettings(settings: Settings): Promise<void> | void;
  secrets: {
    set(name: SecretName, value: string, allowPlainText: boolean): SecretStatus['storage'];
    encryptionAvailable(): boolean;
    /** "Connected to … as …" for a token that just proved it works. */
    setConnectedAs?(name: SecretName, text: string | null): void;
  };
  testConnection(request: TestConnectionRequest): Promise<TestConnectionResponse>;
  /**
   * Which workspace a Slack token acts in (`auth.test`), asked when one is saved so that it is stored bound to
   * that workspace. Absent: tokens are saved unbound (Slack not wired).
   */
  slackWorkspace?(settings: Settings, token: string): Promise<SlackBinding>;
  listPicker(kind: PickerKind, request: PickerListRequest): Promise<PickerListResponse>;
  links: LinkOpener;
  hideWindow(): void;
  /** The open notices (see NoticeBoard). */
  notices: { list(): Notice[]; dismiss(id: string): void };
  /** Ticket actions (issue 13); without it the action channels refuse. */
  actions?: ActionsFace;
  /** Writes the system clipboard for the copy buttons (templates, the team message); absent: copying refuses. */
  clipboard?: ClipboardWriter;
  /** Marks a Slack request done in the app; null when it is not an open request. Absent: Slack not wired. */
  dismissSlack?(requestId: string): unknown;
}

const SECRET_NAMES: SecretName[] = ['zendeskToken', 'pagerdutyToken', 'slackToken'];

/**
 * The window never chooses where a token is sent. The API base URLs (an override for the CLI and tests; the
 * settings page has no field for them) always come from main's current settings, whatever the request says:
 * otherwise a compromised page could point a connection test at its own server and receive the stored token.
 */
export function pinApiAddresses(requested: Settings, current: Settings): Settings {
  return {
    ...requested,
    zendesk: { ...requested.zendesk, baseUrl: current.zendesk.baseUrl },
    pagerduty: { ...requested.pagerduty, baseUrl: current.pagerduty.baseUrl },
    // The workspace a token is bound to (and whose host the link allow-list admits) is main's to record.
    slack: {
      ...requested.slack,
      apiUrl: current.slack.apiUrl,
      teamId: current.slack.teamId,
      workspaceUrl: current.slack.workspaceUrl,
    },
  };
}

/**
 * A stored token belongs to the account it was saved for: the Zendesk subdomain and agent email, the PagerDuty
 * region. Naming another account means typing its token again, so a compromised page cannot send the stored
 * token to an account of its choosing. Returns the secret that would be reused for another account, if any.
 */
export function tokenForAnotherAccount(
  service: ServiceName,
  requested: Settings,
  current: Settings,
): SecretName | null {
  // A Slack token only ever goes to the pinned API base, and it is bound to its workspace (checked on every use).
  if (service === 'slack') return null;
  if (service === 'zendesk') {
    const same =
      requested.zendesk.subdomain.toLowerCase() === current.zendesk.subdomain.toLowerCase() &&
      requested.zendesk.email.toLowerCase() === current.zendesk.email.toLowerCase();
    return same ? null : 'zendeskToken';
  }
  return requested.pagerduty.region === current.pagerduty.region ? null : 'pagerdutyToken';
}

const ACCOUNT_NAMES: Record<SecretName, string> = {
  zendeskToken: 'Zendesk',
  pagerdutyToken: 'PagerDuty',
  slackToken: 'Slack',
};

/**
 * A connection test's or picker's request with its settings validated like a save (so the Zendesk subdomain is a
 * plain label, not `evil.example/#`) and its API addresses pinned; or why it was refused, for people.
 */
export function checkOneOffRequest<R extends TestConnectionRequest | PickerListRequest>(
  deps: Pick<HandlerDeps, 'settingsView'>,
  service: ServiceName,
  request: R,
): { ok: true; request: R } | { ok: false; message: string } {
  const validation = validateSettings(request.settings);
  if (!validation.ok) {
    const first = validation.errors[0];
    return { ok: false, message: `Fix the settings first: ${first ? `${first.path}: ${first.message}` : 'invalid'}` };
  }
  const view = deps.settingsView();
  const reused = request.token ? null : tokenForAnotherAccount(service, validation.settings, view.settings);
  if (reused && view.secrets[reused].present) {
    return {
      ok: false,
      message: `Enter the ${ACCOUNT_NAMES[reused]} API token for this account: the stored one belongs to the saved account`,
    };
  }
  const settings = pinApiAddresses(validation.settings, view.settings);
  return { ok: true, request: { ...request, settings } };
}

/** settings:save: validates, stores the secrets, persists and applies; field errors go back to the form. */
export async function saveSettings(deps: HandlerDeps, request: SaveSettingsRequest): Promise<SaveSettingsResponse> {
  const validation = validateSettings(request.settings);
  if (!validation.ok) return { ok: false, errors: validation.errors };
  const view = deps.settingsView();
  const settings = pinApiAddresses(validation.settings, view.settings);
  const errors: FieldError[] = [];
  for (const service of ['zendesk', 'pagerduty'] as const) {
    const reused = tokenForAnotherAccount(service, settings, view.settings);
    if (reused && view.secrets[reused].present && request.secrets?.[reused] === undefined) {
      errors.push({
        path: `secrets.${reused}`,
        message: `Enter the API token again: the stored one belongs to the ${ACCOUNT_NAMES[reused]} account saved before`,
      });
    }
  }
  for (const name of SECRET_NAMES) {
    const value = request.secrets?.[name];
    if (value === undefined) continue;
    if (value !== '' && value.trim() !== value) {
      errors.push({ path: `secrets.${name}`, message: 'Remove the spaces around the token' });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const slackToken = request.secrets?.slackToken;
  let slackConnectedAs: string | null = null;
  if (slackToken === '') {
    // No token, no workspace: the next token is bound to whichever workspace it belongs to.
    settings.slack = { ...settings.slack, teamId: null, workspaceUrl: null };
  } else if (slackToken !== undefined && deps.slackWorkspace) {
    const binding = await deps.slackWorkspace(settings, slackToken);
    if (!binding.ok) {
      return {
        ok: false,
        errors: [{ path: 'secrets.slackToken', message: `Not saved: ${binding.message}` }],
      };
    }
    settings.slack = { ...settings.slack, teamId: binding.teamId, workspaceUrl: binding.workspaceUrl };
    slackConnectedAs = binding.connectedAs;
  }
  for (const name of SECRET_NAMES) {
    const value = request.secrets?.[name];
    if (value !== undefined) deps.secrets.set(name, value, request.allowPlainTextSecrets === true);
  }
  if (slackConnectedAs) deps.secrets.setConnectedAs?.('slackToken', slackConnectedAs);
  await deps.applySettings(settings);
  return { ok: true, view: deps.settingsView() };
}

/** Registers a handler for every channel of the contract. */
export function registerHandlers(bridge: IpcBridge, deps: HandlerDeps): void {
  bridge.handle('snapshot:get', () => deps.snapshot());
  bridge.handle('snapshot:refresh', async () => {
    await deps.refresh();
    return undefined;
  });
  bridge.handle('ticket:open', async ({ ticketId, target }) => {
    // The renderer names a ticket, never a URL: the link comes from main's own snapshot.
    const url = ticketLink(deps.snapshot(), ticketId, target);
    if (!url)
      throw new Error(
        `Support Hero refused ticket:open: ticket ${ticketId} is not in the queue, or has no ${target} link`,
      );
    await deps.links.open(url);
    return undefined;
  });
  bridge.handle('schedule:open', async ({ scheduleId }) => {
    const turn = deps.snapshot()?.turn;
    const turns = [turn?.current, turn?.next].filter((t) => t != null);
    const known = turns.find((t) => t.scheduleIds.includes(scheduleId) && t.scheduleUrl);
    const url = known?.scheduleUrl ?? null;
    if (!url) throw new Error(`Support Hero refused schedule:open: schedule ${scheduleId} has no link`);
    await deps.links.open(url);
    return undefined;
  });
  bridge.handle('slack:open', async ({ requestId }) => {
    // As for tickets: the renderer names a request, the link comes from main's own (allow-listed) snapshot.
    const url = deps.snapshot()?.requests?.find((entry) => entry.request.id === requestId)?.request.permalink ?? null;
    if (!url) throw new Error(`Support Hero refused slack:open: request ${requestId} is not open, or has no link`);
    await deps.links.open(url);
    return undefined;
  });
  bridge.handle('slack:dismiss', ({ requestId }) => {
    const done = deps.dismissSlack?.(requestId) ?? null;
    if (done === null) throw new Error(`Support Hero refused slack:dismiss: request ${requestId} is not open`);
    return undefined;
  });
  // The same text for showing and for copying: the page names the handover, it never hands main the text.
  const handover = () => {
    const snapshot = deps.snapshot();
    return snapshot ? handoverMarkdown(snapshot) : '';
  };
  bridge.handle('handover:markdown', handover);
  bridge.handle('notifications:pause', (request) => deps.pause(request));
  bridge.handle('settings:get', () => deps.settingsView());
  bridge.handle('settings:save', (request) => saveSettings(deps, request));
  bridge.handle('settings:test', (request) => {
    const checked = checkOneOffRequest(deps, request.service, request);
    return checked.ok ? deps.testConnection(checked.request) : { ok: false, message: checked.message };
  });
  const picker = (kind: PickerKind) => (request: PickerListRequest) => {
    const checked = checkOneOffRequest(deps, PICKER_SERVICE[kind], request);
    return checked.ok ? deps.listPicker(kind, checked.request) : { ok: false as const, message: checked.message };
  };
  bridge.handle('zendesk:views', picker('zendesk:views'));
  bridge.handle('zendesk:orgFields', picker('zendesk:orgFields'));
  bridge.handle('pagerduty:schedules', picker('pagerduty:schedules'));
  bridge.handle('slack:channels', picker('slack:channels'));
  bridge.handle('slack:usergroups', picker('slack:usergroups'));
  bridge.handle('window:hide', () => {
    deps.hideWindow();
    return undefined;
  });
  bridge.handle('notices:get', () => deps.notices.list());
  bridge.handle('notice:dismiss', ({ id }) => {
    deps.notices.dismiss(id);
    return undefined;
  });
  registerActionHandlers(bridge, deps.actions ?? null, deps.links, deps.clipboard ?? null, handover);
  const missing = INVOKE_CHANNELS.filter((channel) => !bridge.registered().includes(channel));
  if (missing.length > 0) throw new Error(`IPC handlers missing for ${missing.join(', ')}`);
}
