// What an export downloads: the page's search, filters and order, read from the page's
// URL (whose parameter names are the GraphQL filter fields, as the export's: PRODUCT.md
// §6), without its cursor, plus the Users export's options. So the file holds exactly
// the rows the page lists, every page of them.

export type ExportKind = 'managedAccounts' | 'users';

/** Where the rows come from: an organization's list, or one site's (original experience). */
export type ExportScope = { organizationId: string } | { siteId: string };

export interface UsersExportOptions {
  /** Only ACTIVE memberships of ACTIVE accounts. */
  activeOnly: boolean;
  /** Groups spread over Group 1 … Group n columns instead of one cell. */
  pivotGroups: boolean;
}

// The parameters each export takes from the page (internal/export/params.go); anything
// else in the URL (the cursor, the page number) is the page's own.
const pageParams: Record<ExportKind, readonly string[]> = {
  managedAccounts: [
    'search',
    'status',
    'twoStepVerification',
    'hasSiteAccess',
    'policyId',
    'lastActiveBefore',
    'lastActiveAfter',
    'neverActive',
    'orderBy',
    'direction',
  ],
  users: ['search', 'status', 'siteId', 'product', 'groupId', 'managed', 'lastActiveBefore', 'orderBy', 'direction'],
};

/** Both pages list by name, A to Z, when the URL names no order; the export's own default is by id. */
const defaultOrder = { orderBy: 'NAME', direction: 'ASC' };

/** The export's query parameters for the page's URL parameters (and the Users options). */
export function exportParams(kind: ExportKind, page: URLSearchParams, options?: UsersExportOptions): URLSearchParams {
  const out = new URLSearchParams();
  for (const name of pageParams[kind]) {
    const value = name === 'search' ? page.get(name)?.trim() : page.get(name);
    if (value) out.set(name, value);
  }
  if (!out.has('orderBy')) {
    out.set('orderBy', defaultOrder.orderBy);
    out.set('direction', out.get('direction') ?? defaultOrder.direction);
  }
  if (!out.has('direction')) out.set('direction', defaultOrder.direction);
  if (kind === 'users' && options) {
    if (options.activeOnly) out.set('activeOnly', 'true');
    if (options.pivotGroups) out.set('groups', 'pivot');
  }
  return out;
}

/** The export's path: /export/orgs/<org>/managed-accounts.csv, /export/orgs/<org>/users.csv or /export/sites/<site>/users.csv. */
export function exportPath(kind: ExportKind, scope: ExportScope): string {
  if (kind === 'managedAccounts') {
    if (!('organizationId' in scope)) throw new Error('managed accounts are exported for an organization');
    return `/export/orgs/${encodeURIComponent(scope.organizationId)}/managed-accounts.csv`;
  }
  return 'organizationId' in scope
    ? `/export/orgs/${encodeURIComponent(scope.organizationId)}/users.csv`
    : `/export/sites/${encodeURIComponent(scope.siteId)}/users.csv`;
}

/** The full URL of an export of what the page shows. */
export function exportUrl(kind: ExportKind, scope: ExportScope, page: URLSearchParams, options?: UsersExportOptions): string {
  const query = exportParams(kind, page, options).toString();
  return query ? `${exportPath(kind, scope)}?${query}` : exportPath(kind, scope);
}

/**
 * Counts the records of a CSV as it arrives in pieces: line ends outside quoted cells
 * (a cell may hold line breaks, RFC 4180). `rows` leaves out the header row.
 */
export class CsvRowCounter {
  private inQuotes = false;
  private lines = 0;

  push(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 34 /* " */) this.inQuotes = !this.inQuotes;
      else if (c === 10 /* \n */ && !this.inQuotes) this.lines++;
    }
  }

  get rows(): number {
    return Math.max(0, this.lines - 1);
  }
}

/** The file name of a Content-Disposition header, or the fallback. */
export function attachmentFilename(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain filename
    }
  }
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;\s]+))/.exec(header);
  return plain?.[1] ?? plain?.[2] ?? fallback;
}
