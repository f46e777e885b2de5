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
export type {
  FaultKind,
  FaultSpec,
  RequestFilter,
  RequestRecord,
  Sandbox,
  SandboxOptions,
} from './server';
export { startSandbox } from './server';
