// The signed-in frame: loads the viewer (organizations, sites) once and renders the
// layout around the matched page, with the org or site of the URL selected.
import { Center, Loader } from '@mantine/core';
import { Outlet, useParams } from 'react-router';
import { useQuery } from 'urql';
import { ErrorAlert } from '../components/common/error-alert';
import { AppLayout } from '../components/layout/app-layout';
import { useSession } from '../components/session/session-provider';
import { graphql } from '../gql';

const AppLayoutQuery = graphql(`
  query AppLayoutQuery {
    viewer {
      ...AppLayout_Viewer
    }
  }
`);

export function AppLayoutRoute() {
  const { orgId, siteId } = useParams();
  const session = useSession();
  const [{ data, error, fetching }] = useQuery({ query: AppLayoutQuery });
  if (!data) {
    return (
      <Center mih="100vh" p="md">
        {error && !fetching ? <ErrorAlert error={error} /> : <Loader aria-label="Loading" />}
      </Center>
    );
  }
  return (
    <AppLayout viewer={data.viewer} orgId={orgId} siteId={siteId} onSignOut={() => void session.signOut()}>
      <Outlet />
    </AppLayout>
  );
}
