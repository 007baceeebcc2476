// /o/:orgId/audit-log: everything done in the organization, newest first, filtered by
// actor, action, target and days, 50 events a page; the filters and page are in the URL.
import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useQuery } from 'urql';
import { AuditEventsTable } from '../components/audit/audit-events-table';
import { AuditFilters, type AuditActor } from '../components/audit/audit-filters';
import { AUDIT_PAGE_SIZE, auditEventFilter, isAuditFiltered, useAuditUrlState } from '../components/audit/audit-url-state';
import { ErrorAlert } from '../components/common/error-alert';
import { PageHeader } from '../components/common/page-header';
import { PageSkeleton } from '../components/common/page-skeleton';
import { graphql } from '../gql';

const AuditLogQuery = graphql(`
  query AuditLogQuery($orgId: ID!, $first: Int!, $after: Cursor, $where: AuditEventFilter) {
    organization(id: $orgId) {
      id
      admins {
        id
        account {
          id
          name
          email
        }
      }
      apiKeys {
        id
        name
      }
      auditEvents(first: $first, after: $after, where: $where) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            ...AuditEventsTable_AuditEvent
          }
        }
      }
    }
  }
`);

export interface AuditLogPageProps {
  orgId: string;
}

export function AuditLogPage({ orgId }: AuditLogPageProps) {
  const { state, update, older, newer, canGoNewer } = useAuditUrlState();
  const [{ data, error, fetching }] = useQuery({
    query: AuditLogQuery,
    variables: { orgId, first: AUDIT_PAGE_SIZE, after: state.cursor, where: auditEventFilter(state) },
  });

  const header = (
    <PageHeader
      title="Audit log"
      description="Every change made in your organization, every sign-in and every use of an API key, newest first. Events are never changed or deleted."
    />
  );
  const org = data?.organization;
  const actors = new Map<string, AuditActor>();
  for (const r of org?.admins ?? []) actors.set(r.account.id, { id: r.account.id, label: `${r.account.name || r.account.email} (admin)` });
  for (const k of org?.apiKeys ?? []) actors.set(k.id, { id: k.id, label: `${k.name} (API key)` });
  const conn = org?.auditEvents;
  const events = (conn?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const clear = () => update({ actorId: null, action: null, targetId: null, from: null, to: null });

  return (
    <>
      {header}
      {/* The filters stay while a new page or filter loads, so typing is never cut off. */}
      <AuditFilters state={state} onChange={update} actors={[...actors.values()]} />
      {error && !fetching && <ErrorAlert error={error} />}
      {!conn ? (
        !error && <PageSkeleton cards={0} rows={10} />
      ) : (
        <>
          <Group justify="space-between" mb="xs">
            <Text size="sm" aria-live="polite">
              {conn.totalCount === 1 ? '1 event' : `${conn.totalCount.toLocaleString('en')} events`}
              {isAuditFiltered(state) ? ' match' : ''}
            </Text>
            {fetching && (
              <Text size="sm" c="dimmed">
                Updating…
              </Text>
            )}
          </Group>
          {events.length === 0 ? (
            <Paper withBorder p="xl">
              <Stack align="center" gap={4}>
                <Text fw={500}>{isAuditFiltered(state) ? 'No event matches these filters' : 'No events yet'}</Text>
                {isAuditFiltered(state) && (
                  <Button variant="subtle" onClick={clear}>
                    Clear all filters
                  </Button>
                )}
              </Stack>
            </Paper>
          ) : (
            <AuditEventsTable events={events} onFilter={update} />
          )}
        </>
      )}
      <Group justify="flex-end" mt="md" gap="xs">
        <Button variant="default" leftSection={<IconChevronLeft size={14} aria-hidden />} disabled={!canGoNewer} onClick={newer}>
          Newer events
        </Button>
        <Button
          variant="default"
          rightSection={<IconChevronRight size={14} aria-hidden />}
          disabled={!conn?.pageInfo.hasNextPage || !conn.pageInfo.endCursor}
          onClick={() => conn?.pageInfo.endCursor && older(conn.pageInfo.endCursor)}
        >
          Older events
        </Button>
      </Group>
    </>
  );
}
