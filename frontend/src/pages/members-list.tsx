// Managed accounts of an organization (/o/:orgId/members): the counts and the last-active
// chart, then every account the organization manages (rule 2), searchable, filterable and
// sortable, 50 a page from the server, with bulk deactivate and reactivate. The search,
// filters, order and page live in the URL so that a link shows the same list.
import { Anchor, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconChevronLeft, IconChevronRight, IconChevronsLeft } from '@tabler/icons-react';
import { useCallback, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { BulkAccountActions } from '../components/accounts/bulk-account-actions';
import { LastActiveCard } from '../components/accounts/last-active-card';
import { ManagedAccountFilters } from '../components/accounts/managed-account-filters';
import { ManagedAccountStatsCards } from '../components/accounts/managed-account-stats-cards';
import { ManagedAccountsTable, type SelectedAccount } from '../components/accounts/managed-accounts-table';
import {
  emptyFilters,
  isFiltered,
  membersQueryVariables,
  membersUrlParams,
  PAGE_SIZE,
  parseMembersUrl,
  type MembersFilters,
  type MembersUrlState,
} from '../components/accounts/members-url-state';
import { ErrorAlert } from '../components/common/error-alert';
import { PageHeader } from '../components/common/page-header';
import { PageSkeleton } from '../components/common/page-skeleton';
import { ExportButton } from '../components/export/export-button';
import { graphql } from '../gql';

const MembersListQuery = graphql(`
  query MembersListQuery(
    $orgId: ID!
    $first: Int
    $after: Cursor
    $last: Int
    $before: Cursor
    $search: String
    $where: ManagedAccountFilter
    $orderBy: AccountOrder
  ) {
    organization(id: $orgId) {
      id
      managedAccountStats {
        ...ManagedAccountStatsCards_ManagedAccountStats
        lastActive {
          ...LastActiveCard_LastActiveBuckets
        }
      }
      authenticationPolicies {
        id
        ...ManagedAccountFilters_AuthenticationPolicy
      }
      managedAccounts(
        first: $first
        after: $after
        last: $last
        before: $before
        search: $search
        where: $where
        orderBy: $orderBy
      ) {
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
            ...ManagedAccountsTable_Account
          }
        }
      }
    }
  }
`);

export interface MembersListPageProps {
  orgId: string;
}

export function MembersListPage({ orgId }: MembersListPageProps) {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseMembersUrl(params), [params]);
  const variables = useMemo(() => membersQueryVariables(orgId, state), [orgId, state]);
  const [{ data, error, fetching }] = useQuery({ query: MembersListQuery, variables });

  // The selection belongs to one list view: another page, filter or order starts afresh.
  const viewKey = params.toString();
  const [selection, setSelection] = useState<{ key: string; accounts: SelectedAccount[] }>({ key: '', accounts: [] });
  const selected = selection.key === viewKey ? selection.accounts : [];
  const setSelected = useCallback((accounts: SelectedAccount[]) => setSelection({ key: viewKey, accounts }), [viewKey]);

  const update = useCallback(
    (next: (s: MembersUrlState) => MembersUrlState, replace = false) =>
      setParams((prev) => membersUrlParams(next(parseMembersUrl(prev))), { replace }),
    [setParams],
  );
  const changeFilters = useCallback(
    (patch: Partial<MembersFilters>) =>
      update(
        (s) => ({ ...s, filters: { ...s.filters, ...patch }, cursor: null, page: 1 }),
        // typing in the search box should not fill the history with one entry per word
        Object.keys(patch).length === 1 && 'search' in patch,
      ),
    [update],
  );

  const header = (
    <PageHeader
      title="Managed accounts"
      description="Accounts your organization manages through its verified domains, whether or not they use any of your sites."
      actions={<ExportButton kind="managedAccounts" scope={{ organizationId: orgId }} />}
    />
  );

  if (!data) {
    return (
      <>
        {header}
        {error && !fetching ? <ErrorAlert error={error} /> : <PageSkeleton cards={7} rows={10} />}
      </>
    );
  }
  const org = data.organization;
  if (!org) {
    return (
      <>
        {header}
        <ErrorAlert error={error ?? { code: 'NOT_FOUND', message: 'organization not found' }} />
      </>
    );
  }

  const conn = org.managedAccounts;
  const accounts = (conn.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const from = (state.page - 1) * PAGE_SIZE + 1;
  const filtered = isFiltered(state.filters);
  const busy = fetching;
  const hasPrevious = state.cursor !== null && (state.page > 1 || conn.pageInfo.hasPreviousPage);
  const hasNext = conn.pageInfo.hasNextPage;

  return (
    <>
      {header}
      <Stack gap="lg">
        <ManagedAccountStatsCards stats={org.managedAccountStats} />
        <LastActiveCard buckets={org.managedAccountStats.lastActive} />

        <Paper withBorder radius="md" p="md" component="section" aria-labelledby="accounts-title">
          <Stack gap="md">
            <Title order={2} size="h4" id="accounts-title">
              Accounts
            </Title>
            <ManagedAccountFilters
              value={state.filters}
              onChange={changeFilters}
              policies={org.authenticationPolicies}
            />
            {error && <ErrorAlert error={error} />}
            <BulkAccountActions selected={selected} onClearSelection={() => setSelected([])} />

            {accounts.length === 0 ? (
              busy ? (
                <Stack gap="xs" aria-busy="true" aria-label="Loading">
                  {Array.from({ length: 6 }, (_, i) => (
                    <Skeleton key={i} height={28} />
                  ))}
                </Stack>
              ) : (
                <EmptyState orgId={orgId} filtered={filtered} onClear={() => changeFilters(emptyFilters)} />
              )
            ) : (
              <>
                <ManagedAccountsTable
                  orgId={orgId}
                  accounts={accounts}
                  sort={state.sort}
                  onSortChange={(sort) => update((s) => ({ ...s, sort, cursor: null, page: 1 }))}
                  selected={selected}
                  onSelectedChange={setSelected}
                  busy={busy}
                />
                <Group justify="space-between" gap="sm">
                  <Text size="sm" c="dimmed" aria-live="polite">
                    {conn.totalCount === accounts.length && state.page === 1
                      ? `${conn.totalCount} ${conn.totalCount === 1 ? 'account' : 'accounts'}`
                      : `${from}–${from + accounts.length - 1} of ${conn.totalCount} accounts`}
                  </Text>
                  <Group gap="xs" component="nav" aria-label="Pages of accounts">
                    <Button
                      size="xs"
                      variant="default"
                      leftSection={<IconChevronsLeft size={14} aria-hidden />}
                      disabled={!hasPrevious}
                      onClick={() => update((s) => ({ ...s, cursor: null, page: 1 }))}
                    >
                      First
                    </Button>
                    <Button
                      size="xs"
                      variant="default"
                      leftSection={<IconChevronLeft size={14} aria-hidden />}
                      disabled={!hasPrevious || !conn.pageInfo.startCursor}
                      onClick={() =>
                        update((s) =>
                          s.page <= 2
                            ? { ...s, cursor: null, page: 1 }
                            : { ...s, cursor: { before: conn.pageInfo.startCursor! }, page: s.page - 1 },
                        )
                      }
                    >
                      Previous
                    </Button>
                    <Button
                      size="xs"
                      variant="default"
                      rightSection={<IconChevronRight size={14} aria-hidden />}
                      disabled={!hasNext || !conn.pageInfo.endCursor}
                      onClick={() =>
                        update((s) => ({ ...s, cursor: { after: conn.pageInfo.endCursor! }, page: s.page + 1 }))
                      }
                    >
                      Next
                    </Button>
                  </Group>
                </Group>
              </>
            )}
          </Stack>
        </Paper>
      </Stack>
    </>
  );
}

function EmptyState({ orgId, filtered, onClear }: { orgId: string; filtered: boolean; onClear: () => void }) {
  return (
    <Stack align="center" gap="xs" py="xl" role="status">
      {filtered ? (
        <>
          <Text fw={600}>No managed accounts match this search and these filters</Text>
          <Text size="sm" c="dimmed">
            Try another search or fewer filters.
          </Text>
          <Button variant="light" size="xs" onClick={onClear}>
            Clear filters
          </Button>
        </>
      ) : (
        <>
          <Text fw={600}>Your organization does not manage any accounts yet</Text>
          <Text size="sm" c="dimmed" ta="center" maw={520}>
            Verify a domain your organization owns and claim its accounts: every account with an email on that domain
            then appears here.{' '}
            <Anchor component={Link} to={`/o/${orgId}/domains`} size="sm">
              Go to Domains
            </Anchor>
          </Text>
        </>
      )}
    </Stack>
  );
}
