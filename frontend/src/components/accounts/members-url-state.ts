// The Managed accounts page's state as it is kept in the URL, so that a link shows the
// same search, filters, order and page. Parameter names are those of the GraphQL filter
// (ManagedAccountFilter) and of the CSV export (PRODUCT.md §6): search, status,
// twoStepVerification, hasSiteAccess, policyId, lastActiveBefore, lastActiveAfter,
// neverActive, orderBy, direction; plus after/before (the page's cursor) and page.
import type {
  AccountOrderField,
  AccountStatus,
  ManagedAccountFilter,
  MembersListQueryQueryVariables,
  OrderDirection,
} from '../../gql/graphql';

export const PAGE_SIZE = 50;

export type LastActiveFilter =
  | { kind: 'any' }
  | { kind: 'before'; date: string } // YYYY-MM-DD, UTC midnight
  | { kind: 'after'; date: string }
  | { kind: 'never' };

export interface MembersFilters {
  search: string;
  status: AccountStatus | null;
  twoStepVerification: boolean | null;
  hasSiteAccess: boolean | null;
  policyId: string | null;
  lastActive: LastActiveFilter;
}

export interface MembersSort {
  field: AccountOrderField;
  direction: OrderDirection;
}

export type MembersCursor = { after: string } | { before: string } | null;

export interface MembersUrlState {
  filters: MembersFilters;
  sort: MembersSort;
  cursor: MembersCursor;
  /** 1-based page number, for "51–100 of 148" (cursors alone do not tell). */
  page: number;
}

export const defaultSort: MembersSort = { field: 'NAME', direction: 'ASC' };

export const emptyFilters: MembersFilters = {
  search: '',
  status: null,
  twoStepVerification: null,
  hasSiteAccess: null,
  policyId: null,
  lastActive: { kind: 'any' },
};

const statuses: readonly AccountStatus[] = ['ACTIVE', 'DEACTIVATED', 'PENDING_DELETION'];
const orderFields: readonly AccountOrderField[] = ['NAME', 'EMAIL', 'LAST_ACTIVE'];

function bool(v: string | null): boolean | null {
  if (v === 'true') return true;
  if (v === 'false') return false;
  return null;
}

/** YYYY-MM-DD from an RFC 3339 time or a date, or null when it is neither. */
function day(v: string | null): string | null {
  if (!v) return null;
  const m = /^(\d{4}-\d{2}-\d{2})(T.*)?$/.exec(v);
  if (!m) return null;
  return Number.isNaN(new Date(`${m[1]}T00:00:00Z`).getTime()) ? null : m[1];
}

/** The start of a day (UTC) in RFC 3339, as the API and the export take times. */
export function dayStart(date: string): string {
  return `${date}T00:00:00Z`;
}

export function parseMembersUrl(params: URLSearchParams): MembersUrlState {
  const status = params.get('status');
  const field = params.get('orderBy');
  const policyId = params.get('policyId');
  let lastActive: LastActiveFilter = { kind: 'any' };
  const before = day(params.get('lastActiveBefore'));
  const after = day(params.get('lastActiveAfter'));
  if (params.get('neverActive') === 'true') lastActive = { kind: 'never' };
  else if (before) lastActive = { kind: 'before', date: before };
  else if (after) lastActive = { kind: 'after', date: after };

  let cursor: MembersCursor = null;
  if (params.get('after')) cursor = { after: params.get('after')! };
  else if (params.get('before')) cursor = { before: params.get('before')! };
  const page = Number.parseInt(params.get('page') ?? '', 10);

  return {
    filters: {
      search: params.get('search') ?? '',
      status: statuses.includes(status as AccountStatus) ? (status as AccountStatus) : null,
      twoStepVerification: bool(params.get('twoStepVerification')),
      hasSiteAccess: bool(params.get('hasSiteAccess')),
      policyId: policyId || null,
      lastActive,
    },
    sort: {
      field: orderFields.includes(field as AccountOrderField) ? (field as AccountOrderField) : defaultSort.field,
      direction: params.get('direction') === 'DESC' ? 'DESC' : 'ASC',
    },
    cursor,
    page: cursor && page > 1 ? page : 1,
  };
}

/** The URL parameters of a state; defaults are left out so that links stay short. */
export function membersUrlParams(state: MembersUrlState): URLSearchParams {
  const p = new URLSearchParams();
  const f = state.filters;
  if (f.search.trim()) p.set('search', f.search.trim());
  if (f.status) p.set('status', f.status);
  if (f.twoStepVerification !== null) p.set('twoStepVerification', String(f.twoStepVerification));
  if (f.hasSiteAccess !== null) p.set('hasSiteAccess', String(f.hasSiteAccess));
  if (f.policyId) p.set('policyId', f.policyId);
  if (f.lastActive.kind === 'before') p.set('lastActiveBefore', dayStart(f.lastActive.date));
  if (f.lastActive.kind === 'after') p.set('lastActiveAfter', dayStart(f.lastActive.date));
  if (f.lastActive.kind === 'never') p.set('neverActive', 'true');
  if (state.sort.field !== defaultSort.field || state.sort.direction !== defaultSort.direction) {
    p.set('orderBy', state.sort.field);
    p.set('direction', state.sort.direction);
  }
  if (state.cursor && 'after' in state.cursor) p.set('after', state.cursor.after);
  if (state.cursor && 'before' in state.cursor) p.set('before', state.cursor.before);
  if (state.cursor && state.page > 1) p.set('page', String(state.page));
  return p;
}

/** The ManagedAccountFilter of the filters, or null when nothing is filtered. */
export function managedAccountFilter(f: MembersFilters): ManagedAccountFilter | null {
  const where: ManagedAccountFilter = {};
  if (f.status) where.status = f.status;
  if (f.twoStepVerification !== null) where.twoStepVerification = f.twoStepVerification;
  if (f.hasSiteAccess !== null) where.hasSiteAccess = f.hasSiteAccess;
  if (f.policyId) where.policyId = f.policyId;
  if (f.lastActive.kind === 'before') where.lastActiveBefore = dayStart(f.lastActive.date);
  if (f.lastActive.kind === 'after') where.lastActiveAfter = dayStart(f.lastActive.date);
  if (f.lastActive.kind === 'never') where.neverActive = true;
  return Object.keys(where).length > 0 ? where : null;
}

/** The variables of the page's list query for a state. */
export function membersQueryVariables(orgId: string, state: MembersUrlState): MembersListQueryQueryVariables {
  const search = state.filters.search.trim();
  const vars: MembersListQueryQueryVariables = {
    orgId,
    search: search || null,
    where: managedAccountFilter(state.filters),
    orderBy: { field: state.sort.field, direction: state.sort.direction },
  };
  if (state.cursor && 'before' in state.cursor) {
    vars.last = PAGE_SIZE;
    vars.before = state.cursor.before;
  } else {
    vars.first = PAGE_SIZE;
    vars.after = state.cursor?.after ?? null;
  }
  return vars;
}

/** True when any filter or the search narrows the list. */
export function isFiltered(f: MembersFilters): boolean {
  return f.search.trim() !== '' || managedAccountFilter(f) !== null;
}
