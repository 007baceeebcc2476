// Users: an organization's (centralized, /o/:orgId/users: Organization.users, one row per
// account with its aggregate status) or one site's (original, /s/:siteId/users: Site.users,
// one row per membership). Counts, search and filters in the URL, sortable table with
// cursor pages, invite dialog, and suspend/restore/remove on a site or on every site.
import { Box, Button, EmptyState, Group, LoadingOverlay, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconUserPlus, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { useQuery } from 'urql';
import { ErrorAlert } from '../components/common/error-alert';
import { PageHeader } from '../components/common/page-header';
import { ExportButton } from '../components/export/export-button';
import { PageSkeleton } from '../components/common/page-skeleton';
import { InviteUsersDialog, type InvitedUsers } from '../components/users/invite-users-dialog';
import { OrgUserRow } from '../components/users/org-user-row';
import { SiteUserRow } from '../components/users/site-user-row';
import { UserActionDialog, type UserActionRequest } from '../components/users/user-action-dialog';
import { UserStatsCards } from '../components/users/user-stats-cards';
import { UsersFilters } from '../components/users/users-filters';
import { UsersTable } from '../components/users/users-table';
import { isFiltered, userFilter, useUsersUrlState } from '../components/users/users-url-state';
import { allProducts } from '../components/users/labels';
import { graphql } from '../gql';
import type { ProductKey } from '../gql/graphql';

/** Whose users: an organization's (centralized experience) or a site's (original experience). */
export type UsersScope = { organizationId: string; siteId?: never } | { siteId: string; organizationId?: never };

export interface UsersListPageProps {
  scope: UsersScope;
}

export const usersPageSize = 50;

const UsersListQuery = graphql(`
  query UsersListQuery(
    $forOrganization: Boolean!
    $organizationId: ID!
    $siteId: ID!
    $first: Int
    $after: Cursor
    $last: Int
    $before: Cursor
    $search: String
    $where: UserFilter
    $orderBy: UserOrder
  ) {
    organization(id: $organizationId) @include(if: $forOrganization) {
      id
      name
      sites {
        id
        name
        products
        groups {
          id
          name
        }
        ...InviteUsersDialog_Site
      }
      userStats {
        ...UserStatsCards_UserStats
      }
      users(first: $first, after: $after, last: $last, before: $before, search: $search, where: $where, orderBy: $orderBy) {
        totalCount
        pageInfo {
          hasNextPage
          hasPreviousPage
          startCursor
          endCursor
        }
        edges {
          node {
            id
            ...OrgUserRow_OrgUser
          }
        }
      }
    }
    site(id: $siteId) @skip(if: $forOrganization) {
      id
      name
      url
      products
      groups {
        id
        name
      }
      organization {
        id
        name
      }
      ...InviteUsersDialog_Site
      userStats {
        ...UserStatsCards_UserStats
      }
      users(first: $first, after: $after, last: $last, before: $before, search: $search, where: $where, orderBy: $orderBy) {
        totalCount
        pageInfo {
          hasNextPage
          hasPreviousPage
          startCursor
          endCursor
        }
        edges {
          node {
            id
            ...SiteUserRow_Membership
          }
        }
      }
    }
  }
`);

export function UsersListPage({ scope }: UsersListPageProps) {
  const forOrganization = scope.organizationId !== undefined;
  const [url, setUrl] = useUsersUrlState();
  const [inviting, setInviting] = useState(false);
  const [action, setAction] = useState<UserActionRequest | null>(null);

  const [{ data, error, fetching }, reexecute] = useQuery({
    query: UsersListQuery,
    variables: {
      forOrganization,
      organizationId: scope.organizationId ?? '',
      siteId: scope.siteId ?? '',
      ...(url.before ? { last: usersPageSize, before: url.before } : { first: usersPageSize, after: url.after }),
      search: url.search.trim() || null,
      // The site filter applies to an organization's list only.
      where: userFilter(forOrganization ? url : { ...url, siteId: null }) ?? null,
      orderBy: { field: url.orderBy, direction: url.direction },
    },
  });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });

  const org = data?.organization;
  const site = data?.site;
  const basePath = forOrganization ? `/o/${scope.organizationId}/users` : `/s/${scope.siteId}/users`;

  if (!org && !site) {
    if (error && !fetching) {
      return (
        <>
          <PageHeader title="Users" />
          <ErrorAlert error={error} />
        </>
      );
    }
    return (
      <>
        <PageHeader title="Users" />
        <PageSkeleton />
      </>
    );
  }

  const sites = org ? org.sites : site ? [site] : [];
  const siteNames = sites.map((s) => s.name);
  const products = allProducts.filter((p) => sites.some((s) => (s.products as ProductKey[]).includes(p)));
  const groups = sites.flatMap((s) => s.groups.map((g) => ({ id: g.id, name: g.name, siteId: s.id, siteName: s.name })));
  const connection = org ? org.users : site!.users;
  const stats = org ? org.userStats : site!.userStats;
  const organization = org ? { id: org.id, name: org.name } : { id: site!.organization.id, name: site!.organization.name };
  const title = org ? 'Users' : `Users of ${site!.name}`;
  const description = org
    ? `Everyone invited to ${org.name}'s sites (${siteNames.join(', ') || 'none yet'}), managed or external: one row per person. Claimed accounts are on Managed accounts until they are invited.`
    : `Everyone invited to the site ${site!.name}, managed by ${site!.organization.name} or external: one row per person on this site. Claimed accounts are on Managed accounts until they are invited.`;

  const rows = (connection.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const { pageInfo } = connection;
  const hasPrevious = url.before ? pageInfo.hasPreviousPage : url.after !== null || pageInfo.hasPreviousPage;
  const hasNext = url.before ? true : pageInfo.hasNextPage;

  function invited(result: InvitedUsers) {
    const n = result.emails.length;
    notifications.show({
      color: 'green',
      title: `Invited ${n === 1 ? result.emails[0] : `${n} people`}`,
      message: `They are Invited on ${result.siteName} and become Active the first time they use it.`,
    });
    refresh();
  }

  const actionMembersPath = action ? `/o/${organization.id}/members/${action.target.accountId}` : undefined;

  return (
    <>
      <PageHeader
        title={title}
        description={description}
        actions={
          <>
            <ExportButton kind="users" scope={scope} />
            <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={() => setInviting(true)} disabled={sites.length === 0}>
              Invite users
            </Button>
          </>
        }
      />
      <UserStatsCards
        stats={stats}
        caption={org ? `on ${org.name}'s sites` : `on ${site!.name}`}
        selected={url.status}
        onSelect={(status) => setUrl({ status })}
      />
      <UsersFilters
        state={url}
        onChange={setUrl}
        sites={org ? org.sites : undefined}
        products={products}
        groups={groups}
      />
      <Group justify="space-between" mb="xs">
        <Text size="sm" aria-live="polite">
          {connection.totalCount === 1 ? '1 user' : `${connection.totalCount.toLocaleString('en')} users`}
          {isFiltered(url) ? ' match' : ''}
        </Text>
      </Group>
      {rows.length === 0 ? (
        <EmptyState
          icon={<IconUsers size={28} aria-hidden />}
          withIndicatorBackground
          title={isFiltered(url) ? 'No users match' : 'No users yet'}
          description={
            isFiltered(url)
              ? 'Change the search or filters, or clear them to see everyone.'
              : 'Invite people to give them access to the site. Accounts your organization claimed are on Managed accounts until you invite them.'
          }
          py="xl"
        >
          <EmptyState.Actions>
            {isFiltered(url) ? (
              <Button variant="default" onClick={() => setUrl({ search: '', status: null, siteId: null, product: null, groupId: null, managed: null })}>
                Clear filters
              </Button>
            ) : (
              <Button onClick={() => setInviting(true)}>Invite users</Button>
            )}
          </EmptyState.Actions>
        </EmptyState>
      ) : (
        <Box pos="relative">
          <LoadingOverlay visible={fetching} overlayProps={{ blur: 0, backgroundOpacity: 0.4 }} loaderProps={{ 'aria-label': 'Loading' } as object} />
          <UsersTable
            sort={{ orderBy: url.orderBy, direction: url.direction }}
            onSort={(s) => setUrl(s)}
            caption={org ? `Users of ${org.name}'s sites` : `Users of ${site!.name}`}
            statusLabel={org ? 'Status' : 'Status on site'}
          >
            {org
              ? org.users.edges?.map(
                  (e) =>
                    e?.node && (
                      <OrgUserRow
                        key={e.node.id}
                        user={e.node}
                        organization={{ ...organization, siteNames }}
                        basePath={basePath}
                        onAction={setAction}
                      />
                    ),
                )
              : site!.users.edges?.map(
                  (e) =>
                    e?.node && (
                      <SiteUserRow key={e.node.id} membership={e.node} site={site!} basePath={basePath} onAction={setAction} />
                    ),
                )}
          </UsersTable>
        </Box>
      )}
      {(hasPrevious || hasNext) && rows.length > 0 && (
        <Group justify="flex-end" mt="md" component="nav" aria-label="Pages of users">
          <Button variant="default" disabled={!hasPrevious} onClick={() => setUrl({ before: pageInfo.startCursor ?? null, after: null })}>
            Previous page
          </Button>
          <Button variant="default" disabled={!hasNext} onClick={() => setUrl({ after: pageInfo.endCursor ?? null, before: null })}>
            Next page
          </Button>
        </Group>
      )}
      {error && !fetching && <ErrorAlert error={error} />}
      <InviteUsersDialog opened={inviting} onClose={() => setInviting(false)} sites={sites} onInvited={invited} />
      <UserActionDialog
        request={action}
        managedAccountPath={actionMembersPath}
        onClose={() => setAction(null)}
        onDone={refresh}
      />
    </>
  );
}
