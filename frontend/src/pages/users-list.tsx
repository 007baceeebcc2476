// Users: an organization's (centralized, /o/:orgId/users) or one site's (original,
// /s/:siteId/users).
// PLACEHOLDER: title and loading skeleton only, to be replaced by the real page
// (counts, filters, table, invite, suspend/restore/remove).
import { PageHeader } from '../components/common/page-header';
import { PageSkeleton } from '../components/common/page-skeleton';

/** Whose users: an organization's (centralized experience) or a site's (original experience). */
export type UsersScope = { organizationId: string; siteId?: never } | { siteId: string; organizationId?: never };

export interface UsersListPageProps {
  scope: UsersScope;
}

export function UsersListPage(_props: UsersListPageProps) {
  return (
    <>
      <PageHeader title="Users" />
      <PageSkeleton />
    </>
  );
}
