import { describe, expect, it, vi } from 'vitest';
import { MAX_OPEN_NOTICES, NoticeBoard } from '../../src/main/electron/notices';
import type { NotificationContent } from '../../src/main/electron/notifications';
import type { Notice } from '../../src/shared/ipc';

function setup(options: { sound?: boolean; failing?: boolean } = {}) {
  const shown: NotificationContent[] = [];
  const clicks: (() => void)[] = [];
  const sent: Notice[] = [];
  const log = vi.fn();
  const showWindow = vi.fn();
  const board = new NoticeBoard({
    notify: (content) => {
      if (options.failing) throw new Error('refused by the OS');
      return { onClick: (listener) => clicks.push(listener), show: () => shown.push(content) };
    },
    send: (notice) => sent.push(notice),
    showWindow,
    sound: () => options.sound ?? true,
    log,
  });
  return { board, shown, clicks, sent, log, showWindow };
}

const notice = (id: string, body = 'Something to know'): Notice => ({ id, level: 'info', title: 'Title', body });

describe('NoticeBoard', () => {
  it('shows each notice natively and in the window; a click opens the window', () => {
    const s = setup();
    s.board.show(notice('a'));
    expect(s.shown).toEqual([{ title: 'Title', body: 'Something to know', silent: false }]);
    expect(s.sent).toEqual([notice('a')]);
    s.clicks[0]?.();
    expect(s.showWindow).toHaveBeenCalledTimes(1);
  });

  it('is silent when notification sounds are off', () => {
    const s = setup({ sound: false });
    s.board.show(notice('a'));
    expect(s.shown[0]?.silent).toBe(true);
  });

  it('keeps one open notice per id and at most a few, oldest dropped first; dismissed ones go', () => {
    const s = setup();
    s.board.show(notice('a', 'first'));
    s.board.show(notice('a', 'second'));
    expect(s.board.list()).toEqual([notice('a', 'second')]);
    for (let i = 0; i < MAX_OPEN_NOTICES + 2; i++) s.board.show(notice(`n${i}`));
    expect(s.board.list()).toHaveLength(MAX_OPEN_NOTICES);
    expect(s.board.list()[0]?.id).toBe('n2');
    s.board.dismiss('n2');
    expect(s.board.list().map((n) => n.id)).not.toContain('n2');
  });

  it('still reaches the window when the OS refuses the notification, and says why in the log', () => {
    const s = setup({ failing: true });
    s.board.show(notice('a'));
    expect(s.sent).toEqual([notice('a')]);
    expect(s.log).toHaveBeenCalledWith('Notification failed: refused by the OS');
  });

  it('strips control and bidi characters and bounds the text', () => {
    const s = setup();
    s.board.show({ id: 'x', level: 'warning', title: '\u202Eevil\u202C title', body: 'b'.repeat(1000) });
    expect(s.sent[0]?.title).toBe('evil title');
    expect(Array.from(s.sent[0]?.body ?? '').length).toBeLessThanOrEqual(400);
    expect(Array.from(s.shown[0]?.body ?? '').length).toBeLessThanOrEqual(180);
  });
});
