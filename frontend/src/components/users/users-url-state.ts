// The Users page's filters, search, sort and page, kept in the URL so that a link shows
// the same list. Parameter names are the GraphQL UserFilter fields (as the CSV export's),
// plus search, orderBy, direction and the cursor (after or before).
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { MembershipStatus, OrderDirection, ProductKey, UserFilter, UserOrderField } from '../../gql/graphql';
import { productNames } from './labels';

export interface UsersUrlState {
  search: string;
  status: MembershipStatus | null;
  siteId: string | null;
  product: ProductKey | null;
  groupId: string | null;
  /** true: managed accounts only; false: external accounts only. */
  managed: boolean | null;
  orderBy: UserOrderField;
  direction: OrderDirection;
  after: string | null;
  before: string | null;
}

export const defaultOrder: { orderBy: UserOrderField; direction: OrderDirection } = { orderBy: 'NAME', direction: 'ASC' };

const statuses: readonly MembershipStatus[] = ['ACTIVE', 'INVITED', 'SUSPENDED'];
const orderFields: readonly UserOrderField[] = ['NAME', 'EMAIL', 'LAST_ACTIVE', 'STATUS'];

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

/** Reads the state from URL search parameters; unknown values are ignored. */
export function parseUsersUrl(params: URLSearchParams): UsersUrlState {
  const managed = params.get('managed');
  return {
    search: params.get('search') ?? '',
    status: oneOf(params.get('status'), statuses),
    siteId: params.get('siteId') || null,
    product: oneOf(params.get('product'), Object.keys(productNames) as ProductKey[]),
    groupId: params.get('groupId') || null,
    managed: managed === 'true' ? true : managed === 'false' ? false : null,
    orderBy: oneOf(params.get('orderBy'), orderFields) ?? defaultOrder.orderBy,
    direction: params.get('direction') === 'DESC' ? 'DESC' : 'ASC',
    after: params.get('after') || null,
    before: params.get('before') || null,
  };
}

/** Writes the state into URL search parameters, leaving defaults and other parameters out. */
export function usersUrlParams(state: UsersUrlState): URLSearchParams {
  const p = new URLSearchParams();
  if (state.search.trim()) p.set('search', state.search.trim());
  if (state.status) p.set('status', state.status);
  if (state.siteId) p.set('siteId', state.siteId);
  if (state.product) p.set('product', state.product);
  if (state.groupId) p.set('groupId', state.groupId);
  if (state.managed !== null) p.set('managed', String(state.managed));
  if (state.orderBy !== defaultOrder.orderBy || state.direction !== defaultOrder.direction) {
    p.set('orderBy', state.orderBy);
    p.set('direction', state.direction);
  }
  if (state.after) p.set('after', state.after);
  else if (state.before) p.set('before', state.before);
  return p;
}

/** The list's GraphQL filter; undefined when nothing is filtered. */
export function userFilter(state: UsersUrlState): UserFilter | undefined {
  const where: UserFilter = {};
  if (state.status) where.status = state.status;
  if (state.siteId) where.siteId = state.siteId;
  if (state.product) where.product = state.product;
  if (state.groupId) where.groupId = state.groupId;
  if (state.managed !== null) where.managed = state.managed;
  return Object.keys(where).length > 0 ? where : undefined;
}

/** True when any filter or search narrows the list. */
export function isFiltered(state: UsersUrlState): boolean {
  return userFilter(state) !== undefined || state.search.trim() !== '';
}

export type UsersUrlPatch = Partial<UsersUrlState>;

/**
 * The state of the current URL and a setter. Any change other than the cursor goes
 * back to the first page; `replace` replaces the history entry (used while typing a search).
 */
export function useUsersUrlState(): [UsersUrlState, (patch: UsersUrlPatch, options?: { replace?: boolean }) => void] {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseUsersUrl(params), [params]);
  const update = useCallback(
    (patch: UsersUrlPatch, options?: { replace?: boolean }) => {
      setParams(
        (current) => {
          const prev = parseUsersUrl(current);
          const pageOnly = Object.keys(patch).every((k) => k === 'after' || k === 'before');
          const next: UsersUrlState = { ...prev, ...(pageOnly ? {} : { after: null, before: null }), ...patch };
          return usersUrlParams(next);
        },
        { replace: options?.replace },
      );
    },
    [setParams],
  );
  return [state, update];
}
