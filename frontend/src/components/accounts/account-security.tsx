// How a managed account signs in: two-step verification, secure login, its
// authentication policy, whether it is provisioned from an identity provider, and its
// state over time (created, last active, deactivated with the message it was given).
import { Badge, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { formatDate, formatDateTime, formatLastActive } from './format';

export const AccountSecurity_AccountFragment = graphql(`
  fragment AccountSecurity_Account on Account {
    createdAt
    status
    twoStepVerification
    secureLogin
    billable
    provisioned
    lastActiveAt
    deactivatedAt
    deactivationMessage
    deletionScheduledFor
    authenticationPolicy {
      id
      name
      billable
      enforceSSO
      enforceTwoStep
    }
  }
`);

export interface AccountSecurityProps {
  account: FragmentType<typeof AccountSecurity_AccountFragment>;
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text component="dt" size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text component="dd" size="sm" m={0}>
        {children}
      </Text>
    </Stack>
  );
}

const onOff = (on: boolean, yes = 'On', no = 'Off') => (
  <Badge color={on ? 'green' : 'gray'} variant="light">
    {on ? yes : no}
  </Badge>
);

export function AccountSecurity(props: AccountSecurityProps) {
  const a = useFragment(AccountSecurity_AccountFragment, props.account);
  const policy = a.authenticationPolicy;
  return (
    <SimpleGrid component="dl" cols={{ base: 1, xs: 2 }} spacing="md" verticalSpacing="md" m={0}>
      <Item label="Two-step verification">{onOff(a.twoStepVerification)}</Item>
      <Item label="Secure login">
        <Group gap={6}>
          {onOff(a.secureLogin, 'Yes', 'No')}
          <Text span size="xs" c="dimmed">
            SSO enforced or two-step on
          </Text>
        </Group>
      </Item>
      <Item label="Provisioning">
        {a.provisioned ? 'Synced from your identity provider' : 'Not provisioned: managed in orgdir'}
      </Item>
      <Item label="Authentication policy">
        {policy ? (
          <>
            {policy.name}
            <Text span size="xs" c="dimmed" display="block">
              {[
                policy.billable ? 'Billable' : 'Not billable',
                policy.enforceSSO ? 'SSO enforced' : null,
                policy.enforceTwoStep ? 'Two-step enforced' : null,
              ]
                .filter(Boolean)
                .join(' · ')}
            </Text>
          </>
        ) : (
          'None'
        )}
      </Item>
      <Item label="Billable">{a.billable ? 'Yes' : 'No'}</Item>
      <Item label="Last active">
        {formatLastActive(a.lastActiveAt)}
        {a.lastActiveAt && (
          <Text span size="xs" c="dimmed">
            {' '}
            ({formatDate(a.lastActiveAt)})
          </Text>
        )}
      </Item>
      <Item label="Created">{formatDate(a.createdAt)}</Item>
      {a.deactivatedAt && a.status !== 'ACTIVE' && (
        <Item label="Deactivated">
          {formatDateTime(a.deactivatedAt)}
          {a.deactivationMessage && (
            <Text span size="xs" c="dimmed" display="block">
              Message: “{a.deactivationMessage}”
            </Text>
          )}
        </Item>
      )}
      {a.status === 'PENDING_DELETION' && (
        <Item label="Deleted for good on">{formatDateTime(a.deletionScheduledFor)}</Item>
      )}
    </SimpleGrid>
  );
}
