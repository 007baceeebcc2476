import { useParams } from 'react-router';
import { MembersListPage } from '../pages/members-list';

/** /o/:orgId/members */
export function MembersRoute() {
  const { orgId = '' } = useParams();
  return <MembersListPage key={orgId} orgId={orgId} />;
}
