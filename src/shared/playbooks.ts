/**
 * The handbook's playbooks by id, with the titles people see: the one list main (matching, guides, settings
 * validation, the CLI) and the window (the dialog's menu, the settings form) both read, so a title cannot drift.
 */

/** Every playbook id, in the handbook's order (the menu's and the settings form's order). */
export const PLAYBOOK_IDS = ['two_factor_removal', 'ownership_transfer', 'delete_groups', 'self_hosted'] as const;

export type PlaybookId = (typeof PLAYBOOK_IDS)[number];

/** What each playbook is called wherever it is shown. */
export const PLAYBOOK_TITLES: Readonly<Record<PlaybookId, string>> = {
  two_factor_removal: '2FA removal',
  ownership_transfer: 'Organization ownership transfer',
  delete_groups: 'Deleting groups',
  self_hosted: 'Self-hosted question',
};
