/** Zendesk's two paging styles (cursor and offset) and the page links they hand back. */
import { json, queryInt, type Reply, type RouteContext } from './http-util';
import { zendeskBadPaging } from './zendesk-errors';

/** The largest page Zendesk serves, in either paging style and in search. */
export const MAX_PAGE_SIZE = 100;

/**
 * Zendesk's two paging styles over an id-ordered list. `page[size]` selects cursor paging (cursors are
 * opaque and keyed on the last id, so records added or removed between pages are neither repeated nor
 * skipped); otherwise offset paging with `per_page` (capped at 100) and `page`.
 */
export function paginate<T>(context: RouteContext, key: string, items: T[], idOf: (item: T) => number): Reply {
  const { query } = context;
  const cursorMode = query.has('page[size]') || query.has('page[after]') || query.has('page[before]');
  if (cursorMode) {
    const size = queryInt(query, 'page[size]') ?? MAX_PAGE_SIZE;
    if (size === null || size < 1 || size > MAX_PAGE_SIZE) {
      return zendeskBadPaging(`page[size] must be an integer between 1 and ${MAX_PAGE_SIZE}`);
    }
    const after = query.get('page[after]');
    let startIndex = 0;
    if (after) {
      const lastId = decodeCursor(after);
      if (lastId === null) return zendeskBadPaging('page[after] is not a valid cursor');
      startIndex = items.findIndex((item) => idOf(item) > lastId);
      if (startIndex < 0) startIndex = items.length;
    }
    const page = items.slice(startIndex, startIndex + size);
    const hasMore = startIndex + size < items.length;
    const first = page[0];
    const last = page[page.length - 1];
    const afterCursor = last === undefined ? null : encodeCursor(idOf(last));
    const beforeCursor = first === undefined ? null : encodeCursor(idOf(first) - 1);
    return json(200, {
      [key]: page,
      meta: { has_more: hasMore, after_cursor: afterCursor, before_cursor: beforeCursor },
      links: {
        // Backwards paging is not emulated; nothing in the app walks back.
        prev: null,
        next: afterCursor ? pageLink(context, { 'page[after]': afterCursor, 'page[before]': null }) : null,
      },
    });
  }
  const perPageRaw = queryInt(query, 'per_page');
  const pageRaw = queryInt(query, 'page');
  if (perPageRaw === null || pageRaw === null || pageRaw === 0) {
    return zendeskBadPaging('per_page and page must be positive');
  }
  const perPage = Math.min(Math.max(perPageRaw ?? MAX_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  const pageNumber = pageRaw ?? 1;
  const start = (pageNumber - 1) * perPage;
  const page = items.slice(start, start + perPage);
  return json(200, {
    [key]: page,
    next_page: start + perPage < items.length ? pageLink(context, { page: String(pageNumber + 1) }) : null,
    previous_page: pageNumber > 1 ? pageLink(context, { page: String(pageNumber - 1) }) : null,
    count: items.length,
  });
}

/** The request's own URL with some query parameters replaced (`null` removes one). */
export function pageLink(context: RouteContext, changes: Record<string, string | null>): string {
  const url = new URL(`${context.origin}${context.path}`);
  for (const [name, value] of context.query) url.searchParams.append(name, value);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) url.searchParams.delete(name);
    else url.searchParams.set(name, value);
  }
  return url.toString();
}

function encodeCursor(lastId: number): string {
  return Buffer.from(JSON.stringify({ o: lastId })).toString('base64url');
}

function decodeCursor(cursor: string): number | null {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown };
    return typeof parsed.o === 'number' && Number.isFinite(parsed.o) ? parsed.o : null;
  } catch {
    return null;
  }
}
