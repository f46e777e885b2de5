#!/usr/bin/env node
// Regenerates specs/ from the full published API descriptions: `node scripts/trim-specs.mjs <dir>`, where <dir>
// holds pagerduty/pagerduty-rest-openapiv3.json, zendesk/*.yml and slack/slack_web_openapi_v2.json (see
// specs/README.md for where each comes from). The tests read only the trimmed copies, so a clone needs nothing
// outside the repository; this script is for refreshing them when the sandbox grows or the vendors' files change.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';

/** What the conformance tests validate against: keep these and everything they reference. */
const PAGERDUTY_GET_PATHS = ['/users/me', '/users', '/schedules', '/schedules/{id}', '/oncalls'];
const ZENDESK_SCHEMAS = [
  'ViewsResponse',
  'TicketsResponse',
  'OrganizationsResponse',
  'OrganizationFieldsResponse',
  'CurrentUserResponse',
  'SearchResponse',
  'TimeBasedExportIncrementalTicketsResponse',
  'TimeBasedExportIncrementalUsersResponse',
  'ExportIncrementalOrganizationsResponse',
];
/** The Slack methods the Slack source will call (read by its conformance test). */
const SLACK_METHODS = [
  'conversations.history',
  'conversations.replies',
  'conversations.list',
  'auth.test',
  'users.info',
  'users.list',
  'usergroups.list',
  'usergroups.users.list',
  'chat.getPermalink',
  'reactions.get',
];

const source = process.argv[2];
if (!source) {
  console.error('usage: node scripts/trim-specs.mjs <directory with the full pagerduty/, zendesk/ and slack/ specs>');
  process.exit(2);
}
const target = 'specs';

/** Every local `$ref` ("#/a/b/c") found anywhere inside `value`. */
function refsIn(value, found = new Set()) {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string' && inner.startsWith('#/')) found.add(inner);
      else refsIn(inner, found);
    }
  }
  return found;
}

/** Unescapes one JSON-pointer segment. */
const segment = (part) => part.replaceAll('~1', '/').replaceAll('~0', '~');

/** Copies into `out` the node at `ref` in `document`, then whatever it references, until nothing new is reached. */
function copyClosure(document, roots, out) {
  const pending = [...roots];
  const seen = new Set();
  while (pending.length > 0) {
    const ref = pending.pop();
    if (seen.has(ref)) continue;
    seen.add(ref);
    const parts = ref.slice(2).split('/').map(segment);
    let from = document;
    let to = out;
    for (const [index, part] of parts.entries()) {
      from = from?.[part];
      if (from === undefined) break;
      if (index === parts.length - 1) to[part] = from;
      else to = to[part] ??= {};
    }
    if (from !== undefined) for (const next of refsIn(from)) pending.push(next);
  }
}

/** Keeps the chosen operations of `document` and every component they reach, in the original key order. */
function trimDocument(document, operations, componentsKey) {
  const paths = {};
  for (const [path, methods] of operations) {
    const item = document.paths[path];
    if (!item) throw new Error(`${document.info?.title}: no path ${path}`);
    paths[path] = Object.fromEntries(methods.map((method) => [method, item[method]]));
  }
  const reached = {};
  copyClosure(document, refsIn(paths), reached);
  const trimmed = {};
  for (const [key, value] of Object.entries(document)) {
    if (key === 'paths') trimmed.paths = paths;
    else if (key === componentsKey) trimmed[key] = sortedLike(value, reached[key] ?? {});
    else if (key === 'tags') trimmed.tags = value.filter((tag) => usedTags(paths).has(tag.name));
    else if (!['components', 'definitions', 'parameters', 'responses'].includes(key)) trimmed[key] = value;
  }
  // Swagger 2.0 keeps parameters and responses at the top level; OpenAPI 3 keeps them under components.
  for (const key of ['parameters', 'responses'])
    if (reached[key]) trimmed[key] = sortedLike(document[key], reached[key]);
  return trimmed;
}

/** `subset`'s entries in the key order of `original`, recursively for the one level of component kinds. */
function sortedLike(original, subset) {
  const result = {};
  for (const key of Object.keys(original)) {
    if (!(key in subset)) continue;
    const inner = subset[key];
    const nested = inner !== original[key] && inner !== null && typeof inner === 'object';
    result[key] = nested ? sortedLike(original[key], inner) : inner;
  }
  return result;
}

function usedTags(paths) {
  const tags = new Set();
  for (const item of Object.values(paths))
    for (const op of Object.values(item)) for (const tag of op.tags ?? []) tags.add(tag);
  return tags;
}

function writeJson(path, value) {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
  console.log(`${path}: ${readFileSync(path).length} bytes`);
}

// specs/README.md stays; each vendor's directory is rewritten whole so a dropped file does not linger.
for (const vendor of ['pagerduty', 'zendesk', 'slack']) {
  rmSync(join(target, vendor), { recursive: true, force: true });
  mkdirSync(join(target, vendor), { recursive: true });
}

// PagerDuty: the GET operations the sandbox serves, with every component they reach.
const pagerduty = JSON.parse(readFileSync(join(source, 'pagerduty/pagerduty-rest-openapiv3.json'), 'utf8'));
writeJson(
  join(target, 'pagerduty/pagerduty-rest-openapiv3.json'),
  trimDocument(
    pagerduty,
    PAGERDUTY_GET_PATHS.map((path) => [path, ['get']]),
    'components',
  ),
);

// Zendesk: the test merges every file's schemas in file-name order (a later file wins), so resolve references
// against that merged map and keep each schema only in the file whose definition wins.
const zendeskDir = join(source, 'zendesk');
const zendeskFiles = readdirSync(zendeskDir)
  .filter((name) => name.endsWith('.yml'))
  .sort();
const zendeskDocuments = zendeskFiles.map((name) => [name, parseYaml(readFileSync(join(zendeskDir, name), 'utf8'))]);
const owner = {};
for (const [name, document] of zendeskDocuments) {
  for (const schema of Object.keys(document.components?.schemas ?? {})) owner[schema] = name;
}
const merged = {};
for (const [, document] of zendeskDocuments) Object.assign(merged, document.components?.schemas ?? {});
const keep = new Set();
const pending = [...ZENDESK_SCHEMAS];
while (pending.length > 0) {
  const name = pending.pop();
  if (keep.has(name) || !(name in merged)) continue;
  keep.add(name);
  for (const ref of refsIn(merged[name])) pending.push(ref.replace('#/components/schemas/', ''));
}
for (const [name, document] of zendeskDocuments) {
  const schemas = Object.fromEntries(
    Object.entries(document.components?.schemas ?? {}).filter(([schema]) => keep.has(schema) && owner[schema] === name),
  );
  if (Object.keys(schemas).length === 0) continue;
  const trimmed = { openapi: document.openapi, info: document.info, components: { schemas } };
  const path = join(target, 'zendesk', name);
  writeFileSync(path, stringifyYaml(trimmed, { lineWidth: 0 }));
  console.log(`${path}: ${readFileSync(path).length} bytes`);
}

// Slack (Swagger 2.0): every operation of the methods the Slack source uses, with the definitions they reach.
const slack = JSON.parse(readFileSync(join(source, 'slack/slack_web_openapi_v2.json'), 'utf8'));
const slackOperations = SLACK_METHODS.filter((method) => `/${method}` in slack.paths).map((method) => [
  `/${method}`,
  Object.keys(slack.paths[`/${method}`]),
]);
writeJson(join(target, 'slack/slack_web_openapi_v2.json'), trimDocument(slack, slackOperations, 'definitions'));

// Biome formats the JSON copies like the rest of the repository, so `npm test`'s lint stays green.
spawnSync('npx', ['biome', 'format', '--write', target], { stdio: 'inherit', shell: process.platform === 'win32' });
