// Which organization and site the current URL is about, from the viewer's organizations
// (org admin) and admin sites (site admin), and what the switchers offer.

export interface ScopeSite {
  id: string;
  name: string;
}

export interface ScopeOrganization {
  id: string;
  name: string;
  userManagement: 'ORIGINAL' | 'CENTRALIZED';
  sites: readonly ScopeSite[];
}

export interface ScopeViewer {
  organizations: readonly ScopeOrganization[];
  adminSites: readonly (ScopeSite & { organization: { id: string } })[];
}

export interface Scope {
  /** The organization of the URL when the viewer administers it in full. */
  organization?: ScopeOrganization;
  /** The site of the URL (/s/:siteId/...). */
  site?: ScopeSite;
  /** Sites to offer in the site switcher: an original org's sites, or a site admin's sites. */
  switchableSites: readonly ScopeSite[];
}

export function resolveScope(viewer: ScopeViewer, params: { orgId?: string; siteId?: string }): Scope {
  const { organizations, adminSites } = viewer;
  let organization = params.orgId ? organizations.find((o) => o.id === params.orgId) : undefined;
  let site: ScopeSite | undefined;
  if (params.siteId) {
    for (const o of organizations) {
      const s = o.sites.find((x) => x.id === params.siteId);
      if (s) {
        organization = o;
        site = s;
      }
    }
    site ??= adminSites.find((s) => s.id === params.siteId);
  }
  let switchableSites: readonly ScopeSite[] = [];
  if (organization?.userManagement === 'ORIGINAL') {
    switchableSites = organization.sites;
  } else if (!organization && adminSites.length > 0) {
    switchableSites = adminSites;
  }
  return { organization, site, switchableSites };
}

/** Where "/" leads: the first organization's Managed accounts, or a site admin's first site's Users. */
export function homePath(viewer: { organizations: readonly { id: string }[]; adminSites: readonly { id: string }[] }): string | null {
  if (viewer.organizations.length > 0) return `/o/${viewer.organizations[0].id}/members`;
  if (viewer.adminSites.length > 0) return `/s/${viewer.adminSites[0].id}/users`;
  return null;
}

/** Where the Users page of an organization is: one list (centralized) or per site (original). */
export function usersPath(organization: ScopeOrganization, site?: ScopeSite): string | null {
  if (organization.userManagement === 'CENTRALIZED') return `/o/${organization.id}/users`;
  const target = site ?? organization.sites[0];
  return target ? `/s/${target.id}/users` : null;
}
