import { useParams } from 'react-router';
import { UserDetailPage } from '../pages/user-detail';

/** /o/:orgId/users/:accountId (centralized experience) */
export function OrgUserRoute() {
  const { orgId = '', accountId = '' } = useParams();
  return <UserDetailPage key={`${orgId}/${accountId}`} scope={{ organizationId: orgId }} accountId={accountId} />;
}

/** /s/:siteId/users/:accountId (original experience) */
export function SiteUserRoute() {
  const { siteId = '', accountId = '' } = useParams();
  return <UserDetailPage key={`${siteId}/${accountId}`} scope={{ siteId }} accountId={accountId} />;
}
