/**
 * Native notifications for alerts: each alert the core delivers is shown as it comes. Whether a burst becomes one
 * summary is the core's decision (AlertCenter folds more than MAX_SEPARATE_ALERTS at once), not this adapter's,
 * so the app and the CLI's `watch` show the same alerts.
 */
import type { Alert } from '../../shared/domain';
import type { LinkOpener, Notifier } from '../core/ports';
import { plainText } from '../core/text';

const TITLE_CHARS = 64;
const BODY_CHARS = 180;

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
  log?: (message: string) => void;
}

/** A Notifier that shows native notifications; clicks open the alert's link through the allow-list. */
export class NativeNotifier implements Notifier {
  constructor(private readonly options: NotifierOptions) {}

  deliver(alert: Alert): void {
    this.show({ title: plainText(alert.title, TITLE_CHARS), body: plainText(alert.body, BODY_CHARS) }, () =>
      this.openAlert(alert),
    );
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
