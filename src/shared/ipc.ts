/**
 * The one IPC contract between main and renderer: every channel's name and its request and response types.
 *
 * The renderer only ever receives snapshots and views, and sends intents. It never names a URL to open (main
 * looks the link up in its own snapshot) and never sees a token: secrets go in, "connected as ..." comes out.
 */
import type { NotificationState, ServiceName, Snapshot } from './domain';
import type { PlaybookId } from './playbooks';
import type { SecretName, Settings } from './settings';

export interface SecretStatus {
  /** A token is stored (or held for this run). */
  present: boolean;
  /** Where it lives: encrypted by the OS, this run only, or plain (the user accepted it). */
  storage: 'encrypted' | 'session' | 'plain' | 'none';
  /** "Connected as Ada Lovelace <ada@example.com>" after a successful test or poll, else `null`. */
  connectedAs: string | null;
}

/** Settings as the renderer sees them: never a token. */
export interface SettingsView {
  settings: Settings;
  secrets: Record<SecretName, SecretStatus>;
  /** Whether the OS can encrypt secrets (`safeStorage`); when not, tokens are kept for this run only. */
  encryptionAvailable: boolean;
  /** Running on the demo sandbox because no account is connected. */
  demo: boolean;
  /** A notice for the user, e.g. a corrupt settings file was moved aside. */
  notice: string | null;
}

/** A field-level validation message; `path` is dotted (`zendesk.subdomain`, `secrets.zendeskToken`). */
export interface FieldError {
  path: string;
  message: string;
}

export interface SaveSettingsRequest {
  settings: Settings;
  /** New tokens; omitted or `undefined` keeps the stored one, `''` removes it. */
  secrets?: Partial<Record<SecretName, string>>;
  /** The user accepted plain-text storage where the OS offers no encryption. */
  allowPlainTextSecrets?: boolean;
}

export type SaveSettingsResponse = { ok: true; view: SettingsView } | { ok: false; errors: FieldError[] };

export interface TestConnectionRequest {
  service: ServiceName;
  settings: Settings;
  /** A token typed but not yet saved; otherwise the stored one is used. */
  token?: string;
}

export interface TestConnectionResponse {
  ok: boolean;
  /** "Connected as Ada Lovelace (ada@example.com)" or why it failed, for people. */
  message: string;
}

export interface PickerOption {
  id: string;
  label: string;
  detail?: string;
}

export type PickerListResponse =
  | {
      ok: true;
      options: PickerOption[];
      /** Something to know about the list, e.g. it was cut at its cap. */
      note?: string;
    }
  | { ok: false; message: string };

export interface PickerListRequest {
  settings: Settings;
  token?: string;
}

/** A list the settings can pick from, named like its invoke channel. */
export type PickerKind =
  | 'zendesk:views'
  | 'zendesk:orgFields'
  | 'pagerduty:schedules'
  | 'slack:channels'
  | 'slack:usergroups';

/** The account each picker reads (and whose token it uses). */
export const PICKER_SERVICE: Readonly<Record<PickerKind, ServiceName>> = {
  'zendesk:views': 'zendesk',
  'zendesk:orgFields': 'zendesk',
  'pagerduty:schedules': 'pagerduty',
  'slack:channels': 'slack',
  'slack:usergroups': 'slack',
};

/**
 * Something the user should know that is not an alert about their work: a settings file kept aside, a demo
 * ticket with no page, an alert record that cannot be saved. Never recorded in the alert ledger.
 */
export interface Notice {
  /** Stable per cause (`settings-unreadable`): a repeat replaces the open notice instead of stacking. */
  id: string;
  level: 'info' | 'warning' | 'error';
  title: string;
  body: string;
}

export type PauseRequest = { for: 'hour' } | { for: 'tomorrow' } | { for: 'resume' };

/** The actions a face may ask for on a queue ticket (issue 13); main plans and sends every request. */
export type TicketActionName =
  | 'status'
  | 'replied_on_website'
  | 'assign_org'
  | 'assign_to_me'
  | 'bug_report'
  | 'feature_request'
  | 'playbook';

/** What the user chose in the dialog; each action reads the fields it needs. */
export interface TicketActionParams {
  status?: 'pending' | 'hold' | 'solved';
  /** An internal note (never logged). */
  note?: string;
  /** The community question's page, when the ticket does not name it. */
  questionUrl?: string;
  /** A Zendesk organization id the lookup returned. */
  organizationId?: number;
  playbook?: PlaybookId;
}

export interface TicketActionRequest {
  ticketId: number;
  action: TicketActionName;
  params: TicketActionParams;
}

/** What an action would do, for the confirmation dialog; nothing is sent yet (except an organization lookup). */
export type ActionPlanView =
  | { kind: 'confirm'; confirmation: string; requests: string[] }
  | { kind: 'choose_org'; message: string; candidates: { id: number; name: string }[] }
  | { kind: 'issue_form'; confirmation: string; followUps: string[] }
  | { kind: 'guide'; text: string; playbook: PlaybookView }
  | { kind: 'refused'; message: string };

/** A playbook as the dialog draws it: checkable steps, the warning in bold, templates to copy (never sent). */
export interface PlaybookView {
  id: NonNullable<TicketActionParams['playbook']>;
  title: string;
  warning: string | null;
  steps: { text: string; bold?: boolean; link?: { label: string; url: string } }[];
  templates: { label: string; text: string }[];
}

/** What the dialog offers on a ticket beyond its row flags: settings-gated actions and matching playbooks. */
export interface ActionOffersView {
  /** "Assign to me" is on in the settings (off by default: teams differ). */
  assignToMe: boolean;
  /** Playbooks whose tags or keywords match the ticket, with why. */
  playbooks: { id: NonNullable<TicketActionParams['playbook']>; title: string; reason: string }[];
}

/**
 * What to copy, named: main fills the text itself (the page's own clipboard access is denied, and the page never
 * chooses the text): a playbook template re-filled from the ticket, the team-channel message for a bug report
 * (built from a validated PostHog/posthog issue link), or the handover Markdown.
 */
export type ClipboardRequest =
  | { template: { ticketId: number; playbook: PlaybookId; index: number } }
  | { teamMessage: { issueUrl: string } }
  | { handover: true };

export type ClipboardResponse = { ok: true; copied: string } | { ok: false; message: string };

/** Main asks the window to open the action dialog on a ticket (a tray click); nothing is sent without Confirm. */
export interface ActionPrompt {
  ticketId: number;
  action: TicketActionName;
  params: TicketActionParams;
}

/** How a confirmed action ended: `applied`, `already_applied`, `conflict`, `forbidden`, ... */
export interface ActionRunView {
  result: string;
  message: string;
  /** What a refused write (403) lacked. */
  permission: string | null;
}

/** One action log entry as the window lists it: no note, no customer text. */
export interface ActionLogView {
  at: number;
  action: string;
  /** `null` for a turn action (a swap or an override removal), which names its schedule instead. */
  ticketId: number | null;
  result: string;
  summary: string;
  /** A turn action's schedule name (absent on ticket actions). */
  schedule?: string;
}

/** A teammate on the schedule, as the swap picker offers them. */
export interface SwapTeammateView {
  id: string;
  name: string;
}

/** One schedule of the user's current (else next) turn, with what a swap may pick on it. */
export interface SwapTurnView {
  scheduleId: string;
  scheduleName: string;
  startMs: number;
  endMs: number;
  /** The bounds as local `YYYY-MM-DDTHH:MM` in the app's zone (the range inputs' min and max). */
  from: string;
  to: string;
  /** "Mon 09:00 to Mon 09:00" */
  label: string;
  /** The turn's days not over yet: `date` is `YYYY-MM-DD`, `label` "Tue 09:00 to Wed 09:00". */
  days: { date: string; label: string }[];
  teammates: SwapTeammateView[];
}

export type SwapOptionsView = { ok: true; timeZone: string; turns: SwapTurnView[] } | { ok: false; message: string };

/** A day of the turn, or a range as local wall-clock times in the app's zone (main converts and checks it). */
export type SwapSpanRequest = { kind: 'day'; date: string } | { kind: 'range'; from: string; to: string };

/** Swap part of my turn on a schedule to a teammate (a PagerDuty override; the rotation's order never changes). */
export interface SwapRequest {
  scheduleId: string;
  teammateId: string;
  span: SwapSpanRequest;
}

/** What a swap would do, in words, before anything is sent. */
export type SwapPlanView =
  | { kind: 'confirm'; confirmation: string; requests: string[] }
  | { kind: 'refused'; message: string };

/** One of my upcoming overrides on a schedule. */
export interface OverrideView {
  id: string;
  scheduleId: string;
  /** Who covers. */
  who: string;
  startMs: number;
  endMs: number;
  /** What removing it does, in words (the removal's confirmation). */
  sentence: string;
  /** Who covers the schedule when, in words: what the list shows for it. */
  coverage: string;
  inProgress: boolean;
  /** Made here (or handing over my own shift): the app may remove it. */
  removable: boolean;
}

export type OverridesListView =
  | { ok: true; scheduleId: string; scheduleName: string; overrides: OverrideView[] }
  | { ok: false; message: string };

/** Renderer-to-main calls (`invoke`/`handle`): request and response per channel. */
export interface InvokeChannels {
  /** The latest snapshot, or `null` before the first poll. */
  'snapshot:get': { request: undefined; response: Snapshot | null };
  /** Poll every source now. */
  'snapshot:refresh': { request: undefined; response: undefined };
  /** Open a queue ticket in the browser: the Zendesk ticket, or a community question's moderation page. */
  'ticket:open': { request: { ticketId: number; target: 'ticket' | 'moderation' }; response: undefined };
  /** Open the PagerDuty schedule of the current or next turn. */
  'schedule:open': { request: { scheduleId: string }; response: undefined };
  /** Open a Slack request's thread (main looks the permalink up in its own snapshot). */
  'slack:open': { request: { requestId: string }; response: undefined };
  /** Mark a Slack request done in the app (remembered); the queue drops it at once. */
  'slack:dismiss': { request: { requestId: string }; response: undefined };
  /** The end-of-rotation handover (tiers 1 to 4 still open) as Markdown with links. */
  'handover:markdown': { request: undefined; response: string };
  'notifications:pause': { request: PauseRequest; response: NotificationState };
  'settings:get': { request: undefined; response: SettingsView };
  'settings:save': { request: SaveSettingsRequest; response: SaveSettingsResponse };
  'settings:test': { request: TestConnectionRequest; response: TestConnectionResponse };
  'zendesk:views': { request: PickerListRequest; response: PickerListResponse };
  'zendesk:orgFields': { request: PickerListRequest; response: PickerListResponse };
  'pagerduty:schedules': { request: PickerListRequest; response: PickerListResponse };
  /** The public and private Slack channels the token can see (archived ones left out). */
  'slack:channels': { request: PickerListRequest; response: PickerListResponse };
  /** The Slack workspace's user groups. */
  'slack:usergroups': { request: PickerListRequest; response: PickerListResponse };
  /** Hide the queue window (Escape). */
  'window:hide': { request: undefined; response: undefined };
  /** The notices not dismissed yet (a window that loads after one was raised still shows it). */
  'notices:get': { request: undefined; response: Notice[] };
  /** The user closed a notice's banner. */
  'notice:dismiss': { request: { id: string }; response: undefined };
  /** Plan an action on a queue ticket: the confirmation in words and the requests it would send. */
  'action:plan': { request: TicketActionRequest; response: ActionPlanView };
  /** Send an action the user confirmed (or open the issue form); the row then shows the server's state. */
  'action:run': { request: TicketActionRequest; response: ActionRunView };
  /** The local action log, newest last. */
  'actions:log': { request: undefined; response: ActionLogView[] };
  /** Settings-gated actions and matching playbooks for a queue ticket. */
  'action:offers': { request: { ticketId: number }; response: ActionOffersView };
  /** Copy a playbook template, the team-channel message or the handover; main fills and writes the clipboard. */
  'clipboard:write': { request: ClipboardRequest; response: ClipboardResponse };
  /** The turn a swap may change: its schedules, teammates (fetched by main) and days. */
  'swap:options': { request: undefined; response: SwapOptionsView };
  /** A swap in words and the requests it would send; nothing is sent. */
  'swap:plan': { request: SwapRequest; response: SwapPlanView };
  /** Create the override the user confirmed (once, whatever the clicks and retries). */
  'swap:run': { request: SwapRequest; response: ActionRunView };
  /** My upcoming overrides on a schedule of my turn. */
  'overrides:list': { request: { scheduleId: string }; response: OverridesListView };
  /** Remove one of my listed overrides (an override under way ends now). */
  'override:remove': { request: { scheduleId: string; overrideId: string }; response: ActionRunView };
}

/** Main-to-renderer pushes (`send`/`on`). */
export interface EventChannels {
  'snapshot:changed': Snapshot;
  /** Show a view, e.g. when the tray menu's "Settings" is clicked. */
  'view:show': 'queue' | 'settings';
  /** Settings changed outside the window (e.g. "Start at login" from the tray menu). */
  'settings:changed': SettingsView;
  /** A new notice for the window's banner (also shown as a native notification). */
  'notice:show': Notice;
  /** Open the action dialog on a ticket at an action (from the tray menu). */
  'action:prompt': ActionPrompt;
}

export type InvokeChannel = keyof InvokeChannels;
export type EventChannel = keyof EventChannels;
export type InvokeRequest<C extends InvokeChannel> = InvokeChannels[C]['request'];
export type InvokeResponse<C extends InvokeChannel> = InvokeChannels[C]['response'];
export type EventPayload<C extends EventChannel> = EventChannels[C];

/** Every channel name at run time; the checks below fail to compile if this list and the maps drift apart. */
export const INVOKE_CHANNELS = [
  'snapshot:get',
  'snapshot:refresh',
  'ticket:open',
  'schedule:open',
  'slack:open',
  'slack:dismiss',
  'handover:markdown',
  'notifications:pause',
  'settings:get',
  'settings:save',
  'settings:test',
  'zendesk:views',
  'zendesk:orgFields',
  'pagerduty:schedules',
  'window:hide',
  'notices:get',
  'notice:dismiss',
  'action:plan',
  'action:run',
  'actions:log',
  'slack:channels',
  'slack:usergroups',
  'action:offers',
  'clipboard:write',
  'swap:options',
  'swap:plan',
  'swap:run',
  'overrides:list',
  'override:remove',
] as const satisfies readonly InvokeChannel[];

export const EVENT_CHANNELS = [
  'snapshot:changed',
  'view:show',
  'settings:changed',
  'notice:show',
  'action:prompt',
] as const satisfies readonly EventChannel[];

type Missing<All, Listed> = Exclude<All, Listed>;
type AssertNever<T extends never> = T;
/** Compile-time: every invoke channel is listed (and so has a handler registered from the list). */
export type _EveryInvokeChannelListed = AssertNever<Missing<InvokeChannel, (typeof INVOKE_CHANNELS)[number]>>;
/** Compile-time: every event channel is listed. */
export type _EveryEventChannelListed = AssertNever<Missing<EventChannel, (typeof EVENT_CHANNELS)[number]>>;
/** Compile-time: every channel declares both a request and a response. */
export type _EveryChannelTyped = AssertNever<
  {
    [C in InvokeChannel]: 'request' extends keyof InvokeChannels[C]
      ? 'response' extends keyof InvokeChannels[C]
        ? never
        : C
      : C;
  }[InvokeChannel]
>;
