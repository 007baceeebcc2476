// Every route of the app (PRODUCT.md §3) in one table. A route component reads the URL
// (routes/) and renders a page (pages/). To add a page: a route file, a line here, and
// an entry in components/layout/nav-items.ts.
import type { RouteObject } from 'react-router';
import { AppLayoutRoute } from './routes/app-layout-route';
import { HomeRoute } from './routes/home-route';
import { LoginRoute } from './routes/login-route';
import { MemberRoute } from './routes/member-route';
import { MembersRoute } from './routes/members-route';
import { NotFoundRoute } from './routes/not-found-route';
import { RootRoute } from './routes/root-route';
import { RouteError } from './routes/route-error';
import { OrgUserRoute, SiteUserRoute } from './routes/user-route';
import { OrgUsersRoute, SiteUsersRoute } from './routes/users-route';

export const routes: RouteObject[] = [
  {
    element: <RootRoute />,
    errorElement: <RouteError />,
    children: [
      { path: '/login', element: <LoginRoute /> },
      { path: '/', element: <HomeRoute /> },
      {
        path: '/graphiql',
        lazy: async () => ({ Component: (await import('./routes/graphiql-route')).GraphiQLRoute }),
      },
      {
        element: <AppLayoutRoute />,
        errorElement: <RouteError />,
        children: [
          { path: '/o/:orgId/members', element: <MembersRoute /> },
          { path: '/o/:orgId/members/:accountId', element: <MemberRoute /> },
          { path: '/o/:orgId/users', element: <OrgUsersRoute /> },
          { path: '/o/:orgId/users/:accountId', element: <OrgUserRoute /> },
          { path: '/s/:siteId/users', element: <SiteUsersRoute /> },
          { path: '/s/:siteId/users/:accountId', element: <SiteUserRoute /> },
          // Supporting pages, loaded when first opened (they stay out of the initial bundle).
          { path: '/o/:orgId/domains', lazy: async () => ({ Component: (await import('./routes/domains-route')).DomainsRoute }) },
          { path: '/o/:orgId/api-keys', lazy: async () => ({ Component: (await import('./routes/api-keys-route')).ApiKeysRoute }) },
          { path: '/o/:orgId/admins', lazy: async () => ({ Component: (await import('./routes/admins-route')).AdminsRoute }) },
          { path: '/o/:orgId/audit-log', lazy: async () => ({ Component: (await import('./routes/audit-log-route')).AuditLogRoute }) },
        ],
      },
      { path: '*', element: <NotFoundRoute /> },
    ],
  },
];
