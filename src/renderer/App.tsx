/** The window: wires the bridge to the store, ticks the clock, and shows the queue or the settings. */
import { useEffect } from 'react';
import { bridge } from './bridge';
import { useActionPrompts } from './queue/ActionDialog';
import { QueueView } from './queue/QueueView';
import { SettingsPage } from './settings/SettingsPage';
import { useAppStore } from './store';

/** How often countdowns redraw; they show minutes, so a few seconds' lag is invisible. */
export const TICK_MS = 15_000;

export function App() {
  const view = useAppStore((s) => s.view);
  const announcement = useAppStore((s) => s.announcement);
  useActionPrompts();

  useEffect(() => {
    const api = bridge();
    const store = useAppStore.getState();
    let live = true;
    const unsubscribe = api.onSnapshot((snapshot) => store.setSnapshot(snapshot));
    const unsubscribeView = api.onShowView((next) => store.setView(next));
    api
      .getSnapshot()
      .then((snapshot) => {
        // A pushed snapshot may have beaten the first answer; never go back in time.
        if (live && snapshot && !useAppStore.getState().snapshot) store.setSnapshot(snapshot);
      })
      .catch(() => store.announce('Could not reach the app'));
    const timer = window.setInterval(() => useAppStore.getState().setNow(Date.now()), TICK_MS);
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT')) {
        return;
      }
      if (useAppStore.getState().view === 'settings') store.setView('queue');
      else api.hideWindow().catch(() => {});
    };
    window.addEventListener('keydown', onKey);
    return () => {
      live = false;
      unsubscribe();
      unsubscribeView();
      window.clearInterval(timer);
      window.removeEventListener('keydown', onKey);
    };
  }, []);

  return (
    <>
      {view === 'settings' ? <SettingsPage /> : <QueueView />}
      <div className="sr-only" role="status" aria-live="polite" data-testid="live-region">
        {announcement}
      </div>
    </>
  );
}
