/**
 * The shapes of the Slack ids the app accepts, in one place, so that what the settings accept, what the pickers
 * offer and what the workspace binding records cannot drift apart. Channel and user-group ids are bounded in length
 * (Slack's are about ten characters), as the request ids built from a channel id are at the IPC boundary.
 */

/** A public (`C…`) or private (`G…`) channel. */
export const SLACK_CHANNEL_ID = /^[CG][A-Z0-9]{2,30}$/;
/** A user group (`S…`). */
export const SLACK_USERGROUP_ID = /^S[A-Z0-9]{2,30}$/;
/** A workspace (`T…`), or an Enterprise Grid organization (`E…`), as `auth.test` names it. */
export const SLACK_TEAM_ID = /^[TE][A-Z0-9]+$/;
