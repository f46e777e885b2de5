/** Sources built from settings and a token: for the engine's polling and for one-off calls alike. */
import type { Settings } from '../../shared/settings';
import type { Clock } from '../core/ports';
import { createPagerDutySource } from '../sources/pagerduty';
import { createSlackSource } from '../sources/slack';
import { createZendeskSource } from '../sources/zendesk';

/** A Zendesk source over the settings' account and views. */
export function zendeskSourceFor(settings: Settings, token: string, clock: Clock) {
  const { zendesk } = settings;
  return createZendeskSource({
    subdomain: zendesk.subdomain,
    email: zendesk.email,
    token,
    viewIds: zendesk.viewIds,
    orgFields: zendesk.orgFields,
    baseUrl: zendesk.baseUrl,
    timeoutMs: settings.polling.timeoutSeconds * 1000,
    now: () => clock.now(),
  });
}

/**
 * A Slack source over the settings' channels and user groups. When the settings record the workspace the token was
 * saved for, the source refuses to poll with a token that acts in another one.
 */
export function slackSourceFor(settings: Settings, token: string, clock: Clock) {
  const { slack } = settings;
  return createSlackSource(
    {
      channelIds: slack.channelIds,
      csUserGroupId: slack.csUserGroupId,
      myGroupId: slack.myGroupId,
      includeBroadcasts: slack.includeBroadcasts,
      doneEmoji: slack.doneEmoji,
      lookBackDays: slack.lookBackDays,
      rateTier: slack.rateTier,
      apiUrl: slack.apiUrl,
      timeoutMs: settings.polling.timeoutSeconds * 1000,
      teamId: slack.teamId,
      workspaceUrl: slack.workspaceUrl,
    },
    token,
    { now: () => clock.now() },
  );
}

/** A PagerDuty source over the settings' region and schedules. */
export function pagerdutySourceFor(settings: Settings, token: string, clock: Clock) {
  const { pagerduty } = settings;
  return createPagerDutySource({
    token,
    region: pagerduty.region,
    scheduleIds: pagerduty.scheduleIds,
    userEmail: pagerduty.userEmail,
    horizonDays: pagerduty.horizonDays,
    baseUrl: pagerduty.baseUrl,
    timeoutMs: settings.polling.timeoutSeconds * 1000,
    now: () => clock.now(),
  });
}
