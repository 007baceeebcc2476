// The Users list's search (debounced) and filters: status, site (centralized), product,
// group, managed or external. Values live in the URL (users-url-state.ts).
import { Button, CloseButton, Group, Select, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import type { MembershipStatus, ProductKey } from '../../gql/graphql';
import { membershipStatusNames, productNames } from './labels';
import { isFiltered, type UsersUrlPatch, type UsersUrlState } from './users-url-state';

export const searchDelayMs = 300;

export interface FilterOption {
  id: string;
  name: string;
}

export interface UsersFiltersProps {
  state: UsersUrlState;
  onChange: (patch: UsersUrlPatch, options?: { replace?: boolean }) => void;
  /** The organization's sites (centralized experience); omitted for one site. */
  sites?: readonly FilterOption[];
  products: readonly ProductKey[];
  /** Groups to filter by, with the site they belong to. */
  groups: readonly (FilterOption & { siteId: string; siteName: string })[];
}

export function UsersFilters({ state, onChange, sites, products, groups }: UsersFiltersProps) {
  const [search, setSearch] = useState(state.search);
  const typed = useRef(state.search);
  const pushSearch = useDebouncedCallback((value: string) => {
    onChange({ search: value }, { replace: true });
  }, searchDelayMs);

  // The URL changed by other means (back button, "Clear filters"): show its search.
  useEffect(() => {
    if (state.search !== typed.current.trim()) {
      pushSearch.cancel();
      typed.current = state.search;
      setSearch(state.search);
    }
  }, [state.search, pushSearch]);

  function typeSearch(value: string) {
    typed.current = value;
    setSearch(value);
    pushSearch(value);
  }

  const shownGroups = state.siteId ? groups.filter((g) => g.siteId === state.siteId) : groups;
  const severalSites = new Set(groups.map((g) => g.siteId)).size > 1 && !state.siteId;

  return (
    <Group gap="sm" mb="md" align="flex-end" role="search" aria-label="Search and filter users">
      <TextInput
        label="Search"
        placeholder="Name or email"
        leftSection={<IconSearch size={16} aria-hidden />}
        value={search}
        onChange={(e) => typeSearch(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') pushSearch.flush();
        }}
        rightSection={
          search ? <CloseButton size="sm" aria-label="Clear search" onClick={() => typeSearch('')} /> : undefined
        }
        w={200}
      />
      <Select
        label="Status"
        placeholder="Any status"
        clearable
        data={(Object.keys(membershipStatusNames) as MembershipStatus[]).map((s) => ({ value: s, label: membershipStatusNames[s] }))}
        value={state.status}
        onChange={(v) => onChange({ status: (v as MembershipStatus | null) ?? null })}
        w={130}
      />
      {sites && sites.length > 1 && (
        <Select
          label="Site"
          placeholder="Any site"
          clearable
          data={sites.map((s) => ({ value: s.id, label: s.name }))}
          value={state.siteId}
          onChange={(v) => {
            // A group of another site would match nobody.
            const group = groups.find((g) => g.id === state.groupId);
            onChange({ siteId: v, ...(v && group && group.siteId !== v ? { groupId: null } : {}) });
          }}
          w={150}
        />
      )}
      <Select
        label="Product"
        placeholder="Any product"
        clearable
        data={products.map((p) => ({ value: p, label: productNames[p] }))}
        value={state.product}
        onChange={(v) => onChange({ product: (v as ProductKey | null) ?? null })}
        w={170}
      />
      <Select
        label="Group"
        placeholder="Any group"
        clearable
        searchable
        nothingFoundMessage="No group of this name"
        data={
          severalSites
            ? [...new Set(shownGroups.map((g) => g.siteName))].map((siteName) => ({
                group: siteName,
                items: shownGroups.filter((g) => g.siteName === siteName).map((g) => ({ value: g.id, label: g.name })),
              }))
            : shownGroups.map((g) => ({ value: g.id, label: g.name }))
        }
        value={state.groupId}
        onChange={(v) => onChange({ groupId: v })}
        w={190}
      />
      <Select
        label="Account"
        placeholder="Any account"
        clearable
        data={[
          { value: 'true', label: 'Managed' },
          { value: 'false', label: 'External' },
        ]}
        value={state.managed === null ? null : String(state.managed)}
        onChange={(v) => onChange({ managed: v === null ? null : v === 'true' })}
        w={190}
      />
      {isFiltered(state) && (
        <Button
          variant="subtle"
          onClick={() => {
            pushSearch.cancel();
            typed.current = '';
            setSearch('');
            onChange({ search: '', status: null, siteId: null, product: null, groupId: null, managed: null });
          }}
        >
          Clear filters
        </Button>
      )}
    </Group>
  );
}
