// /o/:orgId/domains: the organization's email domains. Add one, publish the value it
// shows (TXT record or HTTPS file), verify it, then claim the accounts on it after a
// preview (PRODUCT.md §5).
import { Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useQuery } from 'urql';
import { ErrorAlert } from '../components/common/error-alert';
import { PageHeader } from '../components/common/page-header';
import { PageSkeleton } from '../components/common/page-skeleton';
import { AddDomainForm, type AddedDomain } from '../components/domains/add-domain-form';
import { ClaimAccountsDialog } from '../components/domains/claim-accounts-dialog';
import { DomainVerificationDialog } from '../components/domains/domain-verification-dialog';
import { DomainsTable } from '../components/domains/domains-table';
import { graphql } from '../gql';

const DomainsQuery = graphql(`
  query DomainsQuery($orgId: ID!) {
    organization(id: $orgId) {
      id
      name
      domains {
        id
        ...DomainsTable_Domain
        ...DomainVerification_Domain
      }
    }
  }
`);

export interface DomainsPageProps {
  orgId: string;
}

export function DomainsPage({ orgId }: DomainsPageProps) {
  const [{ data, error, fetching }, reexecute] = useQuery({ query: DomainsQuery, variables: { orgId } });
  // The domain whose instructions are open: as the list has it, or as addDomain answered
  // (a domain added again has a fresh value the list has not fetched yet).
  const [verifying, setVerifying] = useState<{ id: string; added?: AddedDomain } | null>(null);
  const [claiming, setClaiming] = useState<string | null>(null);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });

  const header = (
    <PageHeader
      title="Domains"
      description="Prove that your organization owns an email domain, then claim the accounts on it: they become managed accounts."
    />
  );
  if (!data) {
    return (
      <>
        {header}
        {error && !fetching ? <ErrorAlert error={error} /> : <PageSkeleton cards={0} rows={4} />}
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
  const verifyingDomain = verifying?.added ?? org.domains.find((d) => d.id === verifying?.id) ?? null;

  return (
    <>
      {header}
      <Stack gap="lg">
        <Paper withBorder p="md">
          <AddDomainForm
            organizationId={org.id}
            onAdded={(d) => {
              notifications.show({ color: 'green', title: `Added ${d.name}`, message: 'Publish the value shown, then verify.' });
              refresh();
              setVerifying({ id: d.id, added: d });
            }}
          />
        </Paper>
        <section aria-labelledby="domains-title">
          <Title order={2} size="h4" id="domains-title" mb="xs">
            {org.domains.length === 1 ? '1 domain' : `${org.domains.length} domains`}
          </Title>
          {error && <ErrorAlert error={error} />}
          {org.domains.length === 0 ? (
            <Paper withBorder p="xl">
              <Stack align="center" gap={4}>
                <Text fw={500}>No domains yet</Text>
                <Text c="dimmed" size="sm">
                  Add your organization's email domain above to start managing the accounts on it.
                </Text>
              </Stack>
            </Paper>
          ) : (
            <DomainsTable domains={org.domains} onVerify={(id) => setVerifying({ id })} onClaim={setClaiming} />
          )}
        </section>
      </Stack>
      <DomainVerificationDialog
        domain={verifyingDomain}
        opened={verifyingDomain !== null}
        onClose={() => setVerifying(null)}
        onClaim={setClaiming}
      />
      <ClaimAccountsDialog
        organizationId={org.id}
        organizationName={org.name}
        domainId={claiming}
        onClose={() => setClaiming(null)}
        onClaimed={(n) => {
          notifications.show({ color: 'green', title: n === 1 ? 'Claimed 1 account' : `Claimed ${n} accounts`, message: 'They are on Managed accounts now.' });
          refresh();
        }}
      />
    </>
  );
}
