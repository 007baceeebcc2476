// One managed account (/o/:orgId/members/:accountId).
// PLACEHOLDER: title and loading skeleton only, to be replaced by the real page
// (lifecycle actions, details form, security, product access, audit history).
import { PageHeader } from '../components/common/page-header';
import { PageSkeleton } from '../components/common/page-skeleton';

export interface AccountDetailPageProps {
  orgId: string;
  accountId: string;
}

export function AccountDetailPage(_props: AccountDetailPageProps) {
  return (
    <>
      <PageHeader title="Managed account" />
      <PageSkeleton cards={0} />
    </>
  );
}
