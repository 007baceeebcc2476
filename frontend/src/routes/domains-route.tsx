import { useParams } from 'react-router';
import { DomainsPage } from '../pages/domains';

/** /o/:orgId/domains */
export function DomainsRoute() {
  const { orgId = '' } = useParams();
  return <DomainsPage key={orgId} orgId={orgId} />;
}
