/**
 * The renderer's whole view of the app: named methods, no `ipcRenderer`, no `process`, no tokens out.
 * `window.supportHero`'s type is derived from this object (`SupportHeroApi`).
 */
import { contextBridge } from 'electron';
import type { Snapshot } from '../shared/domain';
import type {
  ActionPrompt,
  Notice,
  PauseRequest,
  PickerListRequest,
  SaveSettingsRequest,
  SettingsView,
  SwapRequest,
  TestConnectionRequest,
  TicketActionRequest,
} from '../shared/ipc';
import type { PlaybookId } from '../shared/playbooks';
import { invoke, subscribe } from './ipc';

export const api = {
  /** The latest snapshot, or `null` before the first poll. */
  getSnapshot: () => invoke('snapshot:get', undefined),
  /** Ask main to poll every source now. */
  refresh: () => invoke('snapshot:refresh', undefined),
  /** Called with each new snapshot; returns the unsubscribe function. */
  onSnapshot: (listener: (snapshot: Snapshot) => void) => subscribe('snapshot:changed', listener),
  /** Open a queue ticket in the browser (main looks the link up; the page never names a URL). */
  openTicket: (ticketId: number, target: 'ticket' | 'moderation' = 'ticket') =>
    invoke('ticket:open', { ticketId, target }),
  openSchedule: (scheduleId: string) => invoke('schedule:open', { scheduleId }),
  /** Open a Slack request's thread (main looks the permalink up). */
  openSlackRequest: (requestId: string) => invoke('slack:open', { requestId }),
  /** Mark a Slack request done in the app. */
  dismissSlackRequest: (requestId: string) => invoke('slack:dismiss', { requestId }),
  handoverMarkdown: () => invoke('handover:markdown', undefined),
  /** Copy the handover Markdown (main builds it, as for `handoverMarkdown`). */
  copyHandover: () => invoke('clipboard:write', { handover: true }),
  pauseNotifications: (request: PauseRequest) => invoke('notifications:pause', request),
  getSettings: () => invoke('settings:get', undefined),
  saveSettings: (request: SaveSettingsRequest) => invoke('settings:save', request),
  testConnection: (request: TestConnectionRequest) => invoke('settings:test', request),
  listZendeskViews: (request: PickerListRequest) => invoke('zendesk:views', request),
  listOrganizationFields: (request: PickerListRequest) => invoke('zendesk:orgFields', request),
  listPagerDutySchedules: (request: PickerListRequest) => invoke('pagerduty:schedules', request),
  hideWindow: () => invoke('window:hide', undefined),
  onShowView: (listener: (view: 'queue' | 'settings') => void) => subscribe('view:show', listener),
  onSettingsChanged: (listener: (view: SettingsView) => void) => subscribe('settings:changed', listener),
  /** The notices not dismissed yet (raised before the window loaded, too). */
  getNotices: () => invoke('notices:get', undefined),
  /** Called with each new notice; returns the unsubscribe function. */
  onNotice: (listener: (notice: Notice) => void) => subscribe('notice:show', listener),
  /** The user closed a notice's banner; main forgets it. */
  dismissNotice: (id: string) => invoke('notice:dismiss', { id }),
  /** What an action on a ticket would do (the confirmation in words); main builds every request. */
  planAction: (request: TicketActionRequest) => invoke('action:plan', request),
  /** Send an action the user confirmed. */
  runAction: (request: TicketActionRequest) => invoke('action:run', request),
  /** The local action log, newest last. */
  actionLog: () => invoke('actions:log', undefined),
  /** The Slack channels the token can see, for the channel picker. */
  listSlackChannels: (request: PickerListRequest) => invoke('slack:channels', request),
  /** The Slack workspace's user groups, for the Customer Success and team pickers. */
  listSlackUsergroups: (request: PickerListRequest) => invoke('slack:usergroups', request),
  /** Settings-gated actions and the playbooks that match a ticket. */
  actionOffers: (ticketId: number) => invoke('action:offers', { ticketId }),
  /** Copy a playbook template: main re-fills the playbook from the ticket and copies its template `index`. */
  copyTemplate: (ticketId: number, playbook: PlaybookId, index: number) =>
    invoke('clipboard:write', { template: { ticketId, playbook, index } }),
  /** Copy the team-channel message for a filed bug report (main checks the issue link and builds the text). */
  copyTeamMessage: (issueUrl: string) => invoke('clipboard:write', { teamMessage: { issueUrl } }),
  /** Called when main asks to open the action dialog (a tray click); returns the unsubscribe function. */
  onActionPrompt: (listener: (prompt: ActionPrompt) => void) => subscribe('action:prompt', listener),
  /** The turn a swap may change: its schedules, their teammates and days (main asks PagerDuty). */
  swapOptions: () => invoke('swap:options', undefined),
  /** A swap in words before anything is sent. */
  planSwap: (request: SwapRequest) => invoke('swap:plan', request),
  /** Create the override the user confirmed. */
  runSwap: (request: SwapRequest) => invoke('swap:run', request),
  /** My upcoming overrides on a schedule of my turn. */
  listOverrides: (scheduleId: string) => invoke('overrides:list', { scheduleId }),
  /** Remove one of my listed overrides. */
  removeOverride: (scheduleId: string, overrideId: string) => invoke('override:remove', { scheduleId, overrideId }),
};

export type SupportHeroApi = typeof api;

contextBridge.exposeInMainWorld('supportHero', api);
