// Words and dates of the Managed accounts pages: account names and statuses, products
// and roles, and times as the server sends them (RFC 3339, UTC).
import type { AccountStatus, ProductKey, ProductRole } from '../../gql/graphql';

/** "Name (Deactivated)" for a deactivated account, as everywhere in the directory (rule 10). */
export function displayName(account: { name: string; email?: string; status: AccountStatus }): string {
  const name = account.name || account.email || 'Unnamed account';
  return account.status === 'DEACTIVATED' ? `${name} (Deactivated)` : name;
}

export const statusLabels: Record<AccountStatus, string> = {
  ACTIVE: 'Active',
  DEACTIVATED: 'Deactivated',
  PENDING_DELETION: 'Pending deletion',
  DELETED: 'Deleted',
};

export const productNames: Record<ProductKey, string> = {
  JIRA: 'Jira',
  CONFLUENCE: 'Confluence',
  JIRA_SERVICE_MANAGEMENT: 'Jira Service Management',
  JIRA_PRODUCT_DISCOVERY: 'Jira Product Discovery',
  BITBUCKET: 'Bitbucket',
  OPSGENIE: 'OpsGenie',
  STATUSPAGE: 'StatusPage',
  TRELLO: 'Trello',
};

export const roleNames: Record<ProductRole, string> = { USER: 'User', ADMIN: 'Admin' };

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
  timeZoneName: 'short',
});

/** "3 Mar 2026" (UTC), or the fallback when there is no time. */
export function formatDate(time: string | null | undefined, fallback = '—'): string {
  if (!time) return fallback;
  const d = new Date(time);
  return Number.isNaN(d.getTime()) ? fallback : dateFormat.format(d);
}

/** "3 Mar 2026, 14:05 UTC". */
export function formatDateTime(time: string | null | undefined, fallback = '—'): string {
  if (!time) return fallback;
  const d = new Date(time);
  return Number.isNaN(d.getTime()) ? fallback : dateTimeFormat.format(d);
}

/** When an account was last active: "Never", "Today", "5 days ago", or a date when older than a year. */
export function formatLastActive(time: string | null | undefined, now: Date = new Date()): string {
  if (!time) return 'Never';
  const d = new Date(time);
  if (Number.isNaN(d.getTime())) return 'Never';
  const days = Math.floor((now.getTime() - d.getTime()) / 86_400_000);
  if (days <= 0) return 'Today';
  if (days === 1) return 'Yesterday';
  if (days < 365) return `${days} days ago`;
  return formatDate(time);
}

/** The time a deletion requested now would become final: 14 days from now (rule 11). */
export function deletionDate(now: Date = new Date()): string {
  return new Date(now.getTime() + 14 * 86_400_000).toISOString();
}
