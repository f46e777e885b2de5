import { describe, expect, it } from 'vitest';
import {
  connectionFailureSentence,
  describeFailure,
  sourceHealthMessage,
  toSourceFailure,
} from '../../../src/main/core/failures';
import { DEFAULT_SETTINGS } from '../../../src/main/core/settings';
import { SourceError } from '../../../src/main/sources/source';
import { SERVICE_LABEL } from '../../../src/shared/domain';
import { MINUTE, T0 } from '../../support/factories';

const RETRY = T0 + 2 * MINUTE; // 10:02 UTC

describe('failures: one module turns failures into sentences', () => {
  it('names each service once', () => {
    expect(SERVICE_LABEL).toEqual({ zendesk: 'Zendesk', pagerduty: 'PagerDuty', slack: 'Slack' });
  });

  it('keeps a SourceError and reports anything else without its text', () => {
    const failure = { kind: 'offline', detail: 'no route' } as const;
    expect(toSourceFailure('zendesk', new SourceError(failure))).toEqual(failure);
    expect(toSourceFailure('pagerduty', new Error('token abc123 leaked'))).toEqual({
      kind: 'bad_response',
      detail: 'PagerDuty source failed unexpectedly',
    });
  });

  it('describes a failure without the service name in front', () => {
    expect(describeFailure('zendesk', { kind: 'offline', detail: '' }, T0, 'UTC', RETRY)).toBe(
      'unreachable (offline?), retrying at 10:02',
    );
    expect(describeFailure('zendesk', { kind: 'auth_rejected', status: 401, detail: '' }, T0, 'UTC', null)).toBe(
      'refused the credentials (401): check them in the settings',
    );
    // Without a retry instant, a rate limit says when its own Retry-After ends, if still ahead.
    const limited = { kind: 'rate_limited', retryAt: new Date(RETRY).toISOString(), detail: '' } as const;
    expect(describeFailure('pagerduty', limited, T0, 'UTC')).toBe('rate limited, retrying at 10:02');
    expect(describeFailure('pagerduty', limited, RETRY + 1, 'UTC')).toBe('rate limited');
  });

  it('builds the status line the health shows', () => {
    const failure = { kind: 'server_error', status: 503, detail: '' } as const;
    expect(sourceHealthMessage('zendesk', failure, T0, 'UTC', RETRY)).toBe(
      'Zendesk: server error (503), retrying at 10:02',
    );
    expect(sourceHealthMessage('zendesk', { kind: 'auth_rejected', status: 401, detail: '' }, T0, 'UTC', null)).toBe(
      'Zendesk refused the credentials (401): check them in the settings',
    );
  });

  it('says what to check after a failed connection test', () => {
    const settings = structuredClone(DEFAULT_SETTINGS);
    settings.zendesk.subdomain = 'acme';
    expect(connectionFailureSentence('zendesk', { kind: 'offline', detail: '' }, settings, T0, 'UTC')).toBe(
      'Could not reach Zendesk for "acme": check the subdomain and your connection',
    );
    expect(
      connectionFailureSentence('pagerduty', { kind: 'auth_rejected', status: 401, detail: '' }, settings, T0, 'UTC'),
    ).toBe('PagerDuty refused the token (401): check the API token');
  });
});
