// The root of every route: the session (urql client, sign-in/out, redirect to sign-in).
import { Outlet } from 'react-router';
import { SessionProvider } from '../components/session/session-provider';

export function RootRoute() {
  return (
    <SessionProvider>
      <Outlet />
    </SessionProvider>
  );
}
