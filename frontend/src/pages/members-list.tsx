// Managed accounts of an organization (/o/:orgId/members).
// PLACEHOLDER: title and loading skeleton only, to be replaced by the real page
// (stats cards, last-active chart, table, bulk actions).
import { PageHeader } from '../components/common/page-header';
import { PageSkeleton } from '../components/common/page-skeleton';

export interface MembersListPageProps {
  orgId: string;
}

export function MembersListPage(_props: MembersListPageProps) {
  return (
    <>
      <PageHeader title="Managed accounts" />
      <PageSkeleton />
    </>
  );
}
