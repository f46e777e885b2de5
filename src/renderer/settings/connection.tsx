/** "Test connection" for each service: the request with the settings as typed, and the result shown in place. */
import { useState } from 'react';
import { SERVICE_LABEL, type ServiceName } from '../../shared/domain';
import type { PickerListRequest, TestConnectionResponse } from '../../shared/ipc';
import type { SecretName } from '../../shared/settings';
import { bridge } from '../bridge';

type TestState = TestConnectionResponse | 'pending' | undefined;

const TOKEN_OF: Record<ServiceName, SecretName> = {
  zendesk: 'zendeskToken',
  pagerduty: 'pagerdutyToken',
  slack: 'slackToken',
};

export interface ConnectionTests {
  state: Partial<Record<ServiceName, TestConnectionResponse | 'pending'>>;
  test(service: ServiceName): Promise<void>;
}

/** Each service's last test and how to run one with the settings as typed (`request`). */
export function useConnectionTests(request: (token: SecretName) => PickerListRequest): ConnectionTests {
  const [state, setState] = useState<ConnectionTests['state']>({});
  const test = async (service: ServiceName) => {
    setState((previous) => ({ ...previous, [service]: 'pending' }));
    const body = request(TOKEN_OF[service]);
    try {
      const result = await bridge().testConnection({ service, ...body });
      setState((previous) => ({ ...previous, [service]: result }));
    } catch {
      setState((previous) => ({ ...previous, [service]: { ok: false, message: 'The test could not run' } }));
    }
  };
  return { state, test };
}

export function TestResult({ service, tests }: { service: ServiceName; tests: ConnectionTests }) {
  const label = SERVICE_LABEL[service];
  const result: TestState = tests.state[service];
  return (
    <div className="test-connection">
      <button type="button" onClick={() => tests.test(service)} disabled={result === 'pending'}>
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
