/** The sandbox's public face: a local emulation of the Zendesk and PagerDuty APIs over scenarios. */
export { SANDBOX_CREDENTIALS } from './credentials';
export type {
  Scenario,
  ScenarioEscalationPolicy,
  ScenarioOrganization,
  ScenarioOrganizationField,
  ScenarioPagerDuty,
  ScenarioPagerDutyUser,
  ScenarioSchedule,
  ScenarioShift,
  ScenarioTicket,
  ScenarioTicketPriority,
  ScenarioTicketStatus,
  ScenarioUser,
  ScenarioView,
  ScenarioZendesk,
  SlaSeed,
} from './scenario';
export { DEMO_GROUPS, DEMO_ME, DEMO_SCHEDULES, DEMO_VIEWS, demoScenario } from './scenarios/demo';
export { emptyScenario } from './scenarios/empty';
export { generateScenario, mulberry32 } from './scenarios/generate';
export { DEMO_SLACK, OTHER_SLACK_TEAM, SLACK_SANDBOX_CREDENTIALS, slackDemoWorld } from './scenarios/slack-demo';
export type {
  FaultKind,
  FaultSpec,
  RequestFilter,
  RequestRecord,
  Sandbox,
  SandboxOptions,
} from './server';
export { startSandbox } from './server';
export type { SlackFaultKind, SlackFaultSpec, SlackHandler, SlackWorld } from './slack';
