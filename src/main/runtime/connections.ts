/**
 * One-off calls from the settings page: testing a connection and listing views, organization fields or schedules
 * to pick from. Each builds its own source from the request's settings and token, never the engine's.
 */
import type { ServiceName } from '../../shared/domain';
import { SERVICE_LABEL } from '../../shared/domain';
import type {
  PickerKind,
  PickerListRequest,
  PickerListResponse,
  PickerOption,
  TestConnectionRequest,
  TestConnectionResponse,
} from '../../shared/ipc';
import type { Settings } from '../../shared/settings';
import { connectionFailureSentence, toSourceFailure } from '../core/failures';
import type { Clock, SecretStore } from '../core/ports';
import { pagerdutySourceFor, zendeskSourceFor } from './sources';

/** What the one-off calls need: the stored tokens (when none is typed), the clock and the user's zone. */
export interface ConnectionDeps {
  secrets: SecretStore;
  clock: Clock;
  timeZone: () => string;
}

type OneOffSource =
  | { kind: 'zendesk'; source: ReturnType<typeof zendeskSourceFor> }
  | { kind: 'pagerduty'; source: ReturnType<typeof pagerdutySourceFor> };

type OneOffResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** Checks the request's settings and token against the service: "Connected to … as …", or why not. */
export async function testConnection(
  deps: ConnectionDeps,
  request: TestConnectionRequest,
): Promise<TestConnectionResponse> {
  const service = request?.service === 'pagerduty' ? 'pagerduty' : 'zendesk';
  const result = await withService(deps, service, request, async (oneOff) => {
    if (oneOff.kind === 'zendesk') {
      const me = await oneOff.source.whoAmI();
      return `Connected to ${request.settings.zendesk.subdomain} as ${describePerson(me.name, me.email)}`;
    }
    const me = await oneOff.source.whoAmI();
    return `Connected to PagerDuty as ${describePerson(me.name, me.email)}`;
  });
  return result.ok ? { ok: true, message: result.value } : { ok: false, message: result.message };
}

/** The options of one picker (views, organization fields or schedules), read with the request's settings. */
export async function listPicker(
  deps: ConnectionDeps,
  kind: PickerKind,
  request: PickerListRequest,
): Promise<PickerListResponse> {
  const service: ServiceName = kind === 'pagerduty:schedules' ? 'pagerduty' : 'zendesk';
  const result = await withService(deps, service, request, async (oneOff): Promise<PickerOption[]> => {
    if (oneOff.kind === 'pagerduty') {
      const schedules = await oneOff.source.listSchedules();
      return schedules.map((schedule) => withDetail(schedule.id, schedule.name, schedule.id));
    }
    if (kind === 'zendesk:orgFields') {
      const fields = await oneOff.source.listOrganizationFields();
      return fields.map((field) => withDetail(field.key, field.title, field.key));
    }
    const views = await oneOff.source.listViews();
    return views.map((view) => withDetail(String(view.id), view.title, view.active ? null : 'inactive'));
  });
  return result.ok ? { ok: true, options: result.value } : { ok: false, message: result.message };
}

/** Runs `call` on a source for `service` built from the request; a failure comes back as a sentence. */
async function withService<T>(
  deps: ConnectionDeps,
  service: ServiceName,
  request: TestConnectionRequest | PickerListRequest,
  call: (source: OneOffSource) => Promise<T>,
): Promise<OneOffResult<T>> {
  const settings = request.settings;
  const token = request.token || deps.secrets.get(service === 'zendesk' ? 'zendeskToken' : 'pagerdutyToken') || null;
  const missing = missingSetup(service, settings, token);
  if (missing) return { ok: false, message: missing };
  const source: OneOffSource =
    service === 'zendesk'
      ? { kind: 'zendesk', source: zendeskSourceFor(settings, token!, deps.clock) }
      : { kind: 'pagerduty', source: pagerdutySourceFor(settings, token!, deps.clock) };
  try {
    return { ok: true, value: await call(source) };
  } catch (error) {
    const failure = toSourceFailure(service, error, `${SERVICE_LABEL[service]} gave an answer we could not use`);
    const message = connectionFailureSentence(service, failure, settings, deps.clock.now(), deps.timeZone());
    return { ok: false, message: redact(message, [token!]) };
  }
}

function withDetail(id: string, label: string, detail: string | null): PickerOption {
  return detail ? { id, label, detail } : { id, label };
}

function describePerson(name: string, email: string | null): string {
  return email && email !== name ? `${name} (${email})` : name;
}

function missingSetup(service: ServiceName, settings: Settings, token: string | null): string | null {
  if (!settings || typeof settings !== 'object') return 'The settings are missing';
  if (service === 'zendesk') {
    if (!settings.zendesk?.subdomain) return 'Enter the Zendesk subdomain first';
    if (!settings.zendesk.email) return 'Enter your Zendesk email first';
    if (!token) return 'Enter a Zendesk API token first';
    return null;
  }
  if (!token) return 'Enter a PagerDuty API token first';
  return null;
}

function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
}
