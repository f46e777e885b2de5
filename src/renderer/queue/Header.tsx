/** Whose turn it is, who is on call now, when the data was fetched, and the refresh button. */
import type { Snapshot } from '../../shared/domain';
import { bridge } from '../bridge';
import { formatClock, instant } from '../format';
import { RefreshIcon, SettingsIcon, SortedIcon } from '../icons';
import { useAppStore } from '../store';
import { describeCounts } from './groups';
import { HOW_SORTED_ID } from './HowSorted';
import { SWAP_BUTTON_ID, SwapTurn, useSwapDialog } from './SwapTurn';

/**
 * What the live region says after a refresh: when, how many Slack requests and tickets (worded as the tier
 * groups word them), and which source is in trouble.
 */
export function refreshSummary(snapshot: Snapshot | null): string {
  if (!snapshot) return 'Refreshed';
  const generated = instant(snapshot.generatedAt);
  const parts = [
    generated !== null ? `Updated ${formatClock(generated, snapshot.timeZone)}` : 'Updated',
    describeCounts(snapshot.requests?.length ?? 0, snapshot.queue.length),
  ];
  for (const health of [snapshot.sources.zendesk, snapshot.sources.pagerduty, snapshot.sources.slack]) {
    if (health && (health.state === 'stale' || health.state === 'failing')) parts.push(health.line);
  }
  return parts.join(' · ');
}

/** The window's top bar. `sortedOpen`/`onToggleSorted` drive the "How this queue is sorted" panel below it. */
export function Header({
  snapshot,
  sortedOpen = false,
  onToggleSorted,
}: {
  snapshot: Snapshot;
  sortedOpen?: boolean;
  onToggleSorted?: () => void;
}) {
  const refreshing = useAppStore((s) => s.refreshing);
  const setRefreshing = useAppStore((s) => s.setRefreshing);
  const setView = useAppStore((s) => s.setView);
  const announce = useAppStore((s) => s.announce);
  const generated = instant(snapshot.generatedAt);
  const swapOpen = useSwapDialog((s) => s.open);
  const setSwapOpen = useSwapDialog((s) => s.setOpen);
  // Only a turn with a known start and end can be handed over in part.
  const turn = snapshot.turn.current ?? snapshot.turn.next;
  const swappable = turn !== null && turn.start !== null && turn.end !== null && turn.scheduleIds.length > 0;

  const refresh = () => {
    setRefreshing(true);
    announce('Refreshing…');
    bridge()
      .refresh()
      .then(() => announce(refreshSummary(useAppStore.getState().snapshot)))
      .catch(() => announce('Refresh failed'))
      .finally(() => setRefreshing(false));
  };

  return (
    <>
      <header className="header">
        <div className="header-top">
          <p className={snapshot.turn.onCall ? 'turn turn-on' : 'turn'}>
            <bdi>{snapshot.turn.line}</bdi>
          </p>
          {swappable ? (
            <button
              id={SWAP_BUTTON_ID}
              type="button"
              className="link-button"
              aria-expanded={swapOpen}
              onClick={() => setSwapOpen(!swapOpen)}
            >
              Swap a turn…
            </button>
          ) : null}
          <button
            type="button"
            className="icon-button"
            onClick={refresh}
            disabled={refreshing}
            aria-label="Refresh now"
            title="Refresh now"
          >
            <RefreshIcon className={refreshing ? 'spin' : undefined} />
          </button>
          {onToggleSorted ? (
            <button
              id="how-sorted-button"
              type="button"
              className="icon-button"
              onClick={onToggleSorted}
              aria-expanded={sortedOpen}
              aria-controls={sortedOpen ? HOW_SORTED_ID : undefined}
              aria-label="How this queue is sorted"
              title="How this queue is sorted"
            >
              <SortedIcon />
            </button>
          ) : null}
          <button
            type="button"
            className="icon-button"
            onClick={() => setView('settings')}
            aria-label="Settings"
            title="Settings"
          >
            <SettingsIcon />
          </button>
        </div>
        {snapshot.turn.onCallNow.length > 0 ? (
          <ul className="oncall-now" aria-label="On call now">
            {snapshot.turn.onCallNow.map((who) => (
              <li key={`${who.scheduleId ?? who.scheduleName}-${who.userName}`}>
                <bdi className="oncall-schedule">{who.scheduleName}</bdi>
                {': '}
                <bdi className="oncall-person">{who.userName}</bdi>
                {who.isMe ? ' (you)' : ''}
              </li>
            ))}
          </ul>
        ) : null}
        <p className="updated">
          {generated !== null ? `Updated ${formatClock(generated, snapshot.timeZone)}` : 'Not updated yet'}
          {snapshot.notifications.quietHours && snapshot.notifications.pausedUntil === null
            ? ` · Outside working hours: ${snapshot.notifications.held} ${
                snapshot.notifications.held === 1 ? 'alert' : 'alerts'
              } held for the morning`
            : ''}
        </p>
      </header>
      {swappable ? <SwapTurn /> : null}
    </>
  );
}
