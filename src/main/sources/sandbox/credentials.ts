/**
 * The credentials every built-in scenario accepts. They only open the local sandbox, so they are not secrets;
 * the demo mode, the CLI and the tests use them to talk to it like a real account.
 */
export const SANDBOX_CREDENTIALS = {
  zendesk: { email: 'demo@support-hero.test', token: 'demo-zendesk-token' },
  pagerduty: { token: 'demo-pagerduty-token' },
  /** A PagerDuty account-level key: `/users/me` refuses it, as the real API does. */
  pagerdutyAccountKey: { token: 'demo-pagerduty-account-key' },
} as const;
