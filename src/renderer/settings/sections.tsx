/** One component per section of the settings form; each reads and changes the form's state. */
import { SETTINGS_FIELDS as FIELDS } from '../../shared/settings-rules';
import { type ConnectionTests, TestResult } from './connection';
import { Check, Field, inputProps, TextField, TokenField } from './fields';
import { Picker, PickerStatus, type Pickers, pickerOptions, withSelected } from './pickers';
import type { SettingsForm } from './useSettingsForm';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

interface SectionProps {
  form: SettingsForm;
}

/** Main's notice about the settings file, demo mode, storage without encryption, and errors with no field. */
export function SettingsNotices({ form }: SectionProps) {
  const { view } = form;
  return (
    <>
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
            <input
              type="checkbox"
              checked={form.allowPlain}
              onChange={(event) => form.setAllowPlain(event.target.checked)}
            />
            Store tokens in plain text
          </label>
        </div>
      ) : null}
      {form.unplaced.length > 0 ? (
        <ul className="error-summary" role="alert">
          {form.unplaced.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

const ORG_FIELDS = [
  ['plan', FIELDS.planField],
  ['mrr', FIELDS.mrrField],
  ['contentWarning', FIELDS.contentWarningField],
] as const;

export function ZendeskSection({ form, tests, pickers }: SectionProps & { tests: ConnectionTests; pickers: Pickers }) {
  const { draft } = form;
  const orgOptions = pickerOptions(pickers.state.orgFields);
  return (
    <fieldset>
      <legend>Zendesk</legend>
      <TextField form={form} field="subdomain" hint="e.g. posthoghelp" autoComplete="off" spellCheck={false} />
      <TextField form={form} field="email" type="email" />
      <TokenField form={form} name="zendeskToken" />
      <TestResult service="zendesk" tests={tests} />
      <Picker
        label={FIELDS.viewIds.label}
        kind="views"
        pickers={pickers}
        selected={draft.zendesk.viewIds.map(String)}
        error={form.errorFor(FIELDS.viewIds.path)}
        onChange={(ids) =>
          form.update((next) => {
            next.zendesk.viewIds = ids.map(Number).filter(Number.isFinite);
          })
        }
      />
      <TextField form={form} field="escalationTags" hint="Comma separated" />
      <TextField form={form} field="customerSuccessTags" hint="Comma separated" />
      <div className="picker-load">
        <button type="button" onClick={() => pickers.load('orgFields')}>
          Load organization fields
        </button>
        <PickerStatus state={pickers.state.orgFields} />
      </div>
      {ORG_FIELDS.map(([key, { path, label }]) => {
        const error = form.errorFor(path);
        return (
          <Field key={key} path={path} label={label} error={error}>
            <select
              {...inputProps(path, error)}
              value={draft.zendesk.orgFields[key]}
              onChange={(event) =>
                form.update((next) => {
                  next.zendesk.orgFields[key] = event.target.value;
                })
              }
            >
              <option value="">(none)</option>
              {withSelected(orgOptions, draft.zendesk.orgFields[key]).map((option) => (
                <option key={option.id} value={option.id}>
                  {option.label}
                </option>
              ))}
            </select>
          </Field>
        );
      })}
    </fieldset>
  );
}

export function PagerDutySection({
  form,
  tests,
  pickers,
}: SectionProps & { tests: ConnectionTests; pickers: Pickers }) {
  const { draft, view } = form;
  const region = FIELDS.region;
  const connectedAs = view.secrets.pagerdutyToken?.connectedAs;
  return (
    <fieldset>
      <legend>PagerDuty</legend>
      <TokenField form={form} name="pagerdutyToken" />
      <Field path={region.path} label={region.label} error={form.errorFor(region.path)}>
        <select
          {...inputProps(region.path, form.errorFor(region.path))}
          value={draft.pagerduty.region}
          onChange={(event) =>
            form.update((next) => {
              next.pagerduty.region = event.target.value === 'eu' ? 'eu' : 'us';
            })
          }
        >
          <option value="us">US</option>
          <option value="eu">EU</option>
        </select>
      </Field>
      <TestResult service="pagerduty" tests={tests} />
      <Picker
        label={FIELDS.scheduleIds.label}
        kind="schedules"
        pickers={pickers}
        selected={draft.pagerduty.scheduleIds}
        error={form.errorFor(FIELDS.scheduleIds.path)}
        onChange={(ids) =>
          form.update((next) => {
            next.pagerduty.scheduleIds = ids;
          })
        }
      />
      <TextField
        form={form}
        field="userEmail"
        type="email"
        hint={
          connectedAs
            ? `Detected: ${connectedAs}. Only needed for account-level keys.`
            : 'Detected from a personal token; only needed for account-level keys.'
        }
      />
    </fieldset>
  );
}

function WorkingDays({ form }: SectionProps) {
  const days = form.draft.notifications.workingHours.days;
  const error = form.errorFor(FIELDS.days.path);
  return (
    <fieldset className="inner" aria-describedby={error ? 'e-days' : undefined}>
      <legend>{FIELDS.days.label}</legend>
      <div className="days">
        {DAYS.map((day, index) => (
          <label key={day} className="check">
            <input
              type="checkbox"
              checked={days.includes(index)}
              onChange={(event) => {
                const chosen = new Set(days);
                if (event.target.checked) chosen.add(index);
                else chosen.delete(index);
                form.update((next) => {
                  next.notifications.workingHours.days = [...chosen].sort((a, b) => a - b);
                });
              }}
            />
            {day}
          </label>
        ))}
      </div>
      {error ? (
        <p className="field-error" id="e-days">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

export function NotificationsSection({ form }: SectionProps) {
  const { draft } = form;
  return (
    <fieldset>
      <legend>Notifications</legend>
      <TextField form={form} field="turnLeadMinutes" hint="1440 = a day before" inputMode="numeric" />
      <TextField form={form} field="slaWarningMinutes" hint="At most 3, e.g. 180, 120, 60" inputMode="numeric" />
      <WorkingDays form={form} />
      <div className="row-fields">
        <TextField form={form} field="start" placeholder="09:00" />
        <TextField form={form} field="end" placeholder="18:00" />
      </div>
      <Check
        label="Hold non-urgent alerts outside working hours"
        checked={draft.notifications.quietOutsideWorkingHours}
        onChange={(checked) =>
          form.update((next) => {
            next.notifications.quietOutsideWorkingHours = checked;
          })
        }
      />
      <Check
        label="Play a sound"
        checked={draft.notifications.sound}
        onChange={(checked) =>
          form.update((next) => {
            next.notifications.sound = checked;
          })
        }
      />
      <Check
        label="Start at login"
        checked={draft.app.startAtLogin}
        onChange={(checked) =>
          form.update((next) => {
            next.app.startAtLogin = checked;
          })
        }
      />
    </fieldset>
  );
}

export function PollingSection({ form }: SectionProps) {
  return (
    <fieldset>
      <legend>Polling</legend>
      <div className="row-fields">
        <TextField form={form} field="zendeskSeconds" inputMode="numeric" />
        <TextField form={form} field="pagerdutySeconds" inputMode="numeric" />
      </div>
    </fieldset>
  );
}
