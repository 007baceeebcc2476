import { useParams } from 'react-router';
import { AuditLogPage } from '../pages/audit-log';

/** /o/:orgId/audit-log */
export function AuditLogRoute() {
  const { orgId = '' } = useParams();
  return <AuditLogPage key={orgId} orgId={orgId} />;
}
