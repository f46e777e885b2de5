/**
 * The shape of a PagerDuty id (schedules, users, overrides) the app accepts, in one place: what the IPC boundary
 * lets through, what the overrides client puts in a path and what the action log keeps cannot drift apart.
 */
export const PAGERDUTY_ID = /^[A-Za-z0-9]{1,64}$/;
