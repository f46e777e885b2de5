/**
 * The sandbox must serve the shapes the real APIs document. PagerDuty responses are validated against the
 * response schemas of the official OpenAPI file; Zendesk responses against the (partial) per-topic YAML files:
 * their envelopes by schema, and ticket/user/organization objects key by key against the spec's own examples.
 * The specs are trimmed copies kept in the repository (`specs/`, see specs/README.md for their source).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { DEMO_ME, DEMO_SCHEDULES, DEMO_VIEWS, type Sandbox, startSandbox } from '../../../src/main/sources/sandbox';
import { fixedClock } from '../../support/factories';
import { getJson, PAGERDUTY_ACCEPT, PAGERDUTY_AUTH, T0, ZENDESK_AUTH } from './support';

const SPECS = fileURLToPath(new URL('../../../specs/', import.meta.url));
const PAGERDUTY_SPEC = `${SPECS}pagerduty/pagerduty-rest-openapiv3.json`;
const ZENDESK_SPECS = `${SPECS}zendesk/`;

type Json = Record<string, unknown>;

function newAjv(): Ajv {
  // OpenAPI 3.0 schemas carry `example`, `readOnly` and vendor formats: not errors, just not JSON Schema.
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addFormat('tzinfo', (value: string) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  });
  ajv.addFormat('activesupport-time-zone', true);
  ajv.addFormat('partial-time', /^\d{2}:\d{2}:\d{2}$/);
  // ajv-formats' `url` refuses loopback hosts by design; the sandbox's own `self` links are loopback URLs.
  ajv.addFormat('url', (value: string) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol));
  return ajv;
}

function describeErrors(validate: ValidateFunction): string {
  return JSON.stringify(validate.errors?.slice(0, 5), null, 1);
}

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ clock: fixedClock(T0).now });
});
afterAll(async () => {
  await sandbox.close();
});

describe('PagerDuty responses match the official OpenAPI response schemas', () => {
  const spec = JSON.parse(readFileSync(PAGERDUTY_SPEC, 'utf8')) as Json;
  const ajv = newAjv();
  const paths = spec.paths as Record<string, Record<string, { responses: Record<string, Json> }>>;

  /** The 200 schema of a GET, compiled with the spec's components at its root so `#/components/...` resolves. */
  function responseValidator(path: string): ValidateFunction {
    const response = paths[path]?.get?.responses['200'] as { content: Record<string, { schema: Json }> };
    const schema = response.content['application/json']?.schema;
    expect(schema, `no 200 schema for GET ${path}`).toBeDefined();
    return ajv.compile({ ...schema, components: spec.components });
  }

  const since = new Date(T0).toISOString();
  const until = new Date(T0 + 30 * 86_400_000).toISOString();
  const cases: [string, string][] = [
    ['/users/me', '/users/me'],
    ['/users', `/users?query=${encodeURIComponent(DEMO_ME.email)}`],
    ['/users', '/users?limit=2&total=true'],
    ['/schedules', '/schedules'],
    ['/schedules', '/schedules?query=support&limit=1'],
    ['/schedules/{id}', `/schedules/${DEMO_SCHEDULES.productAnalytics}?since=${since}&until=${until}`],
    ['/schedules/{id}', `/schedules/${DEMO_SCHEDULES.infrastructure}?time_zone=America/New_York`],
    ['/oncalls', '/oncalls'],
    ['/oncalls', `/oncalls?user_ids[]=${DEMO_ME.id}&since=${since}&until=${until}&time_zone=Europe/London`],
    ['/oncalls', `/oncalls?schedule_ids[]=${DEMO_SCHEDULES.webAnalytics}&since=${since}&until=${until}`],
    ['/oncalls', `/oncalls?earliest=true&since=${since}&until=${until}&limit=3&offset=1`],
  ];

  it.each(cases)('GET %s (%s)', async (specPath, requestPath) => {
    const validate = responseValidator(specPath);
    const result = await getJson(`${sandbox.pagerdutyBaseUrl}${requestPath}`, PAGERDUTY_AUTH, PAGERDUTY_ACCEPT);
    expect(result.status).toBe(200);
    expect(validate(result.body), describeErrors(validate)).toBe(true);
  });

  it('the schemas are strict enough to reject a wrong shape', async () => {
    const validate = responseValidator('/oncalls');
    expect(validate({ oncalls: 'nope' })).toBe(false);
    expect(validate({ oncalls: [{ user: { id: 'P1', type: 'schedule_reference' } }] })).toBe(false);
  });

  it('error bodies follow the documented envelope', async () => {
    const result = await getJson(
      `${sandbox.pagerdutyBaseUrl}/oncalls?since=nonsense`,
      PAGERDUTY_AUTH,
      PAGERDUTY_ACCEPT,
    );
    expect(result.status).toBe(400);
    expect(result.body).toEqual({ error: { message: expect.any(String), code: expect.any(Number) } });
  });
});

describe('Zendesk responses match the OpenAPI files where they define them', () => {
  const documents = readdirSync(ZENDESK_SPECS)
    .filter((name) => name.endsWith('.yml'))
    .map((name) => parseYaml(readFileSync(`${ZENDESK_SPECS}${name}`, 'utf8')) as Json);
  const schemas: Record<string, Json> = {};
  for (const document of documents) {
    Object.assign(schemas, (document.components as { schemas?: Record<string, Json> } | undefined)?.schemas ?? {});
  }
  const missing = new Set<string>();

  /** Replaces references to schemas the partial files lack (e.g. TicketObject) with `{}`, and notes them. */
  function withKnownRefs(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(withKnownRefs);
    if (value === null || typeof value !== 'object') return value;
    const record = value as Json;
    if (typeof record.$ref === 'string') {
      const name = record.$ref.replace('#/components/schemas/', '');
      if (!(name in schemas)) {
        missing.add(name);
        return {};
      }
      return withKnownRefs(schemas[name]);
    }
    return Object.fromEntries(Object.entries(record).map(([key, inner]) => [key, withKnownRefs(inner)]));
  }

  const ajv = newAjv();
  const validator = (name: string) => {
    expect(schemas[name], `schema ${name} is not in the Zendesk specs`).toBeDefined();
    return ajv.compile(withKnownRefs(schemas[name]) as Json);
  };

  const cases: [string, string][] = [
    ['ViewsResponse', '/views'],
    ['ViewsResponse', '/views/active?per_page=1'],
    ['TicketsResponse', `/views/${DEMO_VIEWS.infrastructure}/tickets?per_page=10`],
    [
      'TicketsResponse',
      `/views/${DEMO_VIEWS.productAnalyticsEscalated}/tickets?page[size]=5&include=users,organizations`,
    ],
    ['TicketsResponse', '/tickets/show_many?ids=48101,48113&include=slas,users,organizations'],
    ['OrganizationsResponse', '/organizations/show_many?ids=9101,9103,9104'],
    ['OrganizationFieldsResponse', '/organization_fields'],
    ['CurrentUserResponse', '/users/me'],
    ['SearchResponse', `/search?query=${encodeURIComponent('type:ticket status:open')}&per_page=5`],
  ];

  it.each(cases)('%s for GET %s', async (schemaName, requestPath) => {
    const validate = validator(schemaName);
    const result = await getJson(`${sandbox.zendeskBaseUrl}${requestPath}`, ZENDESK_AUTH);
    expect(result.status).toBe(200);
    expect(validate(result.body), describeErrors(validate)).toBe(true);
  });

  it('envelopes are really checked (a wrong shape fails)', () => {
    expect(validator('TicketsResponse')({ tickets: 'not a list' })).toBe(false);
    expect(validator('SearchResponse')({ results: [], count: 'many' })).toBe(false);
  });

  /** Every key of the spec's example is present, with the same JSON type wherever both are non-null. */
  function expectShapeOf(example: Json, actual: Json, what: string) {
    const kind = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
    for (const [key, exampleValue] of Object.entries(example)) {
      expect(actual, `${what} lacks "${key}"`).toHaveProperty(key);
      const actualValue = actual[key];
      if (exampleValue === null || actualValue === null) continue;
      expect(kind(actualValue), `${what}.${key}`).toBe(kind(exampleValue));
    }
  }

  function example(schemaName: string, key: string): Json {
    const found = (schemas[schemaName]?.example as Record<string, Json[]> | undefined)?.[key]?.[0];
    expect(found, `no example ${key} in ${schemaName}`).toBeDefined();
    return found as Json;
  }

  it('ticket, user and organization objects carry every field of the spec examples', async () => {
    const shown = await getJson(
      `${sandbox.zendeskBaseUrl}/tickets/show_many?ids=48101,48115,48128&include=users,organizations`,
      ZENDESK_AUTH,
    );
    const viewed = await getJson(`${sandbox.zendeskBaseUrl}/views/${DEMO_VIEWS.infrastructure}/tickets`, ZENDESK_AUTH);
    const ticketExample = example('TimeBasedExportIncrementalTicketsResponse', 'tickets');
    for (const ticket of [...shown.body.tickets, ...viewed.body.tickets])
      expectShapeOf(ticketExample, ticket, `ticket ${ticket.id}`);
    const userExample = example('TimeBasedExportIncrementalUsersResponse', 'users');
    for (const user of shown.body.users) expectShapeOf(userExample, user, `user ${user.id}`);
    const organizationExample = example('ExportIncrementalOrganizationsResponse', 'organizations');
    for (const organization of shown.body.organizations) {
      expectShapeOf(organizationExample, organization, `organization ${organization.id}`);
    }
  });

  it('knows which Zendesk object schemas the partial specs lack', () => {
    // Validating above resolved these to "anything"; the example comparison covers them instead.
    for (const name of ['ViewsResponse', 'TicketsResponse', 'OrganizationsResponse', 'CurrentUserResponse'])
      validator(name);
    expect([...missing]).toEqual(expect.arrayContaining(['TicketObject']));
  });
});

it('finds the specs in the repository', () => {
  expect(existsSync(PAGERDUTY_SPEC)).toBe(true);
  expect(existsSync(ZENDESK_SPECS)).toBe(true);
});
