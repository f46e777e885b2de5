/** Whose turn it is, who is on call now, when the data was fetched, and the refresh button. */
import type { Snapshot, SourceHealth, TurnView } from '../../shared/domain';
import { bridge } from '../bridge';
import { formatClock, formatDuration, formatIn, formatWhen, instant } from '../format';
import { RefreshIcon, SettingsIcon } from '../icons';
import { useAppStore } from '../store';

/**
 * The one-line turn summary of the header. Without PagerDuty data (not connected, or no answer yet) the turn is
 * unknown: saying "not on any selected schedule" then would tell the user they are off duty when they may not be.
 */
export function turnLine(
  turn: TurnView,
  now: number,
  timeZone: string,
  pagerduty: { hasData: boolean; health: SourceHealth | undefined } = { hasData: true, health: undefined },
): string {
  if (!pagerduty.hasData) {
    return pagerduty.health?.failure?.kind === 'not_configured'
      ? 'Turn unknown: PagerDuty is not connected'
      : 'Turn unknown: no answer from PagerDuty yet';
  }
  if (turn.onCall && turn.current) {
    const names = turn.current.scheduleNames.join(', ') || 'your schedule';
    const end = instant(turn.current.end);
    if (end === null) return `On call for ${names}, no end scheduled`;
    return `On call for ${names} until ${formatWhen(end, now, timeZone)} · ${formatDuration(end - now)} left`;
  }
  if (turn.next) {
    const start = instant(turn.next.start);
    if (start !== null) return `Next turn ${formatWhen(start, now, timeZone)} · ${formatIn(start - now)}`;
    return 'Next turn soon';
  }
  return 'Not on any selected schedule';
}

/** What the live region says after a refresh: when, how many tickets, and which source is in trouble. */
export function refreshSummary(snapshot: Snapshot | null): string {
  if (!snapshot) return 'Refreshed';
  const generated = instant(snapshot.generatedAt);
  const count = snapshot.queue.length;
  const parts = [
    generated !== null ? `Updated ${formatClock(generated, snapshot.timeZone)}` : 'Updated',
    `${count} ${count === 1 ? 'ticket' : 'tickets'}`,
  ];
  for (const health of [snapshot.sources.zendesk, snapshot.sources.pagerduty]) {
    if (health && (health.state === 'stale' || health.state === 'failing')) {
      parts.push(`${health.source === 'zendesk' ? 'Zendesk' : 'PagerDuty'}: ${health.message}`);
    }
  }
  return parts.join(' · ');
}

/** The window's top bar. */
export function Header({ snapshot }: { snapshot: Snapshot }) {
  const now = useAppStore((s) => s.now);
  const refreshing = useAppStore((s) => s.refreshing);
  const setRefreshing = useAppStore((s) => s.setRefreshing);
  const setView = useAppStore((s) => s.setView);
  const announce = useAppStore((s) => s.announce);
  const generated = instant(snapshot.generatedAt);

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
    <header className="header">
      <div className="header-top">
        <p className={snapshot.turn.onCall ? 'turn turn-on' : 'turn'}>
          <bdi>
            {turnLine(snapshot.turn, now, snapshot.timeZone, {
              // `me` comes with PagerDuty's data: without it there is no turn to show.
              hasData: snapshot.me !== null,
              health: snapshot.sources?.pagerduty,
            })}
          </bdi>
        </p>
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
  );
}
