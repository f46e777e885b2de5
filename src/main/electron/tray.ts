/**
 * The tray: a function of a small named state, drawn by one `render()`. Setters ignore unchanged values, so a
 * poll that changes nothing redraws nothing (Signal's SystemTrayService habit).
 */
import { join } from 'node:path';
import type { MenuItemConstructorOptions, Rectangle } from 'electron';
import { CONTENT_WARNING_SUBJECT, type QueueEntry, type Snapshot, type TrayState } from '../../shared/domain';
import type { ActionPrompt } from '../../shared/ipc';
import { plainText } from '../core/text';

/** The icon drawn for each look of the tray; `error` also covers stale data. */
export const TRAY_ICON_STATES: readonly TrayState[] = [
  'off_duty',
  'on_duty_clear',
  'needs_attention',
  'breach_imminent',
  'error',
];

/** States drawn monochrome, so macOS gets Template images it tints for light and dark menu bars. */
export const MONOCHROME_TRAY_STATES: readonly TrayState[] = ['off_duty', 'on_duty_clear'];

/** The tray's whole input. */
export interface TrayModel {
  snapshot: Snapshot | null;
  pausedUntil: string | null;
  demo: boolean;
  startAtLogin: boolean;
}

/** What the tray does when its menu is used; the composition root wires these to the runtime and windows. */
export interface TrayActions {
  openTicket(ticketId: number, target: 'ticket' | 'moderation'): void;
  /** Shows the window with the action dialog open on the ticket: writes still wait for its Confirm. */
  promptAction(prompt: ActionPrompt): void;
  toggleWindow(): void;
  showWindow(view: 'queue' | 'settings'): void;
  refresh(): void;
  pause(request: { for: 'hour' } | { for: 'tomorrow' } | { for: 'resume' }): void;
  setStartAtLogin(enabled: boolean): void;
  quit(): void;
}

/** The slice of Electron's Tray the app uses; tests supply a fake, the app wraps a real Tray. */
export interface TrayHandle {
  setImage(file: string): void;
  setToolTip(text: string): void;
  setTitle(text: string): void;
  setMenu(template: MenuItemConstructorOptions[]): void;
  onClick(listener: () => void): void;
  getBounds(): Rectangle;
  destroy(): void;
}

export type TrayFactory = (initialIconFile: string) => TrayHandle;

const MENU_QUEUE_ENTRIES = 5;
const MENU_LABEL_CHARS = 60;

/** The icon to show: stale data looks like an error, whatever the snapshot's state. */
export function trayIconState(snapshot: Snapshot | null): TrayState {
  if (!snapshot) return 'off_duty';
  return snapshot.tray.stale ? 'error' : snapshot.tray.state;
}

/** The icon file for a state; Electron picks the `@2x` sibling itself on high-density screens. */
export function trayIconFile(resourcesDir: string, state: TrayState, platform: NodeJS.Platform): string {
  const template = platform === 'darwin' && MONOCHROME_TRAY_STATES.includes(state) ? 'Template' : '';
  return join(resourcesDir, 'tray', `${state}${template}.png`);
}

/** The menu's turn line: the snapshot's short form ("On duty until Fri 17:00"), or a wait before the first one. */
export function turnLine(snapshot: Snapshot | null): string {
  return snapshot ? snapshot.turn.short : 'Checking PagerDuty…';
}

function queueLabel(entry: QueueEntry): string {
  if (entry.flags.includes('content_warning')) return `#${entry.ticket.id} ${CONTENT_WARNING_SUBJECT}`;
  const label = plainText(
    `#${entry.ticket.id} ${plainText(entry.ticket.subject, MENU_LABEL_CHARS)}`,
    MENU_LABEL_CHARS + 8,
  );
  // Menus read a single `&` as a keyboard mnemonic ("R&D" would show as "RD"); `&&` is a literal ampersand.
  return label.replaceAll('&', '&&');
}

/** The tooltip: the snapshot's own line, marked when the app runs the demo or notifications are paused. */
export function trayTooltip(model: TrayModel): string {
  const base = model.snapshot ? plainText(model.snapshot.tray.tooltip, 100) : 'Support Hero: starting…';
  const parts = [model.demo ? `Demo: ${base}` : base];
  if (model.pausedUntil) parts.push('notifications paused');
  return parts.join(' · ');
}

/**
 * A top ticket's common actions. Every write item ends in "…": it opens the window's dialog at that action, where
 * the change is named in words and sent only on Confirm. Nothing is sent from the menu itself.
 */
export function ticketSubmenu(entry: QueueEntry, actions: TrayActions): MenuItemConstructorOptions[] {
  const ticketId = entry.ticket.id;
  const prompt = (action: ActionPrompt['action'], params: ActionPrompt['params']) => () =>
    actions.promptAction({ ticketId, action, params });
  const items: MenuItemConstructorOptions[] = [
    { label: 'Open', click: () => actions.openTicket(ticketId, entry.open.target) },
    { type: 'separator' },
  ];
  if (entry.flags.includes('community')) {
    items.push({ label: 'Replied on the website…', click: prompt('replied_on_website', { status: 'pending' }) });
  }
  if (entry.flags.includes('needs_org')) {
    items.push({ label: 'Assign to organization…', click: prompt('assign_org', {}) });
  }
  items.push(
    { label: 'Pending…', click: prompt('status', { status: 'pending' }) },
    { label: 'Solved…', click: prompt('status', { status: 'solved' }) },
  );
  return items;
}

/** The context menu. Linux app indicators give no click events, so it carries every action. */
export function trayMenu(model: TrayModel, actions: TrayActions): MenuItemConstructorOptions[] {
  const entries = model.snapshot?.queue.slice(0, MENU_QUEUE_ENTRIES) ?? [];
  const queueItems: MenuItemConstructorOptions[] = entries.map((entry) => ({
    label: queueLabel(entry),
    submenu: ticketSubmenu(entry, actions),
  }));
  const requests = model.snapshot?.requests?.length ?? 0;
  if (requests > 0) {
    // Slack requests rank first by default: said first, and opened in the window, where each has its thread link.
    const label = `${requests} Slack ${requests === 1 ? 'request' : 'requests'} from Customer Success`;
    queueItems.unshift({ label, click: () => actions.showWindow('queue') });
  }
  if (model.snapshot && queueItems.length === 0) queueItems.push({ label: 'Queue is clear', enabled: false });
  return [
    { label: model.demo ? `Demo · ${turnLine(model.snapshot)}` : turnLine(model.snapshot), enabled: false },
    { type: 'separator' },
    ...queueItems,
    ...(queueItems.length > 0 ? [{ type: 'separator' } as const] : []),
    { label: 'Open queue', click: () => actions.showWindow('queue') },
    { label: 'Refresh now', click: () => actions.refresh() },
    {
      label: model.pausedUntil ? 'Notifications paused' : 'Pause notifications',
      submenu: [
        { label: 'For 1 hour', click: () => actions.pause({ for: 'hour' }) },
        { label: 'Until tomorrow', click: () => actions.pause({ for: 'tomorrow' }) },
        { label: 'Resume', enabled: model.pausedUntil !== null, click: () => actions.pause({ for: 'resume' }) },
      ],
    },
    { label: 'Settings…', click: () => actions.showWindow('settings') },
    {
      label: 'Start at login',
      type: 'checkbox',
      checked: model.startAtLogin,
      click: (item) => actions.setStartAtLogin(item.checked),
    },
    { type: 'separator' },
    { label: 'Quit Support Hero', click: () => actions.quit() },
  ];
}

/** Owns the tray icon: holds the model, redraws only when a setter changed something. */
export class SystemTray {
  private model: TrayModel;
  private readonly handle: TrayHandle;

  constructor(
    factory: TrayFactory,
    private readonly actions: TrayActions,
    private readonly resourcesDir: string,
    private readonly platform: NodeJS.Platform,
    initial: Partial<TrayModel> = {},
  ) {
    this.model = { snapshot: null, pausedUntil: null, demo: false, startAtLogin: false, ...initial };
    this.handle = factory(trayIconFile(resourcesDir, trayIconState(this.model.snapshot), platform));
    // macOS and Windows give clicks; the popover toggles there. Linux indicators only open the menu.
    this.handle.onClick(() => this.actions.toggleWindow());
    this.render();
  }

  setSnapshot(snapshot: Snapshot): void {
    if (this.model.snapshot && sameForTray(this.model.snapshot, snapshot)) return;
    this.update({ snapshot, pausedUntil: snapshot.notifications.pausedUntil });
  }

  setPausedUntil(pausedUntil: string | null): void {
    this.update({ pausedUntil });
  }

  setDemo(demo: boolean): void {
    this.update({ demo });
  }

  setStartAtLogin(startAtLogin: boolean): void {
    this.update({ startAtLogin });
  }

  bounds(): Rectangle {
    return this.handle.getBounds();
  }

  destroy(): void {
    this.handle.destroy();
  }

  private update(patch: Partial<TrayModel>): void {
    const next = { ...this.model, ...patch };
    const changed = (Object.keys(patch) as (keyof TrayModel)[]).some((key) => this.model[key] !== next[key]);
    if (!changed) return;
    this.model = next;
    this.render();
  }

  private render(): void {
    const { snapshot } = this.model;
    this.handle.setImage(trayIconFile(this.resourcesDir, trayIconState(snapshot), this.platform));
    this.handle.setToolTip(trayTooltip(this.model));
    if (this.platform === 'darwin') {
      const badge = snapshot?.tray.badge ?? 0;
      this.handle.setTitle(badge > 0 ? String(badge) : '');
    }
    this.handle.setMenu(trayMenu(this.model, this.actions));
  }
}

/** Snapshots are new objects every poll; only what the tray shows decides whether it redraws. */
function sameForTray(a: Snapshot, b: Snapshot): boolean {
  const visible = (s: Snapshot) =>
    JSON.stringify([
      s.tray,
      s.demo,
      turnLine(s),
      s.notifications.pausedUntil,
      s.queue.slice(0, MENU_QUEUE_ENTRIES).map((e) => [e.ticket.id, e.ticket.subject, e.flags, e.open.target]),
      s.queue.length === 0,
    ]);
  return visible(a) === visible(b);
}

/**
 * Where the popover goes: next to the tray icon, inside the work area (above a bottom taskbar, below a top
 * menu bar, beside a side dock). Pure, so every edge is tested.
 */
export function popoverPosition(
  trayBounds: Rectangle,
  windowSize: { width: number; height: number },
  workArea: Rectangle,
): { x: number; y: number } {
  const gap = 4;
  const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), Math.max(min, max));
  const trayCenterX = trayBounds.x + trayBounds.width / 2;
  const trayCenterY = trayBounds.y + trayBounds.height / 2;
  const maxX = workArea.x + workArea.width - windowSize.width;
  const maxY = workArea.y + workArea.height - windowSize.height;
  // Unknown tray bounds (Linux gives zeros): top-right corner of the work area.
  if (trayBounds.width === 0 && trayBounds.height === 0) {
    return { x: maxX - gap, y: workArea.y + gap };
  }
  const trayLeftOfArea = trayBounds.x + trayBounds.width <= workArea.x;
  const trayRightOfArea = trayBounds.x >= workArea.x + workArea.width;
  if (trayLeftOfArea || trayRightOfArea) {
    const x = trayLeftOfArea ? workArea.x + gap : maxX - gap;
    return { x: Math.round(x), y: Math.round(clamp(trayCenterY - windowSize.height / 2, workArea.y, maxY)) };
  }
  const trayBelowMiddle = trayCenterY > workArea.y + workArea.height / 2;
  const y = trayBelowMiddle ? trayBounds.y - windowSize.height - gap : trayBounds.y + trayBounds.height + gap;
  return {
    x: Math.round(clamp(trayCenterX - windowSize.width / 2, workArea.x, maxX)),
    y: Math.round(clamp(y, workArea.y, maxY)),
  };
}

/** Wraps a real Electron Tray as a TrayHandle. */
export function electronTrayFactory(
  electron: Pick<typeof import('electron'), 'Tray' | 'nativeImage' | 'Menu'>,
): TrayFactory {
  return (initialIconFile) => {
    const tray = new electron.Tray(electron.nativeImage.createFromPath(initialIconFile));
    return {
      setImage: (file) => tray.setImage(electron.nativeImage.createFromPath(file)),
      setToolTip: (text) => tray.setToolTip(text),
      setTitle: (text) => tray.setTitle(text),
      setMenu: (template) => tray.setContextMenu(electron.Menu.buildFromTemplate(template)),
      onClick: (listener) => {
        tray.on('click', listener);
      },
      getBounds: () => tray.getBounds(),
      destroy: () => tray.destroy(),
    };
  };
}
