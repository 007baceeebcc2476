// /graphiql, loaded lazily (see router.tsx): the API explorer, full screen.
import { useDocumentTitle } from '@mantine/hooks';
import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import { loginPath } from '../lib/auth';
import { GraphiQLPage } from '../pages/graphiql';

export function GraphiQLRoute() {
  useDocumentTitle('API explorer · orgdir');
  const navigate = useNavigate();
  const onUnauthenticated = useCallback(() => navigate(loginPath('/graphiql'), { replace: true }), [navigate]);
  return <GraphiQLPage onUnauthenticated={onUnauthenticated} />;
}
