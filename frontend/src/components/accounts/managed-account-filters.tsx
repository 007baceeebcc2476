// The search box and filters above the Managed accounts table. Controlled: the page keeps
// the values in the URL; the search is sent 300 ms after the last keystroke.
import { Button, Group, Select, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch, IconX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { graphql, useFragment, type FragmentType } from '../../gql';
import type { AccountStatus } from '../../gql/graphql';
import { emptyFilters, isFiltered, type LastActiveFilter, type MembersFilters } from './members-url-state';

export const ManagedAccountFilters_AuthenticationPolicyFragment = graphql(`
  fragment ManagedAccountFilters_AuthenticationPolicy on AuthenticationPolicy {
    id
    name
  }
`);

export interface ManagedAccountFiltersProps {
  value: MembersFilters;
  /** Called with the filters that changed. */
  onChange: (patch: Partial<MembersFilters>) => void;
  policies: readonly FragmentType<typeof ManagedAccountFilters_AuthenticationPolicyFragment>[];
  /** Delay before a search is sent, in milliseconds. */
  searchDelay?: number;
}

const ANY = 'any';

const boolValue = (v: boolean | null) => (v === null ? ANY : String(v));
const toBool = (v: string | null) => (v === 'true' ? true : v === 'false' ? false : null);

function daysAgo(n: number): string {
  return new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
}

export function ManagedAccountFilters({ value, onChange, searchDelay = 300, ...props }: ManagedAccountFiltersProps) {
  const policies = useFragment(ManagedAccountFilters_AuthenticationPolicyFragment, props.policies);
  const [search, setSearch] = useState(value.search);
  const sendSearch = useDebouncedCallback((s: string) => onChange({ search: s }), searchDelay);

  // Follow the URL when it changes by other means (back button, "Clear filters").
  useEffect(() => {
    if (!sendSearch.isPending()) setSearch(value.search);
  }, [value.search]);

  const lastActive = value.lastActive;
  const setLastActive = (kind: string | null) => {
    let next: LastActiveFilter = { kind: 'any' };
    if (kind === 'before') next = { kind, date: lastActive.kind === 'after' ? lastActive.date : daysAgo(90) };
    if (kind === 'after') next = { kind, date: lastActive.kind === 'before' ? lastActive.date : daysAgo(30) };
    if (kind === 'never') next = { kind };
    onChange({ lastActive: next });
  };

  return (
    <Group gap="sm" align="flex-end" wrap="wrap" role="search" aria-label="Search and filter managed accounts">
      <TextInput
        label="Search"
        placeholder="Name or email"
        leftSection={<IconSearch size={16} aria-hidden />}
        value={search}
        onChange={(e) => {
          setSearch(e.currentTarget.value);
          sendSearch(e.currentTarget.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') sendSearch.flush();
        }}
        w={240}
        type="search"
      />
      <Select
        label="Status"
        w={170}
        allowDeselect={false}
        data={[
          { value: ANY, label: 'Any status' },
          { value: 'ACTIVE', label: 'Active' },
          { value: 'DEACTIVATED', label: 'Deactivated' },
          { value: 'PENDING_DELETION', label: 'Pending deletion' },
        ]}
        value={value.status ?? ANY}
        onChange={(v) => onChange({ status: v && v !== ANY ? (v as AccountStatus) : null })}
      />
      <Select
        label="Two-step verification"
        w={170}
        allowDeselect={false}
        data={[
          { value: ANY, label: 'Any' },
          { value: 'true', label: 'On' },
          { value: 'false', label: 'Off' },
        ]}
        value={boolValue(value.twoStepVerification)}
        onChange={(v) => onChange({ twoStepVerification: toBool(v) })}
      />
      <Select
        label="Policy"
        w={190}
        allowDeselect={false}
        data={[{ value: ANY, label: 'Any policy' }, ...policies.map((p) => ({ value: p.id, label: p.name }))]}
        value={value.policyId ?? ANY}
        onChange={(v) => onChange({ policyId: v && v !== ANY ? v : null })}
      />
      <Select
        label="Site access"
        w={170}
        allowDeselect={false}
        data={[
          { value: ANY, label: 'Any' },
          { value: 'true', label: 'Has site access' },
          { value: 'false', label: 'No site access' },
        ]}
        value={boolValue(value.hasSiteAccess)}
        onChange={(v) => onChange({ hasSiteAccess: toBool(v) })}
      />
      <Select
        label="Last active"
        w={150}
        allowDeselect={false}
        data={[
          { value: ANY, label: 'Any time' },
          { value: 'before', label: 'Before a date' },
          { value: 'after', label: 'After a date' },
          { value: 'never', label: 'Never' },
        ]}
        value={lastActive.kind === 'any' ? ANY : lastActive.kind}
        onChange={setLastActive}
      />
      {(lastActive.kind === 'before' || lastActive.kind === 'after') && (
        <TextInput
          type="date"
          label={lastActive.kind === 'before' ? 'Last active before' : 'Last active on or after'}
          w={170}
          value={lastActive.date}
          onChange={(e) => {
            const date = e.currentTarget.value;
            if (/^\d{4}-\d{2}-\d{2}$/.test(date)) onChange({ lastActive: { kind: lastActive.kind, date } });
          }}
        />
      )}
      {isFiltered(value) && (
        <Button
          variant="subtle"
          leftSection={<IconX size={14} aria-hidden />}
          onClick={() => {
            sendSearch.cancel();
            setSearch('');
            onChange(emptyFilters);
          }}
        >
          Clear filters
        </Button>
      )}
    </Group>
  );
}
