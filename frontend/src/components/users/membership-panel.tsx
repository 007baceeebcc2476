// A user on one site, on the user page: status, invitation and activity dates, the site
// actions (suspend or restore, remove), product access and groups.
import { Anchor, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { GroupEditor } from './group-editor';
import { formatDate } from './labels';
import { ProductAccessEditor } from './product-access-editor';
import { MembershipStatusBadge } from './user-badges';
import type { UserAction } from './user-action-wording';

export const MembershipPanel_MembershipFragment = graphql(`
  fragment MembershipPanel_Membership on Membership {
    id
    status
    invitedAt
    addedAt
    lastActiveAt
    suspendedAt
    suspensionReason
    site {
      id
      name
      url
    }
    ...ProductAccessEditor_Membership
    ...GroupEditor_Membership
  }
`);

export interface MembershipPanelProps {
  membership: FragmentType<typeof MembershipPanel_MembershipFragment>;
  onAction: (action: UserAction, site: { id: string; name: string }) => void;
  onChanged: () => void;
}

export function MembershipPanel({ membership: ref, onAction, onChanged }: MembershipPanelProps) {
  const m = useFragment(MembershipPanel_MembershipFragment, ref);
  const site = m.site;
  const headingId = `site-${m.id}`;
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" align="flex-start" mb="sm">
        <Stack gap={2}>
          <Group gap="xs">
            <Title order={2} size="h4" id={headingId}>
              {site.name}
            </Title>
            <MembershipStatusBadge status={m.status} />
          </Group>
          <Anchor href={site.url} size="sm" target="_blank" rel="noreferrer">
            {site.url}
          </Anchor>
        </Stack>
        <Group gap="xs">
          {m.status === 'SUSPENDED' ? (
            <Button variant="default" size="xs" onClick={() => onAction('restore', site)}>
              Restore on {site.name}
            </Button>
          ) : (
            <Button variant="default" size="xs" onClick={() => onAction('suspend', site)}>
              Suspend on {site.name}
            </Button>
          )}
          <Button variant="light" color="red" size="xs" onClick={() => onAction('remove', site)}>
            Remove from {site.name}
          </Button>
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 3 }} mb="md">
        <Fact label="Invited" value={formatDate(m.invitedAt, formatDate(m.addedAt))} />
        <Fact label="Last active on this site" value={formatDate(m.lastActiveAt)} />
        {m.status === 'SUSPENDED' && (
          <Fact
            label="Suspended"
            value={`${formatDate(m.suspendedAt, 'Yes')}${m.suspensionReason ? `: ${m.suspensionReason}` : ''}`}
          />
        )}
      </SimpleGrid>
      <Title order={3} size="h5" mb={4}>
        Product access
      </Title>
      <ProductAccessEditor membership={m} onChanged={onChanged} />
      <Title order={3} size="h5" mt="md" mb={4}>
        Groups
      </Title>
      <GroupEditor membership={m} onChanged={onChanged} />
    </Card>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </div>
  );
}
