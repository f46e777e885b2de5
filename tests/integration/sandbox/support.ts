/** Helpers for talking to the sandbox over real HTTP with native fetch. */
import { SANDBOX_CREDENTIALS } from '../../../src/main/sources/sandbox';

export const ZENDESK_AUTH = `Basic ${Buffer.from(
  `${SANDBOX_CREDENTIALS.zendesk.email}/token:${SANDBOX_CREDENTIALS.zendesk.token}`,
).toString('base64')}`;
export const PAGERDUTY_AUTH = `Token token=${SANDBOX_CREDENTIALS.pagerduty.token}`;
export const PAGERDUTY_ACCOUNT_AUTH = `Token token=${SANDBOX_CREDENTIALS.pagerdutyAccountKey.token}`;
export const PAGERDUTY_ACCEPT = 'application/vnd.pagerduty+json;version=2';

/** A start time that is not a whole minute, so rate-limit windows and offsets are exercised honestly. */
export const T0 = Date.parse('2026-11-30T09:00:30Z');

export interface JsonResult {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test payloads are inspected field by field
  body: any;
}

/** GETs a URL and parses its JSON body. */
export async function getJson(url: string, authorization?: string, accept?: string): Promise<JsonResult> {
  const headers: Record<string, string> = {};
  if (authorization) headers.authorization = authorization;
  if (accept) headers.accept = accept;
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** Follows Zendesk cursor paging (`meta.has_more` + `links.next`) and returns every page. */
export function allCursorPages(firstUrl: string): Promise<JsonResult[]> {
  return allPages(firstUrl, (body) => (body.meta.has_more ? body.links.next : null));
}

/** Follows Zendesk offset paging (`next_page`) and returns every page. */
export function allOffsetPages(firstUrl: string): Promise<JsonResult[]> {
  return allPages(firstUrl, (body) => body.next_page);
}

async function allPages(firstUrl: string, next: (body: JsonResult['body']) => string | null): Promise<JsonResult[]> {
  const pages: JsonResult[] = [];
  let url: string | null = firstUrl;
  // The page cap turns a paging bug into a failed assertion instead of an endless loop.
  while (url && pages.length < 1000) {
    const page = await getJson(url, ZENDESK_AUTH);
    pages.push(page);
    url = page.status === 200 ? next(page.body) : null;
  }
  return pages;
}
