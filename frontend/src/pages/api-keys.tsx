// /o/:orgId/api-keys: the organization's API keys for scripts and integrations: create
// one (its secret shown once), see when each was last used, revoke.
import { Button, Paper, Stack, Text } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import { useState } from 'react';
import { useQuery } from 'urql';
import { CreateApiKeyDialog } from '../components/api-keys/create-api-key-dialog';
import { ApiKeysTable } from '../components/api-keys/api-keys-table';
import { ErrorAlert } from '../components/common/error-alert';
import { PageHeader } from '../components/common/page-header';
import { PageSkeleton } from '../components/common/page-skeleton';
import { graphql } from '../gql';

const ApiKeysQuery = graphql(`
  query ApiKeysQuery($orgId: ID!) {
    organization(id: $orgId) {
      id
      name
      apiKeys {
        id
        ...ApiKeysTable_ApiKey
      }
    }
  }
`);

export interface ApiKeysPageProps {
  orgId: string;
}

export function ApiKeysPage({ orgId }: ApiKeysPageProps) {
  const [{ data, error, fetching }, reexecute] = useQuery({ query: ApiKeysQuery, variables: { orgId } });
  const [creating, setCreating] = useState(false);

  const header = (
    <PageHeader
      title="API keys"
      description="Keys for scripts and integrations to use the GraphQL API and the exports as your organization."
      actions={
        data?.organization && (
          <Button leftSection={<IconKey size={16} aria-hidden />} onClick={() => setCreating(true)}>
            Create API key
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
  const org = data.organization;
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
        {org.apiKeys.length === 0 ? (
          <Paper withBorder p="xl">
            <Stack align="center" gap={4}>
              <Text fw={500}>No API keys yet</Text>
              <Text c="dimmed" size="sm">
                Create one for each script or integration, so that each can be revoked on its own.
              </Text>
            </Stack>
          </Paper>
        ) : (
          <ApiKeysTable apiKeys={org.apiKeys} />
        )}
      </Stack>
      <CreateApiKeyDialog
        organizationId={org.id}
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={() => reexecute({ requestPolicy: 'network-only' })}
      />
    </>
  );
}
