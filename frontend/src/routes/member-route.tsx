import { useParams } from 'react-router';
import { AccountDetailPage } from '../pages/account-detail';

/** /o/:orgId/members/:accountId */
export function MemberRoute() {
  const { orgId = '', accountId = '' } = useParams();
  return <AccountDetailPage key={`${orgId}/${accountId}`} orgId={orgId} accountId={accountId} />;
}
