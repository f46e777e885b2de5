/**
 * Settings: accounts, what to watch, notifications and polling. Tokens are write-only: the page only ever
 * learns whether one is stored and as whom it connected. Main validates on save; errors land next to fields.
 */
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import type { ServiceName } from '../../shared/domain';
import type {
  FieldError,
  PickerListResponse,
  PickerOption,
  SettingsView,
  TestConnectionResponse,
} from '../../shared/ipc';
import type { SecretName, Settings } from '../../shared/settings';
import { bridge } from '../bridge';
import { useAppStore } from '../store';
import { clientErrors, type DraftText, parseMinutes, splitList } from './validation';

type PickerKind = 'views' | 'orgFields' | 'schedules';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Which known field an error belongs to: its own path, or the nearest listed parent (`a.b.0` -> `a.b`). */
export function fieldFor(path: string, known: readonly string[]): string | null {
  let candidate = path;
  while (candidate) {
    if (known.includes(candidate)) return candidate;
    const cut = candidate.lastIndexOf('.');
    if (cut < 0) return null;
    candidate = candidate.slice(0, cut);
  }
  return null;
}

const FIELDS = [
  'zendesk.subdomain',
  'zendesk.email',
  'secrets.zendeskToken',
  'zendesk.viewIds',
  'zendesk.escalationTags',
  'zendesk.customerSuccessTags',
  'zendesk.orgFields.plan',
  'zendesk.orgFields.mrr',
  'zendesk.orgFields.contentWarning',
  'secrets.pagerdutyToken',
  'pagerduty.region',
  'pagerduty.scheduleIds',
  'pagerduty.userEmail',
  'notifications.turnLeadMinutes',
  'notifications.slaWarningMinutes',
  'notifications.workingHours.days',
  'notifications.workingHours.start',
  'notifications.workingHours.end',
  'polling.zendeskSeconds',
  'polling.pagerdutySeconds',
] as const;

function textOf(settings: Settings): DraftText & { escalationTags: string; customerSuccessTags: string } {
  return {
    subdomain: settings.zendesk.subdomain,
    email: settings.zendesk.email,
    userEmail: settings.pagerduty.userEmail ?? '',
    turnLeadMinutes: settings.notifications.turnLeadMinutes.join(', '),
    slaWarningMinutes: settings.notifications.slaWarningMinutes.join(', '),
    zendeskSeconds: String(settings.polling.zendeskSeconds),
    pagerdutySeconds: String(settings.polling.pagerdutySeconds),
    start: settings.notifications.workingHours.start,
    end: settings.notifications.workingHours.end,
    escalationTags: settings.zendesk.escalationTags.join(', '),
    customerSuccessTags: settings.zendesk.customerSuccessTags.join(', '),
  };
}

function Field(props: {
  path: string;
  label: string;
  error: string | undefined;
  hint?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className={props.error ? 'field field-invalid' : 'field'}>
      <label htmlFor={`f-${props.path}`}>{props.label}</label>
      {props.children}
      {props.hint ? (
        <p className="field-hint" id={`h-${props.path}`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p className="field-error" id={`e-${props.path}`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/** Props that tie an input to its label, hint and error. */
function inputProps(path: string, error: string | undefined, hint = false) {
  const described = [hint ? `h-${path}` : '', error ? `e-${path}` : ''].filter(Boolean).join(' ');
  return {
    id: `f-${path}`,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': described || undefined,
  };
}

function tokenHint(view: SettingsView, name: SecretName): string {
  const status = view.secrets[name];
  if (!status?.present) return 'No token stored.';
  const where =
    status.storage === 'encrypted'
      ? 'stored encrypted'
      : status.storage === 'session'
        ? 'kept for this run only'
        : status.storage === 'plain'
          ? 'stored in plain text'
          : 'stored';
  return `A token is ${where}${status.connectedAs ? `; ${status.connectedAs}` : ''}. Type a new one to replace it.`;
}

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
  const { view } = props;
  const [draft, setDraft] = useState<Settings>(() => structuredClone(view.settings));
  const [text, setText] = useState(() => textOf(view.settings));
  const [tokens, setTokens] = useState<Record<SecretName, string>>({ zendeskToken: '', pagerdutyToken: '' });
  const [allowPlain, setAllowPlain] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldError[]>([]);
  const [touched, setTouched] = useState(false);
  const [saving, setSaving] = useState(false);
  const [tests, setTests] = useState<Partial<Record<ServiceName, TestConnectionResponse | 'pending'>>>({});
  const [pickers, setPickers] = useState<Partial<Record<PickerKind, PickerListResponse | 'pending'>>>({});

  const local = useMemo(() => clientErrors(text), [text]);
  const errors = useMemo(() => {
    const byField: Record<string, string> = {};
    const unplaced: string[] = [];
    for (const error of [...(touched ? local : []), ...serverErrors]) {
      const field = fieldFor(error.path, FIELDS);
      if (field) byField[field] ??= error.message;
      else unplaced.push(error.path ? `${error.path}: ${error.message}` : error.message);
    }
    return { byField, unplaced };
  }, [local, serverErrors, touched]);

  /** The draft with the text fields parsed in; what Test, pickers and Save send. */
  const composed = (): Settings => ({
    ...draft,
    zendesk: {
      ...draft.zendesk,
      subdomain: text.subdomain.trim(),
      email: text.email.trim(),
      escalationTags: splitList(text.escalationTags),
      customerSuccessTags: splitList(text.customerSuccessTags),
    },
    pagerduty: { ...draft.pagerduty, userEmail: text.userEmail.trim() || null },
    notifications: {
      ...draft.notifications,
      turnLeadMinutes: parseMinutes(text.turnLeadMinutes) ?? draft.notifications.turnLeadMinutes,
      slaWarningMinutes: parseMinutes(text.slaWarningMinutes) ?? draft.notifications.slaWarningMinutes,
      workingHours: { ...draft.notifications.workingHours, start: text.start, end: text.end },
    },
    polling: {
      ...draft.polling,
      zendeskSeconds: Number(text.zendeskSeconds),
      pagerdutySeconds: Number(text.pagerdutySeconds),
    },
  });

  const edit = (key: keyof typeof text, value: string) => {
    setText((previous) => ({ ...previous, [key]: value }));
    setTouched(true);
    setServerErrors((previous) => previous.filter((error) => fieldFor(error.path, FIELDS) !== pathOfText(key)));
  };

  const save = async () => {
    setTouched(true);
    if (local.length > 0) return;
    setSaving(true);
    const secrets: Partial<Record<SecretName, string>> = {};
    for (const name of ['zendeskToken', 'pagerdutyToken'] as const) if (tokens[name]) secrets[name] = tokens[name];
    try {
      const response = await bridge().saveSettings({
        settings: composed(),
        secrets,
        allowPlainTextSecrets: !view.encryptionAvailable && allowPlain,
      });
      if (response.ok) {
        setServerErrors([]);
        setTokens({ zendeskToken: '', pagerdutyToken: '' });
        props.onSaved(response.view);
      } else {
        setServerErrors(response.errors);
      }
    } catch {
      setServerErrors([{ path: '', message: 'Could not save the settings' }]);
    } finally {
      setSaving(false);
    }
  };

  const test = async (service: ServiceName) => {
    setTests((previous) => ({ ...previous, [service]: 'pending' }));
    const token = tokens[service === 'zendesk' ? 'zendeskToken' : 'pagerdutyToken'];
    try {
      const result = await bridge().testConnection({ service, settings: composed(), ...(token ? { token } : {}) });
      setTests((previous) => ({ ...previous, [service]: result }));
    } catch {
      setTests((previous) => ({ ...previous, [service]: { ok: false, message: 'The test could not run' } }));
    }
  };

  const load = async (kind: PickerKind) => {
    setPickers((previous) => ({ ...previous, [kind]: 'pending' }));
    const api = bridge();
    const token = tokens[kind === 'schedules' ? 'pagerdutyToken' : 'zendeskToken'];
    const request = { settings: composed(), ...(token ? { token } : {}) };
    try {
      const result =
        kind === 'views'
          ? await api.listZendeskViews(request)
          : kind === 'orgFields'
            ? await api.listOrganizationFields(request)
            : await api.listPagerDutySchedules(request);
      setPickers((previous) => ({ ...previous, [kind]: result }));
    } catch {
      setPickers((previous) => ({ ...previous, [kind]: { ok: false, message: 'Could not load the list' } }));
    }
  };

  const err = (path: (typeof FIELDS)[number]) => errors.byField[path];

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
          void save();
        }}
      >
        {view.notice ? (
          <p className="banner banner-notice" role="status">
            <bdi>{view.notice}</bdi>
          </p>
        ) : null}
        {view.demo ? <p className="banner banner-demo">Showing demo data until an account is connected.</p> : null}
        {!view.encryptionAvailable ? (
          <div className="banner banner-stale">
            <p>
              This system cannot encrypt secrets, so tokens are kept for this run only. Tick the box to store them in
              plain text on this computer instead.
            </p>
            <label className="check">
              <input type="checkbox" checked={allowPlain} onChange={(event) => setAllowPlain(event.target.checked)} />
              Store tokens in plain text
            </label>
          </div>
        ) : null}
        {errors.unplaced.length > 0 ? (
          <ul className="error-summary" role="alert">
            {errors.unplaced.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        ) : null}

        <fieldset>
          <legend>Zendesk</legend>
          <Field path="zendesk.subdomain" label="Subdomain" error={err('zendesk.subdomain')} hint="e.g. posthoghelp">
            <input
              {...inputProps('zendesk.subdomain', err('zendesk.subdomain'), true)}
              value={text.subdomain}
              autoComplete="off"
              spellCheck={false}
              onChange={(event) => edit('subdomain', event.target.value)}
            />
          </Field>
          <Field path="zendesk.email" label="Email" error={err('zendesk.email')}>
            <input
              {...inputProps('zendesk.email', err('zendesk.email'))}
              type="email"
              value={text.email}
              onChange={(event) => edit('email', event.target.value)}
            />
          </Field>
          <TokenField
            name="zendeskToken"
            label="Zendesk API token"
            view={view}
            value={tokens.zendeskToken}
            error={err('secrets.zendeskToken')}
            onChange={(value) => setTokens((previous) => ({ ...previous, zendeskToken: value }))}
          />
          <TestResult service="zendesk" result={tests.zendesk} onTest={test} />
          <Picker
            path="zendesk.viewIds"
            label="Team views"
            kind="views"
            state={pickers.views}
            selected={draft.zendesk.viewIds.map(String)}
            error={err('zendesk.viewIds')}
            onLoad={load}
            onChange={(ids) =>
              setDraft((previous) => ({
                ...previous,
                zendesk: { ...previous.zendesk, viewIds: ids.map(Number).filter(Number.isFinite) },
              }))
            }
          />
          <Field
            path="zendesk.escalationTags"
            label="Escalation tags"
            error={err('zendesk.escalationTags')}
            hint="Comma separated"
          >
            <input
              {...inputProps('zendesk.escalationTags', err('zendesk.escalationTags'), true)}
              value={text.escalationTags}
              onChange={(event) => edit('escalationTags', event.target.value)}
            />
          </Field>
          <Field
            path="zendesk.customerSuccessTags"
            label="Customer Success tags"
            error={err('zendesk.customerSuccessTags')}
            hint="Comma separated"
          >
            <input
              {...inputProps('zendesk.customerSuccessTags', err('zendesk.customerSuccessTags'), true)}
              value={text.customerSuccessTags}
              onChange={(event) => edit('customerSuccessTags', event.target.value)}
            />
          </Field>
          <div className="picker-load">
            <button type="button" onClick={() => load('orgFields')}>
              Load organization fields
            </button>
            <PickerStatus state={pickers.orgFields} />
          </div>
          {(['plan', 'mrr', 'contentWarning'] as const).map((key) => {
            const path = `zendesk.orgFields.${key}` as const;
            const options = pickerOptions(pickers.orgFields);
            const label = key === 'plan' ? 'Plan field' : key === 'mrr' ? 'MRR field' : 'Content-warning field';
            return (
              <Field key={key} path={path} label={label} error={err(path)}>
                <select
                  {...inputProps(path, err(path))}
                  value={draft.zendesk.orgFields[key]}
                  onChange={(event) =>
                    setDraft((previous) => ({
                      ...previous,
                      zendesk: {
                        ...previous.zendesk,
                        orgFields: { ...previous.zendesk.orgFields, [key]: event.target.value },
                      },
                    }))
                  }
                >
                  <option value="">(none)</option>
                  {withSelected(options, draft.zendesk.orgFields[key]).map((option) => (
                    <option key={option.id} value={option.id}>
                      {option.label}
                    </option>
                  ))}
                </select>
              </Field>
            );
          })}
        </fieldset>

        <fieldset>
          <legend>PagerDuty</legend>
          <TokenField
            name="pagerdutyToken"
            label="PagerDuty API token"
            view={view}
            value={tokens.pagerdutyToken}
            error={err('secrets.pagerdutyToken')}
            onChange={(value) => setTokens((previous) => ({ ...previous, pagerdutyToken: value }))}
          />
          <Field path="pagerduty.region" label="Region" error={err('pagerduty.region')}>
            <select
              {...inputProps('pagerduty.region', err('pagerduty.region'))}
              value={draft.pagerduty.region}
              onChange={(event) =>
                setDraft((previous) => ({
                  ...previous,
                  pagerduty: { ...previous.pagerduty, region: event.target.value === 'eu' ? 'eu' : 'us' },
                }))
              }
            >
              <option value="us">US</option>
              <option value="eu">EU</option>
            </select>
          </Field>
          <TestResult service="pagerduty" result={tests.pagerduty} onTest={test} />
          <Picker
            path="pagerduty.scheduleIds"
            label="Schedules"
            kind="schedules"
            state={pickers.schedules}
            selected={draft.pagerduty.scheduleIds}
            error={err('pagerduty.scheduleIds')}
            onLoad={load}
            onChange={(ids) =>
              setDraft((previous) => ({ ...previous, pagerduty: { ...previous.pagerduty, scheduleIds: ids } }))
            }
          />
          <Field
            path="pagerduty.userEmail"
            label="Your PagerDuty email"
            error={err('pagerduty.userEmail')}
            hint={
              view.secrets.pagerdutyToken?.connectedAs
                ? `Detected: ${view.secrets.pagerdutyToken.connectedAs}. Only needed for account-level keys.`
                : 'Detected from a personal token; only needed for account-level keys.'
            }
          >
            <input
              {...inputProps('pagerduty.userEmail', err('pagerduty.userEmail'), true)}
              type="email"
              value={text.userEmail}
              onChange={(event) => edit('userEmail', event.target.value)}
            />
          </Field>
        </fieldset>

        <fieldset>
          <legend>Notifications</legend>
          <Field
            path="notifications.turnLeadMinutes"
            label="Turn heads-ups (minutes before)"
            error={err('notifications.turnLeadMinutes')}
            hint="1440 = a day before"
          >
            <input
              {...inputProps('notifications.turnLeadMinutes', err('notifications.turnLeadMinutes'), true)}
              value={text.turnLeadMinutes}
              inputMode="numeric"
              onChange={(event) => edit('turnLeadMinutes', event.target.value)}
            />
          </Field>
          <Field
            path="notifications.slaWarningMinutes"
            label="SLA warnings (minutes before breach)"
            error={err('notifications.slaWarningMinutes')}
            hint="At most 3, e.g. 180, 120, 60"
          >
            <input
              {...inputProps('notifications.slaWarningMinutes', err('notifications.slaWarningMinutes'), true)}
              value={text.slaWarningMinutes}
              inputMode="numeric"
              onChange={(event) => edit('slaWarningMinutes', event.target.value)}
            />
          </Field>
          <fieldset className="inner" aria-describedby={err('notifications.workingHours.days') ? 'e-days' : undefined}>
            <legend>Working days</legend>
            <div className="days">
              {DAYS.map((day, index) => (
                <label key={day} className="check">
                  <input
                    type="checkbox"
                    checked={draft.notifications.workingHours.days.includes(index)}
                    onChange={(event) => {
                      const days = new Set(draft.notifications.workingHours.days);
                      if (event.target.checked) days.add(index);
                      else days.delete(index);
                      setDraft((previous) => ({
                        ...previous,
                        notifications: {
                          ...previous.notifications,
                          workingHours: { ...previous.notifications.workingHours, days: [...days].sort() },
                        },
                      }));
                    }}
                  />
                  {day}
                </label>
              ))}
            </div>
            {err('notifications.workingHours.days') ? (
              <p className="field-error" id="e-days">
                {err('notifications.workingHours.days')}
              </p>
            ) : null}
          </fieldset>
          <div className="row-fields">
            <Field
              path="notifications.workingHours.start"
              label="Work starts"
              error={err('notifications.workingHours.start')}
            >
              <input
                {...inputProps('notifications.workingHours.start', err('notifications.workingHours.start'))}
                value={text.start}
                placeholder="09:00"
                onChange={(event) => edit('start', event.target.value)}
              />
            </Field>
            <Field
              path="notifications.workingHours.end"
              label="Work ends"
              error={err('notifications.workingHours.end')}
            >
              <input
                {...inputProps('notifications.workingHours.end', err('notifications.workingHours.end'))}
                value={text.end}
                placeholder="18:00"
                onChange={(event) => edit('end', event.target.value)}
              />
            </Field>
          </div>
          <Check
            label="Hold non-urgent alerts outside working hours"
            checked={draft.notifications.quietOutsideWorkingHours}
            onChange={(checked) =>
              setDraft((previous) => ({
                ...previous,
                notifications: { ...previous.notifications, quietOutsideWorkingHours: checked },
              }))
            }
          />
          <Check
            label="Play a sound"
            checked={draft.notifications.sound}
            onChange={(checked) =>
              setDraft((previous) => ({ ...previous, notifications: { ...previous.notifications, sound: checked } }))
            }
          />
          <Check
            label="Start at login"
            checked={draft.app.startAtLogin}
            onChange={(checked) =>
              setDraft((previous) => ({ ...previous, app: { ...previous.app, startAtLogin: checked } }))
            }
          />
        </fieldset>

        <fieldset>
          <legend>Polling</legend>
          <div className="row-fields">
            <Field path="polling.zendeskSeconds" label="Zendesk every (s)" error={err('polling.zendeskSeconds')}>
              <input
                {...inputProps('polling.zendeskSeconds', err('polling.zendeskSeconds'))}
                value={text.zendeskSeconds}
                inputMode="numeric"
                onChange={(event) => edit('zendeskSeconds', event.target.value)}
              />
            </Field>
            <Field path="polling.pagerdutySeconds" label="PagerDuty every (s)" error={err('polling.pagerdutySeconds')}>
              <input
                {...inputProps('polling.pagerdutySeconds', err('polling.pagerdutySeconds'))}
                value={text.pagerdutySeconds}
                inputMode="numeric"
                onChange={(event) => edit('pagerdutySeconds', event.target.value)}
              />
            </Field>
          </div>
        </fieldset>

        <div className="settings-actions">
          <button type="submit" className="primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save'}
          </button>
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
        </div>
      </form>
    </main>
  );
}

function pathOfText(key: string): string {
  const map: Record<string, string> = {
    subdomain: 'zendesk.subdomain',
    email: 'zendesk.email',
    userEmail: 'pagerduty.userEmail',
    escalationTags: 'zendesk.escalationTags',
    customerSuccessTags: 'zendesk.customerSuccessTags',
    turnLeadMinutes: 'notifications.turnLeadMinutes',
    slaWarningMinutes: 'notifications.slaWarningMinutes',
    zendeskSeconds: 'polling.zendeskSeconds',
    pagerdutySeconds: 'polling.pagerdutySeconds',
    start: 'notifications.workingHours.start',
    end: 'notifications.workingHours.end',
  };
  return map[key] ?? key;
}

function Check(props: { label: string; checked: boolean; onChange(checked: boolean): void }) {
  return (
    <label className="check">
      <input type="checkbox" checked={props.checked} onChange={(event) => props.onChange(event.target.checked)} />
      {props.label}
    </label>
  );
}

function TokenField(props: {
  name: SecretName;
  label: string;
  view: SettingsView;
  value: string;
  error: string | undefined;
  onChange(value: string): void;
}) {
  const path = `secrets.${props.name}`;
  const present = props.view.secrets[props.name]?.present === true;
  return (
    <Field path={path} label={props.label} error={props.error} hint={tokenHint(props.view, props.name)}>
      <input
        {...inputProps(path, props.error, true)}
        type="password"
        autoComplete="off"
        spellCheck={false}
        placeholder={present ? '•••••••• (stored)' : 'Paste a token'}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </Field>
  );
}

function TestResult(props: {
  service: ServiceName;
  result: TestConnectionResponse | 'pending' | undefined;
  onTest(service: ServiceName): void;
}) {
  const label = props.service === 'zendesk' ? 'Zendesk' : 'PagerDuty';
  const result = props.result;
  return (
    <div className="test-connection">
      <button type="button" onClick={() => props.onTest(props.service)} disabled={result === 'pending'}>
        Test {label} connection
      </button>
      <p className="test-result" role="status" aria-live="polite">
        {result === 'pending' ? 'Testing…' : null}
        {result && result !== 'pending' ? (
          <span className={result.ok ? 'test-ok' : 'test-failed'}>
            {result.ok ? '✓ ' : '✗ '}
            <bdi>{result.message}</bdi>
          </span>
        ) : null}
      </p>
    </div>
  );
}

function pickerOptions(state: PickerListResponse | 'pending' | undefined): PickerOption[] {
  return state && state !== 'pending' && state.ok ? state.options : [];
}

/** Loaded options, plus any selected id the account did not list (so a selection is never silently lost). */
function withSelected(options: PickerOption[], ...selected: string[]): PickerOption[] {
  const known = new Set(options.map((option) => option.id));
  const missing = selected.filter((id) => id && !known.has(id)).map((id) => ({ id, label: id }));
  return [...options, ...missing];
}

function PickerStatus({ state }: { state: PickerListResponse | 'pending' | undefined }) {
  if (state === 'pending') return <span className="field-hint">Loading…</span>;
  if (state && !state.ok) {
    return (
      <span className="field-error" role="alert">
        <bdi>{state.message}</bdi>
      </span>
    );
  }
  return null;
}

function Picker(props: {
  path: string;
  label: string;
  kind: PickerKind;
  state: PickerListResponse | 'pending' | undefined;
  selected: string[];
  error: string | undefined;
  onLoad(kind: PickerKind): void;
  onChange(ids: string[]): void;
}) {
  const options = withSelected(pickerOptions(props.state), ...props.selected);
  return (
    <fieldset className={props.error ? 'inner field-invalid' : 'inner'}>
      <legend>{props.label}</legend>
      <div className="picker-load">
        <button type="button" onClick={() => props.onLoad(props.kind)}>
          Load from account
        </button>
        <PickerStatus state={props.state} />
      </div>
      {options.length === 0 ? <p className="field-hint">None selected.</p> : null}
      <ul className="picker-options">
        {options.map((option) => (
          <li key={option.id}>
            <label className="check">
              <input
                type="checkbox"
                checked={props.selected.includes(option.id)}
                onChange={(event) =>
                  props.onChange(
                    event.target.checked
                      ? [...props.selected, option.id]
                      : props.selected.filter((id) => id !== option.id),
                  )
                }
              />
              <bdi>{option.label}</bdi>
              {option.detail ? <span className="field-hint"> {option.detail}</span> : null}
            </label>
          </li>
        ))}
      </ul>
      {props.error ? <p className="field-error">{props.error}</p> : null}
    </fieldset>
  );
}
