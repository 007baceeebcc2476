// "/": the viewer's first organization's Managed accounts, or a site admin's site Users.
import { Center, Loader, Stack, Text, Title } from '@mantine/core';
import { Navigate } from 'react-router';
import { useQuery } from 'urql';
import { ErrorAlert } from '../components/common/error-alert';
import { homePath } from '../components/layout/scope';
import { graphql } from '../gql';

const HomeQuery = graphql(`
  query HomeQuery {
    viewer {
      organizations {
        id
      }
      adminSites {
        id
      }
    }
  }
`);

export function HomeRoute() {
  const [{ data, error, fetching }] = useQuery({ query: HomeQuery });
  if (data) {
    const to = homePath(data.viewer);
    if (to) return <Navigate to={to} replace />;
    return (
      <Center mih="60vh">
        <Stack align="center" gap="xs">
          <Title order={1} size="h3">
            Nothing to administer
          </Title>
          <Text c="dimmed">You are not an admin of any organization or site. Ask an organization admin for a role.</Text>
        </Stack>
      </Center>
    );
  }
  if (error && !fetching) {
    return (
      <Center mih="60vh" p="md">
        <ErrorAlert error={error} />
      </Center>
    );
  }
  return (
    <Center mih="60vh">
      <Loader aria-label="Loading" />
    </Center>
  );
}
