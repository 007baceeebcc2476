import { useParams } from 'react-router';
import { ApiKeysPage } from '../pages/api-keys';

/** /o/:orgId/api-keys */
export function ApiKeysRoute() {
  const { orgId = '' } = useParams();
  return <ApiKeysPage key={orgId} orgId={orgId} />;
}
