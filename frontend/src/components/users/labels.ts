// Words and colours for the Users pages: product names (PRODUCT.md §1), roles, membership
// and account statuses, dates.
import type { AccountStatus, MembershipStatus, ProductKey, ProductRole } from '../../gql/graphql';

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

/** Every product, in the order of the exports' product columns (by display name). */
export const allProducts = (Object.keys(productNames) as ProductKey[]).sort((a, b) =>
  productNames[a].localeCompare(productNames[b]),
);

export const roleNames: Record<ProductRole, string> = { USER: 'User', ADMIN: 'Admin' };

export const membershipStatusNames: Record<MembershipStatus, string> = {
  ACTIVE: 'Active',
  INVITED: 'Invited',
  SUSPENDED: 'Suspended',
};

export const membershipStatusColors: Record<MembershipStatus, string> = {
  ACTIVE: 'green',
  INVITED: 'blue',
  SUSPENDED: 'orange',
};

export const accountStatusNames: Record<AccountStatus, string> = {
  ACTIVE: 'Active',
  DEACTIVATED: 'Deactivated',
  PENDING_DELETION: 'Pending deletion',
  DELETED: 'Deleted',
};

/** "Jira", or "Jira (Admin)" for an admin role. */
export function accessLabel(a: { product: ProductKey; role: ProductRole }): string {
  return a.role === 'ADMIN' ? `${productNames[a.product]} (Admin)` : productNames[a.product];
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "3 Feb 2026" (UTC), or the fallback for no date. */
export function formatDate(value: string | null | undefined, fallback = 'Never'): string {
  if (!value) return fallback;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? fallback : dateFormat.format(d);
}
