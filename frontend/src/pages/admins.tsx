// /o/:orgId/admins: who administers the organization (organization admins, and site
// admins in an organization with original user management); add and remove roles.
import { Button, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconUserShield } from '@tabler/icons-react';
import { useState } from 'react';
import { useQuery } from 'urql';
import { AdminRolesTable } from '../components/admins/admin-roles-table';
import { GrantAdminRoleDialog } from '../components/admins/grant-admin-role-dialog';
import { ErrorAlert } from '../components/common/error-alert';
import { PageHeader } from '../components/common/page-header';
import { PageSkeleton } from '../components/common/page-skeleton';
import { graphql } from '../gql';

const AdminsQuery = graphql(`
  query AdminsQuery($orgId: ID!) {
    viewer {
      account {
        id
      }
    }
    organization(id: $orgId) {
      id
      name
      userManagement
      sites {
        id
        name
      }
      admins {
        id
        ...AdminRolesTable_AdminRole
      }
    }
  }
`);

export interface AdminsPageProps {
  orgId: string;
}

export function AdminsPage({ orgId }: AdminsPageProps) {
  const [{ data, error, fetching }, reexecute] = useQuery({ query: AdminsQuery, variables: { orgId } });
  const [granting, setGranting] = useState(false);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const org = data?.organization;

  const header = (
    <PageHeader
      title="Admins"
      description={
        org?.userManagement === 'ORIGINAL'
          ? 'Organization admins manage everything in the organization; site admins manage the users of one site.'
          : 'Organization admins manage everything in the organization.'
      }
      actions={
        org && (
          <Button leftSection={<IconUserShield size={16} aria-hidden />} onClick={() => setGranting(true)}>
            Add admin
          </Button>
        )
      }
    />
  );
  if (!data) {
    return (
      <>
        {header}
        {error && !fetching ? <ErrorAlert error={error} /> : <PageSkeleton cards={0} rows={5} />}
      </>
    );
  }
  if (!org) {
    return (
      <>
        {header}
        <ErrorAlert error={error ?? { code: 'NOT_FOUND' }} />
      </>
    );
  }

  return (
    <>
      {header}
      <Stack gap="md">
        {error && <ErrorAlert error={error} />}
        {org.admins.length === 0 ? (
          <Paper withBorder p="xl">
            <Text ta="center" c="dimmed">
              No admins.
            </Text>
          </Paper>
        ) : (
          <AdminRolesTable
            roles={org.admins}
            organizationName={org.name}
            viewerAccountId={data.viewer.account?.id}
            onRevoked={refresh}
          />
        )}
      </Stack>
      <GrantAdminRoleDialog
        organization={org}
        opened={granting}
        onClose={() => setGranting(false)}
        onGranted={(message) => {
          notifications.show({ color: 'green', message });
          refresh();
        }}
      />
    </>
  );
}
