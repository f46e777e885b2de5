/**
 * Runs the sandbox by hand: `npx tsx src/main/sources/sandbox/serve.ts [--port N] [--scenario demo|empty]
 * [--tickets N] [--no-rate-limit]`. Prints the URLs and the demo credentials, then serves until Ctrl-C.
 */
import { generateScenario, SANDBOX_CREDENTIALS, startSandbox } from './index';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const port = Number(option('port') ?? 0);
  const scenarioName = option('scenario') ?? 'demo';
  const tickets = option('tickets');
  if (scenarioName !== 'demo' && scenarioName !== 'empty') {
    console.error(`Unknown scenario "${scenarioName}" (use demo or empty, or --tickets N for a generated one)`);
    process.exit(2);
  }
  const sandbox = await startSandbox({
    port: Number.isFinite(port) ? port : 0,
    scenario: tickets ? generateScenario({ tickets: Number(tickets) }) : scenarioName,
    rateLimits: process.argv.includes('--no-rate-limit') ? { zendeskPerMinute: null, pagerdutyPerMinute: null } : {},
  });
  console.log(`Support Hero sandbox (${sandbox.scenario().name}) at ${sandbox.url}`);
  console.log(`  Zendesk:   ${sandbox.zendeskBaseUrl}  subdomain ${sandbox.subdomain}`);
  console.log(`             email ${SANDBOX_CREDENTIALS.zendesk.email}  token ${SANDBOX_CREDENTIALS.zendesk.token}`);
  console.log(`  PagerDuty: ${sandbox.pagerdutyBaseUrl}`);
  console.log(`             user token ${SANDBOX_CREDENTIALS.pagerduty.token}`);
  console.log(`             account key ${SANDBOX_CREDENTIALS.pagerdutyAccountKey.token}`);
  const stop = () => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
