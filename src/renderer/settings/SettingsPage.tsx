/**
 * Settings: accounts, what to watch, notifications and polling. Tokens are write-only: the page only ever
 * learns whether one is stored and as whom it connected. The form checks what is typed with the same rules as
 * main (src/shared/settings-rules.ts); main validates again on save and its errors land next to fields.
 */
import { useEffect, useState } from 'react';
import type { SettingsView } from '../../shared/ipc';
import { bridge } from '../bridge';
import { useAppStore } from '../store';
import { ActionsSection } from './actions-section';
import { useConnectionTests } from './connection';
import { usePickers } from './pickers';
import { NotificationsSection, PagerDutySection, PollingSection, SettingsNotices, ZendeskSection } from './sections';
import { SlackSection } from './slack-section';
import { useSettingsForm } from './useSettingsForm';

export function SettingsPage() {
  const setView = useAppStore((s) => s.setView);
  const announce = useAppStore((s) => s.announce);
  const [view, setSettingsView] = useState<SettingsView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const api = bridge();
    api
      .getSettings()
      .then((loaded) => live && setSettingsView(loaded))
      .catch(() => live && setLoadError('Could not load the settings'));
    const unsubscribe = api.onSettingsChanged((changed) => setSettingsView(changed));
    return () => {
      live = false;
      unsubscribe();
    };
  }, []);

  if (!view) {
    return (
      <main className="settings-view">
        <div className="state" role="status">
          <p>{loadError ?? 'Loading settings…'}</p>
        </div>
      </main>
    );
  }
  return (
    <SettingsForm
      key={JSON.stringify(view.settings)}
      view={view}
      onSaved={(saved) => {
        setSettingsView(saved);
        announce('Settings saved');
      }}
      onClose={() => setView('queue')}
    />
  );
}

function SettingsForm(props: { view: SettingsView; onSaved(view: SettingsView): void; onClose(): void }) {
  const form = useSettingsForm(props.view, props.onSaved);
  const tests = useConnectionTests(form.oneOffRequest);
  const pickers = usePickers(form.oneOffRequest);

  return (
    <main className="settings-view">
      <div className="settings-head">
        <h1>Settings</h1>
        <button type="button" onClick={props.onClose}>
          Back to queue
        </button>
      </div>
      <form
        className="settings-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void form.save();
        }}
      >
        <SettingsNotices form={form} />
        <ZendeskSection form={form} tests={tests} pickers={pickers} />
        <PagerDutySection form={form} tests={tests} pickers={pickers} />
        <SlackSection form={form} tests={tests} pickers={pickers} />
        <NotificationsSection form={form} />
        <PollingSection form={form} />
        <ActionsSection form={form} />
        <div className="settings-actions">
          <button type="submit" className="primary" disabled={form.saving}>
            {form.saving ? 'Saving…' : 'Save'}
          </button>
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
        </div>
      </form>
    </main>
  );
}
