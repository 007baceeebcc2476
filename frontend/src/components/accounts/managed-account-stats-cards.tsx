// The numbers at the top of the Managed accounts page (rule 14): how many accounts the
// organization manages, in which state, how many sign in securely, are billable or have
// no site access.
import { Paper, SimpleGrid, Text } from '@mantine/core';
import { graphql, useFragment, type FragmentType } from '../../gql';

export const ManagedAccountStatsCards_ManagedAccountStatsFragment = graphql(`
  fragment ManagedAccountStatsCards_ManagedAccountStats on ManagedAccountStats {
    total
    active
    deactivated
    pendingDeletion
    secureLogin
    secureLoginPercent
    billable
    withoutSiteAccess
  }
`);

export interface ManagedAccountStatsCardsProps {
  stats: FragmentType<typeof ManagedAccountStatsCards_ManagedAccountStatsFragment>;
}

const number = new Intl.NumberFormat('en-GB');

export function ManagedAccountStatsCards(props: ManagedAccountStatsCardsProps) {
  const s = useFragment(ManagedAccountStatsCards_ManagedAccountStatsFragment, props.stats);
  const cards: { label: string; value: string; hint: string }[] = [
    { label: 'Managed accounts', value: number.format(s.total), hint: 'All accounts your organization manages' },
    { label: 'Active', value: number.format(s.active), hint: 'Can sign in' },
    { label: 'Deactivated', value: number.format(s.deactivated), hint: 'Cannot sign in; access kept' },
    { label: 'Pending deletion', value: number.format(s.pendingDeletion), hint: 'Deleted for good after 14 days' },
    {
      label: 'Secure login',
      value: `${s.secureLoginPercent.toFixed(1)}%`,
      hint: `${number.format(s.secureLogin)} of ${number.format(s.total)} use SSO or two-step verification`,
    },
    { label: 'Billable', value: number.format(s.billable), hint: 'Active, in a billable policy' },
    { label: 'Without site access', value: number.format(s.withoutSiteAccess), hint: 'On none of your sites' },
  ];
  return (
    <SimpleGrid
      cols={{ base: 2, sm: 4, xl: 7 }}
      spacing="sm"
      component="ul"
      aria-label="Managed account counts"
      m={0}
      p={0}
      style={{ listStyle: 'none' }}
    >
      {cards.map((c) => (
        <Paper key={c.label} component="li" withBorder p="sm" radius="md">
          <Text size="xs" c="dimmed" fw={600} tt="uppercase">
            {c.label}
          </Text>
          <Text fz={24} fw={700} lh={1.3}>
            {c.value}
          </Text>
          <Text size="xs" c="dimmed">
            {c.hint}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}
