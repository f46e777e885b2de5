/** What the user must know before trusting the list: demo data, failing or stale sources, paused notifications. */
import { useEffect } from 'react';
import type { Snapshot, SourceHealthView } from '../../shared/domain';
import type { Notice } from '../../shared/ipc';
import { bridge } from '../bridge';
import { formatClock, formatWhen, instant } from '../format';
import { useAppStore } from '../store';

const HALF_DAY = 12 * 3_600_000;

/** "since 09:40" today, "since Sun 18:02" when it has been failing longer. */
function sinceText(health: SourceHealthView, now: number, timeZone: string): string | null {
  const since = instant(health.failingSince);
  if (since === null) return null;
  return `since ${now - since < HALF_DAY ? formatClock(since, timeZone) : formatWhen(since, now, timeZone)}`;
}

/** Banners above the queue, most important first. */
export function Banners({ snapshot }: { snapshot: Snapshot }) {
  const now = useAppStore((s) => s.now);
  const setView = useAppStore((s) => s.setView);
  const announce = useAppStore((s) => s.announce);
  const troubled = (['zendesk', 'pagerduty'] as const)
    .map((name) => snapshot.sources[name])
    .filter((health) => health && (health.state === 'stale' || health.state === 'failing'));
  // A list cut at its page cap is shown, but the user must know the rest is missing.
  const truncated = (['zendesk', 'pagerduty'] as const)
    .map((name) => snapshot.sources[name])
    .filter((health) => health?.truncated === true);
  const pausedUntil = instant(snapshot.notifications.pausedUntil);

  const retry = () => {
    announce('Retrying…');
    bridge()
      .refresh()
      .catch(() => announce('Retry failed'));
  };
  const resume = () => {
    bridge()
      .pauseNotifications({ for: 'resume' })
      .then(() => announce('Notifications resumed'))
      .catch(() => announce('Could not resume notifications'));
  };

  return (
    <div className="banners">
      <NoticeBanners />
      {snapshot.demo ? (
        <section className="banner banner-demo" aria-label="Demo data">
          <p>You are looking at demo data.</p>
          <button type="button" onClick={() => setView('settings')}>
            Connect your accounts
          </button>
        </section>
      ) : null}
      {troubled.map((health) => {
        const label = health.label;
        const since = sinceText(health, now, snapshot.timeZone);
        const lastGood = instant(health.lastSuccessAt);
        return (
          <section
            key={health.source}
            className={`banner banner-${health.state}`}
            role="alert"
            aria-label={`${label} ${health.state === 'stale' ? 'stale' : 'failing'}`}
          >
            <p>
              <strong>{label}</strong>
              {health.state === 'stale' ? ' (showing older data)' : ' is failing'}
              {since ? ` ${since}` : ''}: <bdi>{health.reason}</bdi>
              {lastGood !== null ? (
                <span className="banner-detail">Last good data {formatClock(lastGood, snapshot.timeZone)}</span>
              ) : null}
            </p>
            <button type="button" onClick={retry}>
              Retry
            </button>
          </section>
        );
      })}
      {truncated.map((health) => (
        <section
          key={`${health.source}-truncated`}
          className="banner banner-stale"
          aria-label={`${health.label} list cut short`}
        >
          <p>
            <strong>{health.label}</strong>: the list was cut short at its page cap, so some items are missing.
          </p>
        </section>
      ))}
      {pausedUntil !== null ? (
        <section className="banner banner-paused" aria-label="Notifications paused">
          <p>Notifications paused until {formatWhen(pausedUntil, now, snapshot.timeZone)}.</p>
          <button type="button" onClick={resume}>
            Resume
          </button>
        </section>
      ) : null}
    </div>
  );
}

/**
 * Main's notices (a settings file kept aside, a demo ticket with no page, alerts that cannot be recorded), each
 * until the user dismisses it. Fetched on mount, since main may have raised one before the window loaded.
 */
export function NoticeBanners() {
  const notices = useAppStore((s) => s.notices);
  useEffect(() => {
    const api = bridge();
    const store = useAppStore.getState();
    let live = true;
    const unsubscribe = api.onNotice((notice) => store.addNotices([notice]));
    api
      .getNotices()
      .then((open) => {
        if (live) store.addNotices(open);
      })
      .catch(() => {});
    return () => {
      live = false;
      unsubscribe();
    };
  }, []);
  return (
    <>
      {notices.map((notice) => (
        <NoticeBanner key={notice.id} notice={notice} />
      ))}
    </>
  );
}

/** A warning looks like a stale source, an error like a failing one. */
const NOTICE_LOOK: Record<Notice['level'], string> = { info: '', warning: 'banner-stale', error: 'banner-failing' };

function NoticeBanner({ notice }: { notice: Notice }) {
  const announce = useAppStore((s) => s.announce);
  const dismiss = () => {
    useAppStore.getState().removeNotice(notice.id);
    bridge()
      .dismissNotice(notice.id)
      .catch(() => announce('Could not dismiss the notice'));
  };
  return (
    <section
      className={`banner notice-${notice.level} ${NOTICE_LOOK[notice.level]}`}
      role={notice.level === 'error' ? 'alert' : undefined}
      aria-label={notice.title}
    >
      <p>
        <strong>
          <bdi>{notice.title}</bdi>
        </strong>
        : <bdi>{notice.body}</bdi>
      </p>
      <button type="button" onClick={dismiss} aria-label={`Dismiss: ${notice.title}`}>
        Dismiss
      </button>
    </section>
  );
}
