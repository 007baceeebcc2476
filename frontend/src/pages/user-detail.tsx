// One user of an organization (/o/:orgId/users/:accountId) or of a site
// (/s/:siteId/users/:accountId): the account, its memberships on the scope's sites with
// product access and groups to edit, suspend/restore/remove on a site or on every site,
// and "Update details" (managed: leads to Managed accounts) or "Suggest changes" (external).
import { Anchor, Button, Card, EmptyState, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconPencil, IconUserOff } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { useQuery } from 'urql';
import { ErrorAlert } from '../components/common/error-alert';
import { PageHeader } from '../components/common/page-header';
import { PageSkeleton } from '../components/common/page-skeleton';
import { MembershipPanel } from '../components/users/membership-panel';
import { SuggestChangesForm } from '../components/users/suggest-changes-form';
import { UserAccountSummary } from '../components/users/user-account-summary';
import { UserActionDialog, type UserActionRequest } from '../components/users/user-action-dialog';
import type { ActionTarget, UserAction } from '../components/users/user-action-wording';
import { graphql } from '../gql';
import type { UsersScope } from './users-list';

export interface UserDetailPageProps {
  scope: UsersScope;
  accountId: string;
}

const UserDetailQuery = graphql(`
  query UserDetailQuery($accountId: ID!, $forOrganization: Boolean!, $organizationId: ID!, $siteId: ID!) {
    node(id: $accountId) {
      __typename
      ... on Account {
        id
        name
        email
        managed
        memberships {
          id
          status
          site {
            id
            organization {
              id
            }
          }
          ...MembershipPanel_Membership
        }
        ...UserAccountSummary_Account
        ...SuggestChangesForm_Account
      }
    }
    organization(id: $organizationId) @include(if: $forOrganization) {
      id
      name
      sites {
        id
        name
      }
    }
    site(id: $siteId) @skip(if: $forOrganization) {
      id
      name
      organization {
        id
        name
      }
    }
  }
`);

export function UserDetailPage({ scope, accountId }: UserDetailPageProps) {
  const forOrganization = scope.organizationId !== undefined;
  const location = useLocation();
  const [action, setAction] = useState<UserActionRequest | null>(null);
  const [suggesting, setSuggesting] = useState(false);
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: UserDetailQuery,
    variables: {
      accountId,
      forOrganization,
      organizationId: scope.organizationId ?? '',
      siteId: scope.siteId ?? '',
    },
  });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });

  const listPath = forOrganization ? `/o/${scope.organizationId}/users` : `/s/${scope.siteId}/users`;
  const listSearch = (location.state as { listSearch?: string } | null)?.listSearch ?? '';
  const back = (
    <Anchor component={Link} to={`${listPath}${listSearch}`} size="sm" mb="sm" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
      <IconArrowLeft size={14} aria-hidden /> Users
    </Anchor>
  );

  const account = data?.node?.__typename === 'Account' ? data.node : null;
  const scopeReady = forOrganization ? data?.organization : data?.site;
  if (!account || !scopeReady) {
    if ((error || data) && !fetching) {
      return (
        <>
          {back}
          <PageHeader title="User" />
          {error ? (
            <ErrorAlert error={error} />
          ) : (
            <ErrorAlert error={{ extensions: { code: 'NOT_FOUND' } }} />
          )}
        </>
      );
    }
    return (
      <>
        {back}
        <PageHeader title="User" />
        <PageSkeleton cards={0} rows={10} />
      </>
    );
  }

  const organization = data?.organization
    ? { id: data.organization.id, name: data.organization.name }
    : { id: data!.site!.organization.id, name: data!.site!.organization.name };
  const scopeName = data?.organization ? data.organization.name : data!.site!.name;
  const memberships = account.memberships.filter((m) =>
    forOrganization ? m.site.organization.id === scope.organizationId : m.site.id === scope.siteId,
  );
  const who = account.name || account.email;
  // Managed means managed by an organization the viewer administers: the scope's.
  const managedAccountPath = account.managed ? `/o/${organization.id}/members/${account.id}` : undefined;
  const target: ActionTarget = { accountId: account.id, name: account.name, email: account.email, managed: account.managed };
  const siteNames = data?.organization?.sites.map((s) => s.name) ?? [];

  function siteAction(kind: UserAction, site: { id: string; name: string }) {
    setAction({ action: kind, place: { kind: 'site', siteId: site.id, siteName: site.name }, target });
  }
  function orgAction(kind: UserAction) {
    setAction({
      action: kind,
      place: { kind: 'organization', organizationId: organization.id, organizationName: organization.name, siteNames },
      target,
    });
  }

  const headerAction = account.managed ? (
    <Button component={Link} to={managedAccountPath!} leftSection={<IconPencil size={16} aria-hidden />}>
      Update details
    </Button>
  ) : (
    <Button variant="default" onClick={() => setSuggesting(true)} leftSection={<IconPencil size={16} aria-hidden />}>
      Suggest changes
    </Button>
  );

  return (
    <>
      {back}
      <PageHeader
        title={who}
        description={
          account.managed
            ? `Managed by ${organization.name}: edit the account's details and lifecycle on Managed accounts. Here you manage ${who}'s access to ${forOrganization ? `${organization.name}'s sites` : scopeName}.`
            : `External account, managed by another organization or by its owner: you can suggest changes to it. Here you manage ${who}'s access to ${forOrganization ? `${organization.name}'s sites` : scopeName}.`
        }
        actions={headerAction}
      />
      <UserAccountSummary account={account} managedAccountPath={managedAccountPath} />

      {memberships.length === 0 ? (
        <EmptyState
          icon={<IconUserOff size={28} aria-hidden />}
          withIndicatorBackground
          title={`${who} is not a user of ${forOrganization ? `${organization.name}'s sites` : scopeName}`}
          description={`Invite them from the Users page to give them access.${account.managed ? ' The account stays on Managed accounts either way.' : ''}`}
          py="xl"
        >
          <EmptyState.Actions>
            <Button component={Link} to={listPath}>
              Go to Users
            </Button>
            {managedAccountPath && (
              <Button component={Link} to={managedAccountPath} variant="default">
                Open on Managed accounts
              </Button>
            )}
          </EmptyState.Actions>
        </EmptyState>
      ) : (
        <Stack gap="md">
          {forOrganization && (
            <Card withBorder padding="md" radius="md" component="section" aria-labelledby="every-site">
              <Group justify="space-between">
                <div>
                  <Title order={2} size="h4" id="every-site">
                    Every site of {organization.name}
                  </Title>
                  <Text size="sm" c="dimmed">
                    Suspend, restore or remove {who} on all of {organization.name}&apos;s sites at once.
                  </Text>
                </div>
                <Group gap="xs">
                  {memberships.some((m) => m.status !== 'SUSPENDED') && (
                    <Button variant="default" size="xs" onClick={() => orgAction('suspend')}>
                      Suspend on every site
                    </Button>
                  )}
                  {memberships.some((m) => m.status === 'SUSPENDED') && (
                    <Button variant="default" size="xs" onClick={() => orgAction('restore')}>
                      Restore on every site
                    </Button>
                  )}
                  <Button variant="light" color="red" size="xs" onClick={() => orgAction('remove')}>
                    Remove from every site
                  </Button>
                </Group>
              </Group>
            </Card>
          )}
          {memberships.map((m) => (
            <MembershipPanel key={m.id} membership={m} onAction={siteAction} onChanged={refresh} />
          ))}
        </Stack>
      )}

      <UserActionDialog request={action} managedAccountPath={managedAccountPath} onClose={() => setAction(null)} onDone={refresh} />
      <Modal
        opened={suggesting}
        onClose={() => setSuggesting(false)}
        title={`Suggest changes to ${who}`}
        size="lg"
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        {suggesting && (
          <SuggestChangesForm
            account={account}
            onCancel={() => setSuggesting(false)}
            onSent={() => {
              setSuggesting(false);
              notifications.show({
                color: 'green',
                title: 'Suggestion sent',
                message: `It is recorded for whoever manages ${who}'s account; nothing changes until they apply it.`,
              });
            }}
          />
        )}
      </Modal>
    </>
  );
}
