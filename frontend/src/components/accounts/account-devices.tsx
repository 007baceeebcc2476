// The devices (browser and app sessions) of a managed account, each with "Log out".
import { Button, Table, Text, VisuallyHidden } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { notifyError } from '../common/error-alert';
import { formatDateTime } from './format';

export const AccountDevices_AccountFragment = graphql(`
  fragment AccountDevices_Account on Account {
    id
    name
    managed
    devices {
      id
      name
      userAgent
      location
      lastUsedAt
    }
  }
`);

const LogOutDeviceMutation = graphql(`
  mutation LogOutDeviceMutation($accountId: ID!, $deviceId: ID!) {
    logOutDevice(accountId: $accountId, deviceId: $deviceId) {
      id
      devices {
        id
      }
    }
  }
`);

export interface AccountDevicesProps {
  account: FragmentType<typeof AccountDevices_AccountFragment>;
}

export function AccountDevices(props: AccountDevicesProps) {
  const a = useFragment(AccountDevices_AccountFragment, props.account);
  const [, logOut] = useMutation(LogOutDeviceMutation);

  if (a.devices.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {a.managed ? 'Not signed in on any device.' : 'Devices are shown to the managing organization only.'}
      </Text>
    );
  }

  const confirm = (device: { id: string; name: string }) =>
    modals.openConfirmModal({
      title: `Log out of ${device.name}?`,
      children: (
        <Text size="sm">
          The session of {a.name} on {device.name} ends now. They can sign in on it again (unless the account is
          deactivated), so this is undone by signing in.
        </Text>
      ),
      labels: { confirm: 'Log out', cancel: 'Go back' },
      confirmProps: { color: 'red' },
      closeButtonProps: { 'aria-label': 'Close' },
      onConfirm: async () => {
        const res = await logOut({ accountId: a.id, deviceId: device.id });
        if (res.error) notifyError(res.error);
        else notifications.show({ color: 'green', message: `Logged out of ${device.name}.` });
      },
    });

  return (
    <Table.ScrollContainer minWidth={520}>
      <Table aria-label="Devices" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Device</Table.Th>
            <Table.Th>Location</Table.Th>
            <Table.Th>Last used</Table.Th>
            {a.managed && (
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {a.devices.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>
                <Text size="sm">{d.name}</Text>
                {d.userAgent && (
                  <Text size="xs" c="dimmed">
                    {d.userAgent}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{d.location ?? '—'}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatDateTime(d.lastUsedAt)}</Text>
              </Table.Td>
              {a.managed && (
                <Table.Td ta="right">
                  <Button
                    size="xs"
                    variant="light"
                    color="red"
                    onClick={() => confirm(d)}
                    aria-label={`Log out of ${d.name}`}
                  >
                    Log out
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
