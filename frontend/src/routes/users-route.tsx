import { useParams } from 'react-router';
import { UsersListPage } from '../pages/users-list';

/** /o/:orgId/users (centralized experience) */
export function OrgUsersRoute() {
  const { orgId = '' } = useParams();
  return <UsersListPage key={orgId} scope={{ organizationId: orgId }} />;
}

/** /s/:siteId/users (original experience) */
export function SiteUsersRoute() {
  const { siteId = '' } = useParams();
  return <UsersListPage key={siteId} scope={{ siteId }} />;
}
