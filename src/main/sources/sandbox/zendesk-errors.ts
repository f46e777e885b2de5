/** The error replies the emulated Zendesk routes share, in Zendesk's `{ error, description }` envelope. */
import { json, type Reply } from './http-util';

/** A record the path names does not exist. */
export function zendeskNotFound(): Reply {
  return json(404, { error: 'RecordNotFound', description: 'Not found' });
}

/** A paging parameter Zendesk would refuse. */
export function zendeskBadPaging(description: string): Reply {
  return json(400, { error: 'InvalidPaginationParameter', description });
}
