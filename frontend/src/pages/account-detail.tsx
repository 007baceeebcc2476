// One managed account (/o/:orgId/members/:accountId): its state and lifecycle actions,
// details form and email, sign-in security, devices and API tokens, product access on the
// organization's sites and outside it (rule 17), suggestions from other organizations and
// the audit history. An account the organization sees but does not manage is shown
// read-only: only its managing organization can change it (rule 5).
import { Alert, Anchor, Group, Paper, SimpleGrid, Stack, Title } from '@mantine/core';
import { IconArrowLeft, IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { AccountApiTokens } from '../components/accounts/account-api-tokens';
import { AccountAuditHistory } from '../components/accounts/account-audit-history';
import { AccountBadges } from '../components/accounts/account-badges';
import { AccountDetailsForm } from '../components/accounts/account-details-form';
import { AccountDevices } from '../components/accounts/account-devices';
import { AccountExternalAccess } from '../components/accounts/account-external-access';
import { AccountLifecycleActions } from '../components/accounts/account-lifecycle-actions';
import { AccountProductAccess } from '../components/accounts/account-product-access';
import { AccountSecurity } from '../components/accounts/account-security';
import { AccountSuggestedChanges } from '../components/accounts/account-suggested-changes';
import { ChangeEmailButton } from '../components/accounts/change-email-button';
import { displayName } from '../components/accounts/format';
import { ErrorAlert } from '../components/common/error-alert';
import { PageHeader } from '../components/common/page-header';
import { PageSkeleton } from '../components/common/page-skeleton';
import { graphql } from '../gql';

const AccountDetailQuery = graphql(`
  query AccountDetailQuery($orgId: ID!, $accountId: ID!) {
    organization(id: $orgId) {
      id
      domains {
        id
        ...ChangeEmailButton_Domain
      }
    }
    node(id: $accountId) {
      __typename
      ... on Account {
        id
        name
        email
        status
        managed
        suggestedChanges {
          id
        }
        ...AccountBadges_Account
        ...AccountLifecycleActions_Account
        ...AccountDetailsForm_Account
        ...ChangeEmailButton_Account
        ...AccountSecurity_Account
        ...AccountDevices_Account
        ...AccountApiTokens_Account
        ...AccountProductAccess_Account
        ...AccountExternalAccess_Account
        ...AccountSuggestedChanges_Account
        ...AccountAuditHistory_Account
      }
    }
  }
`);

export interface AccountDetailPageProps {
  orgId: string;
  accountId: string;
}

function Section({
  id,
  title,
  actions,
  children,
}: {
  id: string;
  title: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={id}>
      <Group justify="space-between" mb="sm" gap="sm">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {actions}
      </Group>
      {children}
    </Paper>
  );
}

export function AccountDetailPage({ orgId, accountId }: AccountDetailPageProps) {
  const [{ data, error, fetching }] = useQuery({ query: AccountDetailQuery, variables: { orgId, accountId } });
  const back = (
    <Anchor
      component={Link}
      to={`/o/${orgId}/members`}
      size="sm"
      mb="xs"
      display="inline-flex"
      style={{ alignItems: 'center', gap: 4 }}
    >
      <IconArrowLeft size={14} aria-hidden /> Managed accounts
    </Anchor>
  );

  if (!data) {
    return (
      <>
        {back}
        {error && !fetching ? (
          <>
            <PageHeader title="Managed account" />
            <ErrorAlert error={error} />
          </>
        ) : (
          <>
            <PageHeader title="Managed account" />
            <PageSkeleton cards={2} rows={6} />
          </>
        )}
      </>
    );
  }

  const account = data.node?.__typename === 'Account' ? data.node : null;
  if (!account) {
    return (
      <>
        {back}
        <PageHeader title="Managed account" />
        <ErrorAlert error={error ?? { code: 'NOT_FOUND', message: 'account not found' }} />
      </>
    );
  }

  return (
    <>
      {back}
      <PageHeader
        title={displayName(account)}
        description={account.email}
        actions={<AccountLifecycleActions account={account} />}
      />
      <Stack gap="lg">
        <AccountBadges account={account} showActive />
        {error && <ErrorAlert error={error} />}
        {!account.managed && (
          <Alert
            color="gray"
            variant="light"
            icon={<IconLock size={16} aria-hidden />}
            title="Not managed by your organization"
          >
            Only the organization that manages this account can change it: its details, email, devices, tokens and
            whether it is active. You see it because it uses your sites. To propose a change, use “Suggest changes” on
            the Users page.
          </Alert>
        )}

        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <Section
            id="details-title"
            title="Details"
            actions={<ChangeEmailButton account={account} domains={data.organization?.domains ?? []} />}
          >
            <AccountDetailsForm account={account} />
          </Section>
          <Section id="security-title" title="Sign-in and security">
            <AccountSecurity account={account} />
          </Section>
        </SimpleGrid>

        {account.suggestedChanges.length > 0 && (
          <Section id="suggestions-title" title="Suggested changes">
            <AccountSuggestedChanges account={account} />
          </Section>
        )}

        <SimpleGrid cols={{ base: 1, xl: 2 }} spacing="lg">
          <Section id="devices-title" title="Devices">
            <AccountDevices account={account} />
          </Section>
          <Section id="tokens-title" title="API tokens">
            <AccountApiTokens account={account} />
          </Section>
        </SimpleGrid>

        <Section id="access-title" title="Product access on your sites">
          <AccountProductAccess account={account} />
        </Section>
        <Section id="external-title" title="Product access outside your organization">
          <AccountExternalAccess account={account} />
        </Section>
        <Section id="audit-title" title="Audit history">
          <AccountAuditHistory account={account} />
        </Section>
      </Stack>
    </>
  );
}
