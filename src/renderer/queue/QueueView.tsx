/** The queue window: header, banners, filter, the grouped list (or its empty and loading states), and actions. */
import { useEffect, useRef, useState } from 'react';
import { bridge } from '../bridge';
import { formatWhen, instant } from '../format';
import { useAppStore } from '../store';
import { ActionDialog, ActionLogPanel, useActionDialog } from './ActionDialog';
import { Banners } from './Banners';
import { Handover } from './Handover';
import { Header } from './Header';
import { HowSorted } from './HowSorted';
import { QueueList } from './QueueList';

export function QueueView() {
  const snapshot = useAppStore((s) => s.snapshot);
  const filter = useAppStore((s) => s.filter);
  const setFilter = useAppStore((s) => s.setFilter);
  const announce = useAppStore((s) => s.announce);
  const now = useAppStore((s) => s.now);
  const filterRef = useRef<HTMLInputElement>(null);
  const [handoverOpen, setHandoverOpen] = useState(false);
  const [sortedOpen, setSortedOpen] = useState(false);
  const actionTicketId = useActionDialog((s) => s.ticketId);
  const actionLogOpen = useActionDialog((s) => s.logOpen);
  const toggleActionLog = useActionDialog((s) => s.toggleLog);
  const closeSorted = () => {
    setSortedOpen(false);
    // Back to the button that opened it, so keyboard users carry on where they were.
    document.getElementById('how-sorted-button')?.focus();
  };

  // `/` jumps to the filter from anywhere in the queue, unless the user is typing somewhere.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
      event.preventDefault();
      filterRef.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (!snapshot) {
    return (
      <main className="queue-view">
        <div className="state state-loading" role="status">
          <div className="spinner" aria-hidden="true" />
          <p>Loading your queue…</p>
        </div>
      </main>
    );
  }

  const zendeskKnown = snapshot.sources.zendesk?.lastSuccessAt != null;
  // Slack requests are rows of the same list: the queue is empty only when there are neither tickets nor requests.
  const rowCount = snapshot.queue.length + (snapshot.requests?.length ?? 0);
  const inboxZero = rowCount === 0 && zendeskKnown;
  const pause = (request: { for: 'hour' } | { for: 'tomorrow' }) => {
    bridge()
      .pauseNotifications(request)
      .then((state) => {
        const until = instant(state.pausedUntil);
        announce(until !== null ? `Notifications paused until ${formatWhen(until, now, snapshot.timeZone)}` : 'Paused');
      })
      .catch(() => announce('Could not pause notifications'));
  };

  return (
    <main className="queue-view">
      <h1 className="sr-only">Support Hero queue</h1>
      <Header snapshot={snapshot} sortedOpen={sortedOpen} onToggleSorted={() => setSortedOpen(!sortedOpen)} />
      {sortedOpen ? <HowSorted assumptions={snapshot.assumptions} onClose={closeSorted} /> : null}
      <Banners snapshot={snapshot} />
      {inboxZero ? (
        <div className="state state-zero" role="status">
          <p className="state-title">Inbox zero</p>
          <p>Nothing in your team's queue. Time for feature work.</p>
        </div>
      ) : rowCount === 0 ? (
        <div className="state state-empty">
          <p>No tickets to show yet.</p>
        </div>
      ) : (
        <>
          <div className="filter-bar">
            <label htmlFor="queue-filter" className="sr-only">
              Filter tickets by subject, organization, requester or id, and Slack requests by author, channel or text
            </label>
            <input
              id="queue-filter"
              ref={filterRef}
              type="search"
              className="filter"
              placeholder="Filter  ( / )"
              value={filter}
              aria-keyshortcuts="/"
              onChange={(event) => setFilter(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Escape' && filter) {
                  event.preventDefault();
                  event.stopPropagation();
                  setFilter('');
                }
              }}
            />
          </div>
          <QueueList snapshot={snapshot} />
        </>
      )}
      {handoverOpen ? <Handover onClose={() => setHandoverOpen(false)} /> : null}
      {actionLogOpen ? <ActionLogPanel onClose={toggleActionLog} /> : null}
      <ActionDialog entry={snapshot.queue.find((entry) => entry.ticket.id === actionTicketId) ?? null} />
      <footer className="footer">
        <button type="button" onClick={() => setHandoverOpen(!handoverOpen)} aria-expanded={handoverOpen}>
          Handover
        </button>
        <button type="button" onClick={toggleActionLog} aria-expanded={actionLogOpen}>
          Action log
        </button>
        {snapshot.notifications.pausedUntil === null ? (
          <>
            <button type="button" onClick={() => pause({ for: 'hour' })}>
              Pause 1h
            </button>
            <button type="button" onClick={() => pause({ for: 'tomorrow' })}>
              Until tomorrow
            </button>
          </>
        ) : null}
      </footer>
    </main>
  );
}
