// The Jira global permissions Vouch needs, as users see them in Jira's admin pages. Kept apart from the
// client so describe() names them without loading undici (start-up loads no HTTP stack).
export const BROWSE_USERS = 'Browse users and groups (global permission)';
export const ADMINISTER = 'Administer Jira (global permission)';
