// The profile of a managed account (rule 12): name, nickname, job title, department,
// organization, location and time zone. Checked as it is typed (a name is required, no
// field over 255 characters); the server's INVALID_INPUT errors land on the field they
// name (extensions.field "input.name"). Read-only, with the reason, for provisioned
// accounts, accounts pending deletion and accounts the organization does not manage.
import { Alert, Button, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { useMutation } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../gql';
import type { AccountDetailsInput } from '../../gql/graphql';
import { describeError } from '../../lib/errors';
import { ErrorAlert } from '../common/error-alert';

export const AccountDetailsForm_AccountFragment = graphql(`
  fragment AccountDetailsForm_Account on Account {
    id
    name
    nickname
    jobTitle
    department
    organization
    location
    timeZone
    status
    provisioned
    managed
  }
`);

const UpdateAccountDetailsMutation = graphql(`
  mutation UpdateAccountDetailsMutation($accountId: ID!, $input: AccountDetailsInput!) {
    updateAccountDetails(accountId: $accountId, input: $input) {
      id
      ...AccountDetailsForm_Account
    }
  }
`);

export const MAX_FIELD_LENGTH = 255;

type Field = keyof Required<AccountDetailsInput>;
type Values = Record<Field, string>;

const fields: { name: Field; label: string; placeholder?: string }[] = [
  { name: 'name', label: 'Full name' },
  { name: 'nickname', label: 'Nickname' },
  { name: 'jobTitle', label: 'Job title' },
  { name: 'department', label: 'Department' },
  { name: 'organization', label: 'Organization' },
  { name: 'location', label: 'Location' },
];
const fieldNames: Field[] = ['name', 'nickname', 'jobTitle', 'department', 'organization', 'location', 'timeZone'];

function tooLong(v: string) {
  return [...v.trim()].length > MAX_FIELD_LENGTH ? `Use at most ${MAX_FIELD_LENGTH} characters` : null;
}

/** Checks of the form, also used as the inline validation. */
export const validateDetails = {
  name: (v: string) => (v.trim() === '' ? 'Enter a name' : tooLong(v)),
  nickname: tooLong,
  jobTitle: tooLong,
  department: tooLong,
  organization: tooLong,
  location: tooLong,
  timeZone: tooLong,
};

let timeZoneList: string[] | undefined;
function timeZones(current: string): string[] {
  if (!timeZoneList) {
    try {
      timeZoneList = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
    } catch {
      timeZoneList = ['UTC'];
    }
  }
  return current && !timeZoneList.includes(current) ? [current, ...timeZoneList] : timeZoneList;
}

export interface AccountDetailsFormProps {
  account: FragmentType<typeof AccountDetailsForm_AccountFragment>;
}

export function AccountDetailsForm(props: AccountDetailsFormProps) {
  const account = useFragment(AccountDetailsForm_AccountFragment, props.account);
  const saved: Values = useMemo(
    () => ({
      name: account.name,
      nickname: account.nickname ?? '',
      jobTitle: account.jobTitle ?? '',
      department: account.department ?? '',
      organization: account.organization ?? '',
      location: account.location ?? '',
      timeZone: account.timeZone ?? '',
    }),
    [account],
  );
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: saved,
    validate: validateDetails,
    validateInputOnBlur: true,
  });
  const [error, setError] = useState<unknown>(null);
  const [{ fetching }, update] = useMutation(UpdateAccountDetailsMutation);

  // When the account changes on the server (saved here, or by a refetch), show it unless
  // the admin is in the middle of an edit.
  useEffect(() => {
    if (!form.isDirty()) {
      form.setValues(saved);
      form.resetDirty(saved);
    }
  }, [saved]);

  // (An account the organization does not manage is explained by the page itself.)
  let readOnly: string | null = null;
  if (account.managed && account.provisioned)
    readOnly =
      'This account is synced from your identity provider, so its details can only be changed there. Changes made in the identity provider show here after the next sync.';
  else if (account.managed && account.status === 'PENDING_DELETION')
    readOnly = 'This account is pending deletion. Cancel the deletion to edit its details.';
  const disabled = !account.managed || readOnly !== null;

  const submit = form.onSubmit(async (values) => {
    setError(null);
    const input: AccountDetailsInput = {};
    for (const f of fieldNames) {
      const v = values[f].trim();
      if (v !== saved[f]) input[f] = v;
    }
    if (Object.keys(input).length === 0) {
      notifications.show({ message: 'Nothing to save: the details are unchanged.' });
      return;
    }
    const res = await update({ accountId: account.id, input });
    if (res.error) {
      const info = describeError(res.error);
      const field = info.field?.replace(/^input\./, '') as Field | undefined;
      if (info.code === 'INVALID_INPUT' && field && fieldNames.includes(field)) {
        form.setFieldError(field, info.message);
      } else {
        setError(res.error);
      }
      return;
    }
    const next = { ...values };
    for (const f of fieldNames) next[f] = next[f].trim();
    form.setValues(next);
    form.resetDirty(next);
    notifications.show({ color: 'green', message: 'Details saved.' });
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Account details">
      <Stack gap="md">
        {readOnly && (
          <Alert color="blue" variant="light" icon={<IconInfoCircle size={16} aria-hidden />}>
            {readOnly}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {fields.map((f) => (
            <TextInput
              key={f.name}
              label={f.label}
              required={f.name === 'name'}
              disabled={disabled}
              {...form.getInputProps(f.name)}
            />
          ))}
          <Select
            label="Time zone"
            placeholder="Not set"
            searchable
            clearable
            disabled={disabled}
            data={timeZones(form.values.timeZone)}
            limit={50}
            nothingFoundMessage="No time zone of that name"
            {...form.getInputProps('timeZone')}
            value={form.values.timeZone || null}
            onChange={(v) => form.setFieldValue('timeZone', v ?? '')}
          />
        </SimpleGrid>
        <ErrorAlert error={error} title="Could not save the details" />
        {!disabled && (
          <Group justify="flex-end" gap="sm">
            <Button
              variant="default"
              disabled={!form.isDirty() || fetching}
              onClick={() => {
                form.setValues(saved);
                form.resetDirty(saved);
              }}
            >
              Discard changes
            </Button>
            <Button type="submit" loading={fetching}>
              Save details
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
