/**
 * The notice channel: things the user should know that are not alerts about their work (a settings file kept
 * aside, a demo ticket with no page, an alert record that cannot be saved). A notice is shown as a native
 * notification and as a banner in the window; it never passes through the AlertCenter, so it is neither
 * recorded in the alert ledger nor folded into an alert summary.
 */
import type { Notice } from '../../shared/ipc';
import { plainText } from '../core/text';
import type { NotificationFactory } from './notifications';

/** Where the app raises notices; the Electron face shows them, tests record them. */
export interface NoticeSink {
  show(notice: Notice): void;
}

/** How many notices stay open at once; the oldest goes first (a banner stack is not a log). */
export const MAX_OPEN_NOTICES = 5;

export interface NoticeBoardOptions {
  /** Native notifications (the same factory alerts use, not the alert notifier). */
  notify: NotificationFactory;
  /** Pushes a notice to the window, if it is there. */
  send: (notice: Notice) => void;
  /** A click on the native notification opens the window, where the banner is. */
  showWindow: () => void;
  /** Read when shown, like alerts: notices are silent when notification sounds are off. */
  sound: () => boolean;
  log?: (message: string) => void;
}

/** The app's NoticeSink: holds the open notices for the window and shows each one natively once. */
export class NoticeBoard implements NoticeSink {
  private open: Notice[] = [];

  constructor(private readonly options: NoticeBoardOptions) {}

  show(notice: Notice): void {
    const shown = { ...notice, title: plainText(notice.title, 64), body: plainText(notice.body, 400) };
    this.open = [...this.open.filter((n) => n.id !== shown.id), shown].slice(-MAX_OPEN_NOTICES);
    this.options.log?.(`Notice (${shown.level}): ${shown.title}`);
    try {
      const notification = this.options.notify({
        title: shown.title,
        body: plainText(shown.body, 180),
        silent: !this.options.sound(),
      });
      notification.onClick(() => this.options.showWindow());
      notification.show();
    } catch (error) {
      // The banner still carries it; a refused notification must not stop what raised the notice.
      this.options.log?.(`Notification failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.options.send(shown);
  }

  /** The notices the user has not dismissed, oldest first. */
  list(): Notice[] {
    return [...this.open];
  }

  dismiss(id: string): void {
    this.open = this.open.filter((n) => n.id !== id);
  }
}
