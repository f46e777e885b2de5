/**
 * Native notifications for alerts. Alerts arriving together (one poll) are shown together: one or two as
 * their own notifications, three or more as one summary, so a morning's backlog does not flood the screen.
 */
import type { Alert } from '../../shared/domain';
import type { LinkOpener, Notifier } from '../core/ports';
import { plainText } from '../core/text';

const TITLE_CHARS = 64;
const BODY_CHARS = 180;
/** From this many alerts at once, one summary replaces them. */
export const SUMMARY_THRESHOLD = 3;

export interface NotificationContent {
  title: string;
  body: string;
  silent: boolean;
}

/** One shown notification; the Electron adapter wraps `new Notification(...)`. */
export interface NotificationHandle {
  onClick(listener: () => void): void;
  show(): void;
}

export type NotificationFactory = (content: NotificationContent) => NotificationHandle;

export interface NotifierOptions {
  create: NotificationFactory;
  links: LinkOpener;
  /** Opens the queue window (a summary's click, or an alert without a link). */
  showQueue: () => void;
  /** Read at delivery time, so a settings change applies to the next notification. */
  sound: () => boolean;
  /** Runs the batch flush after the current burst of `deliver` calls; tests call `flush()` themselves. */
  defer?: (flush: () => void) => void;
  log?: (message: string) => void;
}

/** The summary for a burst of alerts: how many, and the first few titles. */
export function summaryContent(alerts: Alert[]): { title: string; body: string } {
  const shown = alerts.slice(0, 3).map((alert) => `• ${plainText(alert.title, 60)}`);
  const more = alerts.length - shown.length;
  return {
    title: `Support Hero: ${alerts.length} new alerts`,
    body: plainText(shown.join(' ') + (more > 0 ? ` and ${more} more` : ''), BODY_CHARS),
  };
}

/** A Notifier that shows native notifications; clicks open the alert's link through the allow-list. */
export class NativeNotifier implements Notifier {
  private pending: Alert[] = [];
  private flushScheduled = false;
  private readonly defer: (flush: () => void) => void;

  constructor(private readonly options: NotifierOptions) {
    this.defer = options.defer ?? queueMicrotask;
  }

  deliver(alert: Alert): void {
    this.pending.push(alert);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.defer(() => this.flush());
  }

  /** Shows what was delivered since the last flush. */
  flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    if (batch.length >= SUMMARY_THRESHOLD) {
      this.show(summaryContent(batch), () => this.options.showQueue());
      return;
    }
    for (const alert of batch) {
      this.show({ title: plainText(alert.title, TITLE_CHARS), body: plainText(alert.body, BODY_CHARS) }, () =>
        this.openAlert(alert),
      );
    }
  }

  private openAlert(alert: Alert): void {
    if (!alert.url) {
      this.options.showQueue();
      return;
    }
    this.options.links.open(alert.url).catch((error: unknown) => {
      this.options.log?.(`Could not open the alert's link: ${error instanceof Error ? error.name : 'error'}`);
    });
  }

  private show(content: { title: string; body: string }, onClick: () => void): void {
    try {
      const notification = this.options.create({ ...content, silent: !this.options.sound() });
      notification.onClick(onClick);
      notification.show();
    } catch (error) {
      // A notification the OS refuses must not stop the poll loop that delivered it.
      this.options.log?.(`Notification failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** Wraps Electron's Notification; keeps each one referenced until clicked or closed so its click still fires. */
export function electronNotificationFactory(
  electron: Pick<typeof import('electron'), 'Notification'>,
): NotificationFactory {
  const alive = new Set<Electron.Notification>();
  return (content) => {
    const notification = new electron.Notification({
      title: content.title,
      body: content.body,
      silent: content.silent,
    });
    alive.add(notification);
    notification.on('close', () => alive.delete(notification));
    return {
      onClick: (listener) => {
        notification.on('click', () => {
          alive.delete(notification);
          listener();
        });
      },
      show: () => notification.show(),
    };
  };
}
