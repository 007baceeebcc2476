import { useParams } from 'react-router';
import { AdminsPage } from '../pages/admins';

/** /o/:orgId/admins */
export function AdminsRoute() {
  const { orgId = '' } = useParams();
  return <AdminsPage key={orgId} orgId={orgId} />;
}
