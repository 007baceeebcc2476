// One user of an organization (/o/:orgId/users/:accountId) or of a site
// (/s/:siteId/users/:accountId).
// PLACEHOLDER: title and loading skeleton only, to be replaced by the real page
// (status per site, product access, groups, suspend/restore/remove, update or suggest).
import { PageHeader } from '../components/common/page-header';
import { PageSkeleton } from '../components/common/page-skeleton';
import type { UsersScope } from './users-list';

export interface UserDetailPageProps {
  scope: UsersScope;
  accountId: string;
}

export function UserDetailPage(_props: UserDetailPageProps) {
  return (
    <>
      <PageHeader title="User" />
      <PageSkeleton cards={0} />
    </>
  );
}
