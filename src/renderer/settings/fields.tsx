/** The form's building blocks: a labelled field with its hint and error, text and token inputs, a checkbox. */
import type { InputHTMLAttributes, ReactNode } from 'react';
import type { SettingsView } from '../../shared/ipc';
import type { SecretName } from '../../shared/settings';
import { SETTINGS_FIELDS, type TextFieldKey } from '../../shared/settings-rules';
import type { SettingsForm } from './useSettingsForm';

/** A label, the control, then its hint and its error, tied together by ids derived from `path`. */
export function Field(props: {
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
export function inputProps(path: string, error: string | undefined, hint = false) {
  const described = [hint ? `h-${path}` : '', error ? `e-${path}` : ''].filter(Boolean).join(' ');
  return {
    id: `f-${path}`,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': described || undefined,
  };
}

/** A typed field from the shared table: its label and path come from the table, its text from the form. */
export function TextField({
  form,
  field,
  hint,
  ...attributes
}: { form: SettingsForm; field: TextFieldKey; hint?: ReactNode } & Pick<
  InputHTMLAttributes<HTMLInputElement>,
  'type' | 'autoComplete' | 'spellCheck' | 'inputMode' | 'placeholder'
>) {
  const { path, label } = SETTINGS_FIELDS[field];
  const error = form.errorFor(path);
  return (
    <Field path={path} label={label} error={error} hint={hint}>
      <input
        {...inputProps(path, error, hint !== undefined)}
        {...attributes}
        value={form.text[field]}
        onChange={(event) => form.edit(field, event.target.value)}
      />
    </Field>
  );
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

/** A write-only token input: it says whether one is stored and as whom it connected, never the token. */
export function TokenField({ form, name }: { form: SettingsForm; name: SecretName }) {
  const { path, label } = SETTINGS_FIELDS[name];
  const error = form.errorFor(path);
  const present = form.view.secrets[name]?.present === true;
  return (
    <Field path={path} label={label} error={error} hint={tokenHint(form.view, name)}>
      <input
        {...inputProps(path, error, true)}
        type="password"
        autoComplete="off"
        spellCheck={false}
        placeholder={present ? '•••••••• (stored)' : 'Paste a token'}
        value={form.tokens[name]}
        onChange={(event) => form.setToken(name, event.target.value)}
      />
    </Field>
  );
}

export function Check(props: { label: string; checked: boolean; onChange(checked: boolean): void }) {
  return (
    <label className="check">
      <input type="checkbox" checked={props.checked} onChange={(event) => props.onChange(event.target.checked)} />
      {props.label}
    </label>
  );
}
